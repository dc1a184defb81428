import Foundation

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
    /// Decides what the command does; pure.
    public let run: @Sendable (CommandContext) -> CommandOutcome

    /// Creates a command.
    public init(name: String, aliases: [String], usage: LocalizedText, summary: LocalizedText, examples: [String],
                run: @escaping @Sendable (CommandContext) -> CommandOutcome) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.examples = examples
        self.run = run
    }

    /// Every name the command answers to.
    public var names: [String] { [name] + aliases }

    /// The usage with a prefix, in a language.
    public func usage(_ language: Language, prefix: String) -> String { prefix + usage.text(language) }
}

/// What a command sees when it runs.
public struct CommandContext: Sendable {
    public var team: TeamConfig
    public var sender: Author
    /// The text after the command name, trimmed.
    public var arguments: String
    public var at: Date
    /// The huddle whose answer window is open in this team now, if any.
    public var openHuddle: HuddleOccurrence?
    /// The next huddle of this team that has not started, if any.
    public var nextHuddle: HuddleOccurrence?
    /// Whether the sender leads this team.
    public var senderIsLeader: Bool
    public var prefix: String
    public var registry: CommandRegistry

    /// Creates a context.
    public init(team: TeamConfig, sender: Author, arguments: String, at: Date, openHuddle: HuddleOccurrence?,
                nextHuddle: HuddleOccurrence? = nil, senderIsLeader: Bool = false, prefix: String, registry: CommandRegistry) {
        self.team = team
        self.sender = sender
        self.arguments = arguments
        self.at = at
        self.openHuddle = openHuddle
        self.nextHuddle = nextHuddle
        self.senderIsLeader = senderIsLeader
        self.prefix = prefix
        self.registry = registry
    }

    /// The team's language.
    public var language: Language { team.language }

    /// A reply with the usage of `command`.
    public func usageReply(_ command: ChatCommand) -> CommandOutcome {
        .reply([Phrase.usage(command.usage(language, prefix: prefix)).text(language)])
    }
}

/// What a command decided.
public enum CommandOutcome: Sendable, Hashable {
    /// Store this entry; once it is on disk, confirm with the phrase.
    case record(EntryDraft, ack: Phrase)
    /// Answer the sender (privately) with these lines; nothing is stored.
    case reply([String])

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

    /// Creates a draft.
    public init(type: EntryType, huddle: HuddleRef? = nil, question: Int? = nil, to: [String]? = nil, text: String? = nil) {
        self.type = type
        self.huddle = huddle
        self.question = question
        self.to = to
        self.text = text
    }
}

/// The commands the bot knows, in the order help lists them.
public struct CommandRegistry: Sendable {
    public let commands: [ChatCommand]

    /// Every command of Huddle.
    public static let standard = CommandRegistry(commands: [
        AnswerCommand.command,
        KudosCommand.command,
        GainCommand.command,
        PainCommand.command,
        SkipCommand.command,
        HelpCommand.command,
    ])

    /// Creates a registry; names must be unique.
    public init(commands: [ChatCommand]) {
        self.commands = commands
    }

    /// The command with this name or alias (case-insensitive).
    public func command(named name: String) -> ChatCommand? {
        let lowered = name.lowercased()
        return commands.first { $0.names.contains(lowered) }
    }
}

extension String {
    /// The first word and the rest, trimmed.
    func splitFirstWord() -> (String, String) {
        let trimmed = trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (trimmed, "") }
        return (String(trimmed[..<space]), trimmed[space...].trimmingCharacters(in: .whitespaces))
    }
}
