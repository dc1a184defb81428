/// What a team's people said about themselves, or a leader about them: who wants no nudges
/// (`!stil`), who reads which language (`!taal`), who is away until when (`!afwezig`). Made from
/// the team's `absence` and `preference` entries, the latest of each counting.
public struct PeopleSettings: Sendable, Hashable {
    /// One person's settings.
    public struct Person: Sendable, Hashable {
        /// No private nudges to answer.
        public var quiet = false
        /// The language the bot uses for what it says to them alone; nil: the team's.
        public var language: Language?
        /// The last day away; nil when not away.
        public var absentUntil: CalendarDay?

        /// Whether they are away on `day`.
        public func isAbsent(on day: CalendarDay) -> Bool { absentUntil.map { day <= $0 } ?? false }
    }

    /// By identity (account, else nick), in lower case.
    private var people: [String: Person] = [:]

    /// No settings.
    public init() {}

    /// The settings the entries leave, applied in order of time (withdrawn ones left out).
    public init(entries: [JournalEntry]) {
        for entry in JournalEntry.active(entries).sorted(by: { ($0.at, $0.id) < ($1.at, $1.id) }) { apply(entry) }
    }

    /// The settings of `identity` (defaults when they said nothing).
    public func person(_ identity: String) -> Person { people[identity.lowercased()] ?? Person() }

    /// Whose setting an entry changes: the one named (`owner`, an absence a leader recorded), else its author.
    public static func subject(of entry: JournalEntry) -> String? {
        (entry.owner ?? entry.author?.identity)?.lowercased()
    }

    /// Takes in an absence or preference entry; others change nothing.
    public mutating func apply(_ entry: JournalEntry) {
        guard EntryType.personal.contains(entry.type), let who = Self.subject(of: entry) else { return }
        var person = people[who] ?? Person()
        switch (entry.type, entry.setting) {
        case (.absence, _): person.absentUntil = entry.due
        case (.preference, "quiet"?): person.quiet = entry.text == "on"
        case (.preference, "language"?): person.language = entry.text.flatMap(Language.init(rawValue:))
        default: return
        }
        people[who] = person == Person() ? nil : person
    }
}
