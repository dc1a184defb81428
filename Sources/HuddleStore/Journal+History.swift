import Foundation
import HuddleCore

extension Journal {
    /// The entries of these weeks of a team, in week order; each line that cannot be read goes to `skipped`.
    public func entries(team: String, weeks: Set<ISOWeek>, skipped: (LineProblem) -> Void) async throws -> [JournalEntry] {
        var all: [JournalEntry] = []
        for week in weeks.sorted() {
            let read = try await entries(team: team, week: week)
            read.problems.forEach(skipped)
            all += read.entries
        }
        return all
    }

    /// The history a command needs: nothing, the last two weeks, or the last two weeks with the
    /// long-lived entries (actions, incidents) of every week before.
    public func history(of team: TeamConfig, need: HistoryNeed, at date: Date, skipped: (LineProblem) -> Void) async throws -> TeamHistory {
        guard need != .none else { return .empty }
        let week = ISOWeek(containing: date, in: team.timeZone)
        var found = try await entries(team: team.id, weeks: [week, week.previous], skipped: skipped)
        if need == .all {
            for older in try await weeks(team: team.id) where older < week.previous {
                found += try await entries(team: team.id, week: older, types: EntryType.longLived).entries
            }
        }
        return TeamHistory(entries: found)
    }

    /// The local day of the team's first journal entry: where its counters start when they name no `since`.
    public func firstDay(of team: TeamConfig) async throws -> CalendarDay? {
        guard let oldest = try await weeks(team: team.id).min() else { return nil }
        return try await entries(team: team.id, week: oldest).entries.map(\.at).min().map { CalendarDay($0, in: team.timeZone) }
    }
}
