import Foundation
import IRCProtocol

/// One chat command: its names, help in both languages, examples, and what it does.
public struct ChatCommand: Sendable {
    /// The Dutch name, used in help.
    public let name: String
    /// Other names, English first.
    public let aliases: [String]
    /// `kudos <nick> <tekst>`, without the prefix.
    public let usage: LocalizedText
    /// One sentence on what the command is for.
    public let summary: LocalizedText
    /// Example lines written with the `!` prefix; each one is run as a test.
    public let examples: [String]
    /// How much of the team's past the command needs.
    public let needs: HistoryNeed
    /// Whether the command stores something as the sender (so it needs to know who they are).
    public let recordsAsSender: Bool
    /// Whether the command acts on the team's next huddle (the runtime looks it up only then).
    public let needsNextHuddle: Bool
    /// Whether the command shows what the day's huddle opens with (the runtime composes it only then).
    public let needsOpening: Bool
    /// Whether a line of this command with one of the team's `urgent_tags` is an escalation
    /// (which needs all history, for its number).
    public let mayEscalate: Bool
    /// Whether a line of the command (its arguments, and whether a huddle is open) works with
    /// questions between teams: the runtime gives it the open ones then.
    public let needsQuestions: @Sendable (_ arguments: String, _ huddleOpen: Bool) -> Bool
    /// Whether the command works with this week's candidates for the story of the week.
    public let needsStories: Bool
    /// Decides what the command does; pure.
    public let run: @Sendable (CommandContext) -> CommandOutcome
    /// What the command decides in a private message before a team is chosen (a leader code
    /// names its own team, a group digest its group; help needs none); nil: it needs its team.
    public let withoutTeam: (@Sendable (TeamlessContext) -> CommandOutcome?)?

    /// Creates a command.
    public init(name: String, aliases: [String], usage: LocalizedText, summary: LocalizedText, examples: [String],
                needs: HistoryNeed = .none, recordsAsSender: Bool = true, needsNextHuddle: Bool = false, needsOpening: Bool = false,
                mayEscalate: Bool = false,
                needsQuestions: @escaping @Sendable (_ arguments: String, _ huddleOpen: Bool) -> Bool = { _, _ in false },
                needsStories: Bool = false, withoutTeam: (@Sendable (TeamlessContext) -> CommandOutcome?)? = nil,
                run: @escaping @Sendable (CommandContext) -> CommandOutcome) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.examples = examples
        self.needs = needs
        self.recordsAsSender = recordsAsSender
        self.needsNextHuddle = needsNextHuddle
        self.needsOpening = needsOpening
        self.mayEscalate = mayEscalate
        self.needsQuestions = needsQuestions
        self.needsStories = needsStories
        self.withoutTeam = withoutTeam
        self.run = run
    }

    /// How much of the team's past a line of this command needs: all of it when it escalates by tag.
    public func needs(arguments: String, team: TeamConfig) -> HistoryNeed {
        mayEscalate && !team.urgentTags.isEmpty && team.isUrgent(tags: hashtags(in: arguments)) ? .all : needs
    }

    /// Every name the command answers to.
    public var names: [String] { [name] + aliases }

    /// The usage with a prefix, in a language.
    public func usage(_ language: Language, prefix: String) -> String { prefix + usage.text(language) }
}

/// Where and when a line was said, and what the bot knows around it.
public struct ChatSituation: Sendable {
    public var team: TeamConfig
    public var sender: Author
    public var at: Date
    /// Said in a private message to the bot.
    public var isPrivate: Bool
    /// The huddle whose answer window is open in this team now, if any.
    public var openHuddle: HuddleOccurrence?
    /// The next huddle of this team that has not started, if any.
    public var nextHuddle: HuddleOccurrence?
    /// The team's past, as far as the command asked for it.
    public var history: TeamHistory
    /// Accounts seen for nicks (folded to lower case), to know who is who.
    public var accounts: [String: String]
    /// Whether the server has accounts at all (IRCv3 account-tag).
    public var accountsAvailable: Bool
    /// The bot's own nick, so people can address it.
    public var botNick: String?
    /// The sender as the IRC server shows them (`nick!user@host`); nil on webhook platforms.
    public var senderMask: String?
    /// How the server folds names (ISUPPORT CASEMAPPING).
    public var casemapping: Casemapping = .rfc1459
    /// Host masks handed to this team's leaders with one-time codes.
    public var leaderGrants: [LeaderGrant] = []
    /// Where a person is now, as the platform shows it (IRC: the channels' members).
    public var whereabouts: @Sendable (String) -> Whereabouts = { _ in .unseen }
    /// What the team's huddle opens with today, when the command asked for it.
    public var opening: OpeningParts?
    /// The local day of the team's first journal entry (where counters start), when the command needs all history.
    public var firstDay: CalendarDay?
    /// What the team's people said about themselves: quiet, language, absence.
    public var people = PeopleSettings()
    /// The open questions to and from the team and the teams it may ask, when the command asked for them.
    public var questions = QuestionBoard()
    /// This week's candidates for the story of the week, when the command asked for them.
    public var stories: StoryBoard?

    /// The language the sender reads: their own, else the team's.
    public var language: Language { people.person(sender.identity).language ?? team.language }

    /// Creates a situation.
    public init(team: TeamConfig, sender: Author, at: Date, isPrivate: Bool = false, openHuddle: HuddleOccurrence? = nil,
                nextHuddle: HuddleOccurrence? = nil, history: TeamHistory = .empty, accounts: [String: String] = [:],
                accountsAvailable: Bool = false, botNick: String? = nil) {
        self.team = team
        self.sender = sender
        self.at = at
        self.isPrivate = isPrivate
        self.openHuddle = openHuddle
        self.nextHuddle = nextHuddle
        self.history = history
        self.accounts = accounts
        self.accountsAvailable = accountsAvailable
        self.botNick = botNick
    }
}

/// Where a person is now, as far as the chat platform shows the bot.
public enum Whereabouts: Sendable, Hashable {
    /// In the team's channel (on a webhook platform: seen in the team).
    case inChannel
    /// Elsewhere on the platform, where the bot can reach them (IRC: in another of its channels).
    case online
    /// Not there now, but in the team's channel in the last weeks (IRC, since the bot started).
    case away
    /// Not seen now, nor lately.
    case unseen
}

extension ChatSituation {
    /// Whether `name` is someone the team knows: in its channel or on the platform now, in its
    /// channel lately, or the author of an entry in the team's recent history (the last weeks).
    public func knows(_ name: String) -> Bool {
        if whereabouts(name) != .unseen { return true }
        return history.entries.contains { entry in
            guard entry.isContribution, let author = entry.author else { return false }
            return casemapping.equal(author.nick, name)
        }
    }
}

/// What a command sees when it runs.
public struct CommandContext: Sendable {
    public var situation: ChatSituation
    /// The text after the command name, trimmed.
    public var arguments: String
    public var settings: ChatSettings
    public var registry: CommandRegistry

    /// Creates a context.
    public init(situation: ChatSituation, arguments: String, settings: ChatSettings = ChatSettings(), registry: CommandRegistry = .standard) {
        self.situation = situation
        self.arguments = arguments
        self.settings = settings
        self.registry = registry
    }

    public var team: TeamConfig { situation.team }
    public var sender: Author { situation.sender }
    public var at: Date { situation.at }
    public var openHuddle: HuddleOccurrence? { situation.openHuddle }
    public var nextHuddle: HuddleOccurrence? { situation.nextHuddle }
    public var history: TeamHistory { situation.history }
    public var prefix: String { settings.prefix }

    /// The language the sender reads: their own (`!taal`), else the team's.
    public var language: Language { situation.language }

    /// Whether the sender leads this team.
    /// Never by nick alone, whatever `allow_nick_identity` says (that governs staff entries only).
    public var senderIsLeader: Bool {
        team.isLeader(sender, mask: situation.senderMask, casemapping: situation.casemapping, grants: situation.leaderGrants)
    }

    /// A reply with the usage of `command`.
    public func usageReply(_ command: ChatCommand) -> CommandOutcome {
        .reply([Phrase.usage(command.usage(language, prefix: prefix)).text(language)])
    }

    /// A reply in the sender's language.
    public func reply(_ phrase: Phrase) -> CommandOutcome { .reply([phrase.text(language)]) }
}

/// What a command sees in a private message before a team is chosen.
public struct TeamlessContext: Sendable {
    /// The text after the command name, trimmed.
    public var arguments: String
    public var sender: Author
    public var at: Date
    /// The sender as the IRC server shows them (`nick!user@host`); nil on webhook platforms.
    public var senderMask: String?
    public var casemapping: Casemapping
    /// The bot's language (no team's yet).
    public var language: Language
    /// The configuration's groups.
    public var groups: [GroupConfig]
    /// Whether the bot would otherwise ask which team the line is for (several teams to choose from).
    public var teamUnknown: Bool
    public var settings: ChatSettings
    public var registry: CommandRegistry

    /// Creates a context.
    public init(arguments: String = "", sender: Author, at: Date, senderMask: String? = nil, casemapping: Casemapping = .rfc1459,
                language: Language, groups: [GroupConfig] = [], teamUnknown: Bool, settings: ChatSettings = ChatSettings(),
                registry: CommandRegistry = .standard) {
        self.arguments = arguments
        self.sender = sender
        self.at = at
        self.senderMask = senderMask
        self.casemapping = casemapping
        self.language = language
        self.groups = groups
        self.teamUnknown = teamUnknown
        self.settings = settings
        self.registry = registry
    }

    public var prefix: String { settings.prefix }

    /// A reply with the usage of `command`, in the bot's language.
    public func usageReply(_ command: ChatCommand) -> CommandOutcome {
        .reply([Phrase.usage(command.usage(language, prefix: prefix)).text(language)])
    }
}

/// How much of the team's past a command needs to decide: nothing, the last two weeks, or those with the
/// actions of every week before.
public enum HistoryNeed: Int, Sendable, Comparable {
    case none, recent, all
    public static func < (lhs: HistoryNeed, rhs: HistoryNeed) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ChatSettings {
    /// Whether a nick may stand for a person here.
    public func allowsNick(accountsAvailable: Bool) -> Bool {
        switch nickIdentity {
        case .true: return true
        case .false: return false
        case .auto: return !accountsAvailable
        }
    }
}

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

/// The commands the bot knows, in the order help lists them.
public struct CommandRegistry: Sendable {
    public let commands: [ChatCommand]
    /// Where each name and alias is in `commands`.
    private let positions: [String: Int]

    /// Every command of Huddle.
    public static let standard = CommandRegistry(commands: [
        AnswerCommand.command,
        KudosCommand.command,
        GainCommand.command,
        PainCommand.command,
        EscalateCommand.command,
        ObservationCommand.command,
        AnonymousCommand.command,
        ActionCommand.command,
        DoneCommand.command,
        ActionsCommand.command,
        AskCommand.command,
        QuestionsCommand.command,
        CloseQuestionCommand.command,
        FormCommand.command,
        StoriesCommand.command,
        PlusCommand.command,
        StoryCommand.command,
        SeenCommand.command,
        AbsentCommand.command,
        QuietCommand.command,
        LanguageCommand.command,
        TodayCommand.command,
        HandoverCommand.command,
        IncidentCommand.command,
        UndoCommand.command,
        SkipCommand.command,
        DigestCommand.command,
        LeaderCommand.command,
        HelpCommand.command,
    ])

    /// Creates a registry; names must be unique.
    public init(commands: [ChatCommand]) {
        self.commands = commands
        var positions: [String: Int] = [:]
        for (position, command) in commands.enumerated() {
            for name in command.names where positions[name] == nil { positions[name] = position }
        }
        self.positions = positions
    }

    /// The command with this name or alias (case-insensitive).
    public func command(named name: String) -> ChatCommand? {
        (positions[name] ?? positions[name.lowercased()]).map { commands[$0] }
    }
}

/// Words starting with `#` in a text, lower-cased and without the `#`: tags and values.
public func hashtags(in text: String) -> [String] {
    var seen: [String] = []
    // Most texts have no tag at all: one pass over the bytes says so.
    guard text.utf8.contains(UInt8(ascii: "#")) else { return seen }
    for word in text.split(whereSeparator: { $0 == " " || $0 == "," }) where word.hasPrefix("#") && word.count > 1 {
        let tag = word.dropFirst().lowercased().trimmingCharacters(in: .punctuationCharacters)
        if !tag.isEmpty && !seen.contains(tag) { seen.append(tag) }
    }
    return seen
}

extension String {
    /// A leading `@nick` and the rest (`@bob Koffie` → `bob`, `Koffie`), or nil and the whole text.
    func splitLeadingMention() -> (nick: String?, rest: String) {
        let (first, rest) = splitFirstWord()
        guard first.hasPrefix("@"), KudosCommand.isNick(first.dropFirst()) else { return (nil, trimmingSpaces) }
        return (String(first.dropFirst()), rest)
    }

    /// The first word and the rest, trimmed.
    func splitFirstWord() -> (String, String) {
        let trimmed = trimmingSpaces
        // Spaces and tabs are single bytes in UTF-8, so the first one's byte index is where the word ends.
        guard let space = trimmed.utf8.firstIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { return (trimmed, "") }
        return (String(trimmed[..<space]), trimmed[space...].trimmingSpaces)
    }
}
