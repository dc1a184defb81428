import Foundation
import HuddleCore
import HuddleStore

/// The open questions between teams, per team asked: read from that team's journal when first
/// needed and kept current as questions are asked, answered and closed. It numbers new
/// questions, so that lines of different routes asking one team never share a number, and says
/// which have waited long enough to be reminded (once each while the bot runs).
actor QuestionDesk {
    private struct Team {
        var open: [QuestionItem]
        var lastNumber: Int
    }
    private var teams: [String: Team] = [:]
    private var loading: [String: Task<Team, any Error>] = [:]
    private var reminded: Set<String> = []
    private var allRead = false
    /// How long after its time a missed reminder is still said (a bot down longer stays quiet about it).
    static let reminderGrace: TimeInterval = 3600

    /// The open questions asked of `team`, reading its history with `read` the first time.
    func open(of team: String, read: @escaping @Sendable () async throws -> TeamHistory) async throws -> [QuestionItem] {
        try await loaded(team, read: read).open
    }

    private func loaded(_ team: String, read: @escaping @Sendable () async throws -> TeamHistory) async throws -> Team {
        if let known = teams[team] { return known }
        let task = loading[team] ?? Task {
            let history = try await read()
            return Team(open: history.questions.filter(\.isOpen), lastNumber: history.lastQuestionNumber)
        }
        loading[team] = task
        defer { loading[team] = nil }
        let read = try await task.value
        if let known = teams[team] { return known }
        teams[team] = read
        return read
    }

    /// Numbers a question to `team` and submits it with `submit` (which must not wait): the next
    /// question to the team, from any route, sees its number taken.
    func ask(_ team: String, read: @escaping @Sendable () async throws -> TeamHistory, entry: (Int) -> JournalEntry,
             submit: (JournalEntry) -> JournalWrite) async throws -> (JournalEntry, JournalWrite) {
        let number = try await loaded(team, read: read).lastNumber + 1
        teams[team]?.lastNumber = number
        let question = entry(number)
        return (question, submit(question))
    }

    /// Takes in an entry that is on disk: a question opens, an answer or closing ends one.
    func stored(_ entry: JournalEntry) {
        // A team not read yet will read the entry from the journal.
        guard teams[entry.team] != nil else { return }
        switch entry.type {
        case .question:
            guard let item = QuestionItem(entry), !teams[entry.team]!.open.contains(where: { $0.id == item.id }) else { return }
            teams[entry.team]!.open.append(item)
            teams[entry.team]!.lastNumber = max(teams[entry.team]!.lastNumber, item.number)
        case .questionAnswered, .questionClosed:
            teams[entry.team]!.open.removeAll { $0.id == entry.ref }
            if let ref = entry.ref { reminded.remove(ref) }
        default:
            break
        }
    }

    /// True the first time only: the caller reads every team's open questions then.
    func readAll() -> Bool {
        defer { allRead = true }
        return !allRead
    }

    /// The open questions of the teams read so far whose reminder is due at `now` (`after`
    /// seconds after asking, within the grace), each once.
    func remindersDue(at now: Date, after: TimeInterval) -> [QuestionItem] {
        let due = teams.values.flatMap(\.open).filter { item in
            let at = item.askedAt.addingTimeInterval(after)
            return at <= now && now < at.addingTimeInterval(Self.reminderGrace) && !reminded.contains(item.id)
        }
        reminded.formUnion(due.map(\.id))
        return due.sorted { ($0.askedAt, $0.id) < ($1.askedAt, $1.id) }
    }

    /// The earliest reminder still to come after `now`, if any.
    func nextReminder(after now: Date, delay: TimeInterval) -> Date? {
        teams.values.flatMap(\.open).map { $0.askedAt.addingTimeInterval(delay) }.filter { $0 > now }.min()
    }
}
