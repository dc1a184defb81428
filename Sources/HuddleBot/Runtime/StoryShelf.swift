import Foundation
import HuddleCore
import HuddleStore
import Synchronization

/// The candidates for the story of the week per circle and week, read from the circle's teams'
/// journals once and kept until an entry of that week changes them: every huddle of a group's
/// teams opens with last week's story, and a Monday opens them all at once.
final class StoryShelf: Sendable {
    private struct Shelved {
        var teams: Set<String>
        var week: ISOWeek
        var read: Task<[StoryCandidate], any Error>
    }
    private let shelved = Mutex<[String: Shelved]>([:])

    /// The types a week's candidates are read from.
    static let types = EntryType.stories.union([.withdrawn])

    /// The candidates of `circle`'s `week`, read from `journal` the first time (one read for
    /// callers that ask together).
    func candidates(_ circle: StoryCircle, week: ISOWeek, journal: any Journal,
                    skipped: @escaping @Sendable (LineProblem) -> Void) async throws -> [StoryCandidate] {
        let key = "\(circle.id) \(week)"
        let read = shelved.withLock { shelved -> Task<[StoryCandidate], any Error> in
            if let known = shelved[key], known.teams == Set(circle.teams) { return known.read }
            // Weeks long past are not asked for again: only this week's and last week's stay.
            shelved = shelved.filter { $0.value.week >= week.previous }
            let read = Task { try await Self.read(circle, week: week, journal: journal, skipped: skipped) }
            shelved[key] = Shelved(teams: Set(circle.teams), week: week, read: read)
            return read
        }
        do {
            return try await read.value
        } catch {
            shelved.withLock { shelved in if shelved[key]?.read == read { shelved[key] = nil } }
            throw error
        }
    }

    /// Reads the candidates of a circle's week from each of its teams' journal files.
    static func read(_ circle: StoryCircle, week: ISOWeek, journal: any Journal,
                     skipped: (LineProblem) -> Void) async throws -> [StoryCandidate] {
        var entries: [JournalEntry] = []
        for team in circle.teams {
            let read = try await journal.entries(team: team, week: week, types: types)
            read.problems.forEach(skipped)
            entries += read.entries
        }
        return StoryOfTheWeek.candidates(entries)
    }

    /// Takes in an entry that is on disk (of `week` in its team's zone): a candidate, a second, a
    /// pick or a withdrawal changes the candidates of that week of every circle with its team.
    func stored(_ entry: JournalEntry, week: ISOWeek) {
        guard Self.types.contains(entry.type) else { return }
        shelved.withLock { shelved in shelved = shelved.filter { !($0.value.week == week && $0.value.teams.contains(entry.team)) } }
    }
}

extension HuddleBot {
    /// This week's candidates for the story of `team`'s circle.
    func storyBoard(of team: TeamConfig, at date: Date) async -> StoryBoard {
        let config = config
        let circle = config.storyCircle(of: team)
        var board = StoryBoard(circle: circle, teamNames: Dictionary(uniqueKeysWithValues: circle.teams.compactMap(config.team(id:)).map { ($0.id, $0.name) }))
        do {
            board.candidates = try await stories.candidates(circle, week: ISOWeek(containing: date, in: team.timeZone), journal: journal) { [logger] problem in
                logger.warning("journal line skipped", metadata: ["journal.problem": "\(problem)"])
            }
        } catch {
            logger.error("could not read the story candidates from the journal", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
        }
        return board
    }
}
