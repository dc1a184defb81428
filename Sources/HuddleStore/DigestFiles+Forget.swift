import Foundation
import HuddleCore

extension DigestFiles {
    /// Writes again, after `JournalMaintenance.forget`, the digests of the team weeks it names
    /// and, for those weeks, the digests already written of the groups those teams are in (a
    /// group digest quotes its teams' digests: found by Scripts/simulate, where a forgotten
    /// person's name stayed in a group's page). Made as of `now`.
    public func rebuild(after weeks: [(team: String, week: ISOWeek)], config: HuddleConfig, journal: any Journal, now: Date) async throws {
        var groupWeeks: [String: Set<ISOWeek>] = [:]
        for (id, week) in weeks {
            guard let team = config.team(id: id) else { continue }
            try write(try await journal.digest(for: team, week: week, now: now).digest, language: team.language)
            for group in config.groups where group.teams.contains(id) { groupWeeks[group.id, default: []].insert(week) }
        }
        for group in config.groups {
            for week in (groupWeeks[group.id] ?? []).sorted() where FileManager.default.fileExists(atPath: groupPagePath(group: group.id, week: week)) {
                try write(try await groupDigest(for: group, config: config, week: week, journal: journal, now: now).digest, language: group.language)
            }
        }
    }
}
