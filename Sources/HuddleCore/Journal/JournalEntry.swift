import Foundation

/// What kind of event a journal line records.
public enum EntryType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The prompt of a huddle was posted.
    case huddleOpened = "huddle_opened"
    /// The answer window of a huddle closed and its summary was posted.
    case huddleClosed = "huddle_closed"
    /// The bot was down at a huddle's start and past its grace period, so it did not happen.
    case huddleMissed = "huddle_missed"
    /// A leader skipped a huddle before it started (`text` holds the reason).
    case huddleSkipped = "huddle_skipped"
    /// An answer to one of the huddle questions.
    case answer
    /// A compliment to one or more colleagues.
    case kudos
    /// What makes customers happy ("blij van").
    case gain
    /// What frustrates or worries customers ("wakker van").
    case pain
    /// A customer observation whose kind (gain or pain) is unclear.
    case observation
    /// A plain line said in the channel while a huddle was open.
    case note
    /// An action someone takes on; `number` is its team-wide number.
    case action
    /// An action was done; `ref` is the id of the action entry.
    case actionDone = "action_done"
    /// The author withdrew an earlier entry; `ref` is its id.
    case withdrawn
    /// An incident that resets a counter of days without one (`counter` names it).
    case incident
    /// Someone is away until `due` (the last day away; nil: back), said by themselves or by a
    /// leader for `owner`.
    case absence
    /// A person's own setting: `setting` names it (`quiet`, `language`), `text` is its value.
    case preference
    /// An urgent worry that goes to the team's leaders at once (`!zorg!`, or a line with one of
    /// the team's `urgent_tags`); `number` is its team-wide number.
    case escalation
    /// A leader saw an escalation (`!gezien`); `ref` is its id, `number` its number.
    case seen
    /// A question from another team (`!vraag`), in the journal of the team asked: `peer` is the
    /// asking team, `number` the asked team's number for it, the author who asked.
    case question
    /// A question was answered (`!antwoord #n`): `ref` is its id, `text` the answer, `peer` the asking team.
    case questionAnswered = "question_answered"
    /// A question was closed without an answer (`!sluitvraag`): `ref` is its id, `text` the reason.
    case questionClosed = "question_closed"
    /// Someone seconded a compliment or gain for the story of the week (`!plus`), in the journal of
    /// the team that holds it: `ref` is its id, `peer` the seconder's team.
    case seconded
    /// A leader picked the story of the week (`!verhaal`), in the journal of the team that holds
    /// it: `ref` is its id, `peer` the circle (group or team) it is the story of.
    case story

    /// Whether entries of this type are customer observations.
    public var isObservation: Bool { self == .gain || self == .pain || self == .observation }
}

/// Who wrote an entry: the nick they used, and their account when the server tells it.
public struct Author: Sendable, Hashable, Codable {
    public var nick: String
    public var account: String?

    /// Creates an author.
    public init(nick: String, account: String? = nil) {
        self.nick = nick
        self.account = account
    }

    /// The identity used to count and compare people: the account, else the nick.
    public var identity: String { account ?? nick }
}

/// Which huddle an entry belongs to.
public struct HuddleRef: Sendable, Hashable, Codable {
    public var shift: String
    public var day: CalendarDay

    /// Creates a reference.
    public init(shift: String, day: CalendarDay) {
        self.shift = shift
        self.day = day
    }
}

/// One line of the journal: an event with its time (UTC), team, author and payload.
public struct JournalEntry: Sendable, Hashable, Codable {
    /// Format version of the line.
    public var v: Int
    public var id: String
    public var at: Date
    public var team: String
    public var type: EntryType
    public var author: Author?
    public var huddle: HuddleRef?
    /// For answers: the question number, from 1.
    public var question: Int?
    /// For compliments: who receives them.
    public var to: [String]?
    public var text: String?
    /// For huddle events: the team's time zone, so local times can be shown.
    public var zone: String?
    /// For huddle_opened: when it was scheduled to open, if it was posted later.
    public var scheduled: Date?
    /// For compliments: the values named with `#`.
    public var values: [String]?
    /// For observations: the tags named with `#`.
    public var tags: [String]?
    /// For actions: who takes it on.
    public var owner: String?
    /// For actions: the number people use to refer to it.
    public var number: Int?
    /// For withdrawals and finished actions: the id of the entry meant.
    public var ref: String?
    /// For incidents: the counter they reset.
    public var counter: String?
    /// For huddle_opened: the day's facts the prompt showed (counts by name), for the digest.
    public var facts: [String: Int]?
    /// For actions: the local day (in the team's zone) by which it should be done; for absences,
    /// the last day away.
    public var due: CalendarDay?
    /// For preferences: which setting (`quiet`, `language`).
    public var setting: String?
    /// For questions between teams: the id of the team that asked.
    public var peer: String?
    /// How it reached the bot when not typed in chat: `form` (the personal huddle form).
    public var via: String?

    /// Creates an entry of the current format version.
    public init(id: String, at: Date, team: String, type: EntryType, author: Author? = nil, huddle: HuddleRef? = nil,
                question: Int? = nil, to: [String]? = nil, text: String? = nil, zone: String? = nil, scheduled: Date? = nil,
                values: [String]? = nil, tags: [String]? = nil, owner: String? = nil, number: Int? = nil, ref: String? = nil) {
        self.v = 1
        self.id = id
        self.at = at
        self.team = team
        self.type = type
        self.author = author
        self.huddle = huddle
        self.question = question
        self.to = to
        self.text = text
        self.zone = zone
        self.scheduled = scheduled
        self.values = values
        self.tags = tags
        self.owner = owner
        self.number = number
        self.ref = ref
    }

    /// The ISO week whose journal file holds this entry: the week of its huddle's business day,
    /// else the week of its time in the team's zone.
    public func week(in timeZone: TimeZone) -> ISOWeek {
        if let huddle { return ISOWeek(containing: huddle.day) }
        return ISOWeek(containing: at, in: timeZone)
    }
}

/// The JSON conventions of every Huddle file: sorted keys, ISO 8601 UTC times with seconds.
public enum HuddleJSON {
    /// An encoder for one-line records (journal, ledger).
    public static func lineEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }

    /// An encoder for documents a person reads (digests).
    public static func documentEncoder() -> JSONEncoder {
        let encoder = lineEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return encoder
    }

    /// A decoder that reads what the encoders write.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 time")
            }
            return date
        }
        return decoder
    }

    /// Parses an ISO 8601 time, with or without fractional seconds.
    public static func parseTimestamp(_ text: String) -> Date? {
        // Whole seconds first: that is what Huddle writes, and a failed parse is the slow path.
        (try? Date.ISO8601FormatStyle().parse(text))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
    }
}
