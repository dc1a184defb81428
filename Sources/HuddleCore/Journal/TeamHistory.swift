import Foundation

extension JournalEntry {
    /// The entries still in force: withdrawn entries and the withdrawals themselves left out.
    public static func active(_ entries: [JournalEntry]) -> [JournalEntry] {
        let withdrawn = Set(entries.filter { $0.type == .withdrawn }.compactMap(\.ref))
        return entries.filter { $0.type != .withdrawn && !withdrawn.contains($0.id) }
    }

    /// Whether a person made this entry (as opposed to the bot's own huddle events).
    public var isContribution: Bool {
        switch type {
        case .answer, .kudos, .gain, .pain, .observation, .note, .action, .actionDone, .huddleSkipped, .incident, .escalation, .seen: return true
        case .huddleOpened, .huddleClosed, .huddleMissed, .withdrawn, .absence, .preference: return false
        // Questions between teams are the teams' exchange, not part of anyone's huddle (nor undone by `!oeps`).
        case .question, .questionAnswered, .questionClosed: return false
        // Seconds and picks belong to the story of the week, whoever's journal holds them.
        case .seconded, .story: return false
        }
    }
}

extension EntryType {
    /// The types that live beyond the recent weeks: actions (their opening, their being done),
    /// incidents (counters run for months), people's absences and settings, escalations and
    /// their being seen, questions between teams and their ends, and withdrawals
    /// (which may take any of them back).
    /// All that weeks before the recent ones are read for.
    public static let longLived: Set<EntryType> = [.action, .actionDone, .incident, .withdrawn, .absence, .preference, .escalation, .seen,
                                                   .question, .questionAnswered, .questionClosed]

    /// What makes the story of the week: its candidates, their seconds and picks.
    public static let stories: Set<EntryType> = [.kudos, .gain, .seconded, .story]

    /// Questions between teams and their ends.
    public static let betweenTeams: Set<EntryType> = [.question, .questionAnswered, .questionClosed]

    /// What people say about themselves (or a leader about them): absences and settings.
    public static let personal: Set<EntryType> = [.absence, .preference]
}

/// An action and whether it is done.
public struct ActionItem: Sendable, Hashable {
    public var number: Int
    /// The id of the journal entry that opened it.
    public var id: String
    public var text: String
    public var owner: String?
    public var openedBy: String?
    /// The nick of who opened it, to remind them of an action without an owner.
    public var openerNick: String? = nil
    public var openedAt: Date
    public var doneAt: Date?
    /// The local day by which it should be done, if one was said.
    public var due: CalendarDay? = nil

    /// Days past its due date on `today` (0 on the day itself); nil without a due date or before it.
    public func overdueDays(on today: CalendarDay) -> Int? {
        guard let due, due <= today else { return nil }
        return today.ordinal - due.ordinal
    }
}

/// What a command may need to know of the team's past: recent entries and every action.
public struct TeamHistory: Sendable {
    /// Entries in order of time (withdrawals included, so they can be applied).
    public var entries: [JournalEntry]

    /// A history of these entries.
    public init(entries: [JournalEntry]) {
        self.entries = entries.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }

    /// No history.
    public static let empty = TeamHistory(entries: [])

    /// The person's last contribution still in force, if any.
    public func lastContribution(of identity: String) -> JournalEntry? {
        JournalEntry.active(entries).last { $0.isContribution && $0.author?.identity == identity }
    }

    /// How many compliments the person gave on a local day.
    public func kudosGiven(by identity: String, on day: CalendarDay, in timeZone: TimeZone) -> Int {
        JournalEntry.active(entries).filter {
            $0.type == .kudos && $0.author?.identity == identity && CalendarDay($0.at, in: timeZone) == day
        }.count
    }

    /// The entries of these types still in force (the withdrawals read first, so the types are
    /// picked out before any entry is copied).
    func active(_ types: Set<EntryType>) -> [JournalEntry] {
        JournalEntry.active(entries.filter { types.contains($0.type) || $0.type == .withdrawn })
    }

    /// Every action, in order of number, with its state.
    public var actions: [ActionItem] {
        let active = active([.action, .actionDone])
        var items: [String: ActionItem] = [:]
        for entry in active where entry.type == .action {
            items[entry.id] = ActionItem(number: entry.number ?? 0, id: entry.id, text: entry.text ?? "", owner: entry.owner,
                                         openedBy: entry.author?.identity, openerNick: entry.author?.nick,
                                         openedAt: entry.at, doneAt: nil, due: entry.due)
        }
        for entry in active where entry.type == .actionDone {
            if let ref = entry.ref, items[ref] != nil, items[ref]?.doneAt == nil { items[ref]?.doneAt = entry.at }
        }
        return items.values.sorted { $0.number < $1.number }
    }

    /// Open actions due on `today` or before, the longest overdue first (then by number).
    public func actionsDue(on today: CalendarDay) -> [ActionItem] {
        actions.filter { $0.doneAt == nil && $0.overdueDays(on: today) != nil }.sorted { ($0.due!, $0.number) < ($1.due!, $1.number) }
    }

    /// The number the next action gets (withdrawn numbers are not reused).
    public var nextActionNumber: Int {
        (entries.filter { $0.type == .action }.compactMap(\.number).max() ?? 0) + 1
    }
}

extension TeamHistory {
    /// When the incidents of a counter happened, oldest first (withdrawn ones left out).
    public func incidents(of counter: String) -> [Date] {
        JournalEntry.active(entries).filter { $0.type == .incident && $0.counter == counter }.map(\.at)
    }

    /// The local day of the team's oldest entry in this history, if any.
    public func firstDay(in timeZone: TimeZone) -> CalendarDay? {
        entries.first.map { CalendarDay($0.at, in: timeZone) }
    }
}

/// An escalation and when a leader saw it.
public struct EscalationItem: Sendable, Hashable {
    public var number: Int
    /// The id of the journal entry that raised it.
    public var id: String
    public var text: String
    /// Who raised it (nil: anonymous).
    public var author: Author?
    public var at: Date
    /// When a leader first said `!gezien`, and who.
    public var seenAt: Date?
    public var seenBy: String?
}

extension TeamHistory {
    /// Every escalation, in order of number, with when it was seen.
    public var escalations: [EscalationItem] {
        let active = active([.escalation, .seen])
        var items: [String: EscalationItem] = [:]
        for entry in active where entry.type == .escalation {
            items[entry.id] = EscalationItem(number: entry.number ?? 0, id: entry.id, text: entry.text ?? "", author: entry.author, at: entry.at)
        }
        for entry in active where entry.type == .seen {
            if let ref = entry.ref, items[ref] != nil, items[ref]?.seenAt == nil {
                items[ref]?.seenAt = entry.at
                items[ref]?.seenBy = entry.author?.nick
            }
        }
        return items.values.sorted { $0.number < $1.number }
    }

    /// The number the next escalation gets.
    public var nextEscalationNumber: Int {
        (entries.filter { $0.type == .escalation }.compactMap(\.number).max() ?? 0) + 1
    }
}
