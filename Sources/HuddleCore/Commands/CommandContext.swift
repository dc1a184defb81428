import Foundation
import IRCProtocol

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
