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
