import Foundation
import IRCProtocol

/// What a command decided.
public enum CommandOutcome: Sendable, Hashable {
    /// Store this entry; once it is on disk, confirm with the phrase (if any).
    case record(EntryDraft, ack: Phrase?)
    /// Answer the sender (privately) with these lines; nothing is stored.
    case reply([String])
    /// Send the sender the summary of this week's digest (privately).
    case digest(ISOWeek)
    /// The sender offers a one-time leader code (`!leider <code>`); the runtime checks it.
    case claimLeader(String)
    /// Send the sender, a leader of the group, the summary of the group's digest of a week (privately).
    case groupDigest(group: String, week: ISOWeek)
    /// Ask the team `team` a question (a `question` draft): stored in that team's journal with its
    /// next number, confirmed to the sender, then said in that team's channel.
    case ask(team: String, EntryDraft)
    /// Send the sender, privately, a personal link to the form of this open huddle.
    case form(HuddleRef)

    /// Whether the outcome is a usage reply, i.e. the arguments did not parse.
    public func isUsage(_ language: Language) -> Bool {
        guard case .reply(let lines) = self, let first = lines.first else { return false }
        return first.hasPrefix(Phrase.usage("").text(language))
    }
}

/// The payload of an entry before it gets its id, time, team and author.
public struct EntryDraft: Sendable, Hashable {
    public var type: EntryType
    public var huddle: HuddleRef?
    public var question: Int?
    public var to: [String]?
    public var text: String?
    public var values: [String]?
    public var tags: [String]?
    public var owner: String?
    public var number: Int?
    public var ref: String?
    /// For incidents: the counter they reset.
    public var counter: String?
    /// For actions: the day by which it should be done; for absences, the last day away.
    public var due: CalendarDay?
    /// For preferences: which setting.
    public var setting: String?
    /// For questions between teams: the asking team; for seconds, the seconder's; for picks, the circle.
    public var peer: String?
    /// The team whose journal takes the entry, when it is not the line's team (a second or a pick
    /// of another team's compliment).
    public var team: String?
    /// Store without the author (anonymous observations).
    public var anonymous: Bool

    /// Creates a draft.
    public init(type: EntryType, huddle: HuddleRef? = nil, question: Int? = nil, to: [String]? = nil, text: String? = nil,
                values: [String]? = nil, tags: [String]? = nil, owner: String? = nil, number: Int? = nil, ref: String? = nil,
                counter: String? = nil, due: CalendarDay? = nil, setting: String? = nil, peer: String? = nil, team: String? = nil,
                anonymous: Bool = false) {
        self.type = type
        self.huddle = huddle
        self.question = question
        self.to = to
        self.text = text
        self.values = values
        self.tags = tags
        self.owner = owner
        self.number = number
        self.ref = ref
        self.counter = counter
        self.due = due
        self.setting = setting
        self.peer = peer
        self.team = team
        self.anonymous = anonymous
    }
}
