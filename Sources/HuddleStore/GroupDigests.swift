import Foundation
import HuddleCore

extension DigestFiles {
    /// A team's digest as written (`<data>/digests/<team>/<YYYY>-W<ww>.json`), or nil when there
    /// is none or it does not read.
    public func read(team: String, week: ISOWeek) -> WeeklyDigest? {
        guard let data = FileManager.default.contents(atPath: path(team: team, week: week)) else { return nil }
        return try? HuddleJSON.decoder().decode(WeeklyDigest.self, from: data)
    }

    /// A group's digest of `week`, built from its teams' digests (not from their journals): each
    /// team's digest as written where it covers the whole week (made after the week's end, so it
    /// counts no huddle as upcoming), else the team's digest made now from the journal and
    /// written, so the next group digest reads it. Returns the journal lines that could not be read.
    public func groupDigest(for group: GroupConfig, config: HuddleConfig, week: ISOWeek, journal: any Journal,
                            now: Date) async throws -> (digest: GroupDigest, problems: [LineProblem]) {
        var digests: [WeeklyDigest] = []
        var problems: [LineProblem] = []
        for id in group.teams {
            guard let team = config.team(id: id) else { continue }
            if let written = read(team: id, week: week), written.huddles.upcoming == nil {
                digests.append(written)
                continue
            }
            let (digest, found) = try await journal.digest(for: team, week: week, now: now)
            try write(digest, language: team.language)
            digests.append(digest)
            problems += found
        }
        return (GroupDigest.build(group: group, digests: digests), problems)
    }
}
