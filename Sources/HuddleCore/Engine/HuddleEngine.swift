import Foundation

/// How a chat line is read: a command, a short answer (`1 …`), or ordinary chatter.
public enum ParsedLine: Sendable {
    case command(ChatCommand, arguments: String)
    case unknownCommand(name: String)
    /// `1 text` typed without a command; only an answer while a huddle is open.
    case shortAnswer(arguments: String)
    case chatter
}

/// Turns chat lines into entries to store or replies to send. Pure: it never stores or sends.
public struct HuddleEngine: Sendable {
    public var registry: CommandRegistry
    /// The command prefix, `!` by default.
    public var prefix: String
    /// Whether a nick counts as identity where the server gives no account (for leaders).
    public var allowNickIdentity: Bool

    /// Creates an engine.
    public init(registry: CommandRegistry = .standard, prefix: String = "!", allowNickIdentity: Bool = false) {
        self.registry = registry
        self.prefix = prefix
        self.allowNickIdentity = allowNickIdentity
    }

    /// What the engine decided about one line.
    public enum Decision: Sendable, Hashable {
        /// Store the entry, then confirm to its author with `ack`.
        case record(EntryDraft, ack: String)
        /// Answer the sender privately; nothing is stored.
        case reply([String])
        /// Not for the bot.
        case ignore
    }

    /// Reads a line. `botNick` lets people address the bot (`huddle: kudos anna …`).
    public func parse(_ text: String, botNick: String? = nil) -> ParsedLine {
        var line = text.trimmingCharacters(in: .whitespaces)
        var addressed = false
        if let botNick, line.lowercased().hasPrefix(botNick.lowercased()) {
            let rest = line.dropFirst(botNick.count)
            if let mark = rest.first, mark == ":" || mark == "," {
                line = rest.dropFirst().trimmingCharacters(in: .whitespaces)
                addressed = true
            }
        }
        if line.hasPrefix(prefix) {
            line = String(line.dropFirst(prefix.count))
        } else if !addressed {
            if let first = line.first, first.isASCII, first.isNumber, isShortAnswer(line) {
                return .shortAnswer(arguments: line)
            }
            return .chatter
        }
        let (name, arguments) = line.splitFirstWord()
        guard !name.isEmpty else { return .chatter }
        if let first = name.first, first.isNumber, addressed {
            return .shortAnswer(arguments: line)
        }
        guard let command = registry.command(named: name) else { return .unknownCommand(name: name) }
        return .command(command, arguments: arguments)
    }

    /// Decides what to do with a line sent by `sender` in `team`'s channel at `at`.
    public func handle(_ text: String, from sender: Author, team: TeamConfig, at: Date,
                       openHuddle: HuddleOccurrence?, nextHuddle: HuddleOccurrence? = nil, botNick: String? = nil) -> Decision {
        let parsed = parse(text, botNick: botNick)
        let command: ChatCommand
        let arguments: String
        switch parsed {
        case .chatter:
            return .ignore
        case .unknownCommand(let name):
            return .reply([Phrase.unknownCommand(prefix: prefix, name: name).text(team.language)])
        case .shortAnswer(let line):
            guard openHuddle != nil else { return .ignore }
            command = AnswerCommand.command
            arguments = line
        case .command(let found, let found_arguments):
            command = found
            arguments = found_arguments
        }
        let context = CommandContext(team: team, sender: sender, arguments: arguments, at: at, openHuddle: openHuddle,
                                     nextHuddle: nextHuddle, senderIsLeader: team.isLeader(sender, allowNickIdentity: allowNickIdentity),
                                     prefix: prefix, registry: registry)
        switch command.run(context) {
        case .reply(let lines): return .reply(lines)
        case .record(let draft, let ack): return .record(draft, ack: ack.text(team.language))
        }
    }

    private func isShortAnswer(_ line: String) -> Bool {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 1 else { return false }
        var rest = line.dropFirst(digits.count)
        if let mark = rest.first, ".):".contains(mark) { rest = rest.dropFirst() }
        guard let space = rest.first, space == " " else { return false }
        return !rest.trimmingCharacters(in: .whitespaces).isEmpty
    }
}

extension JournalEntry {
    /// Completes a draft into a journal line.
    public init(draft: EntryDraft, id: String, at: Date, team: String, author: Author?) {
        self.init(id: id, at: at, team: team, type: draft.type, author: author, huddle: draft.huddle,
                  question: draft.question, to: draft.to, text: draft.text)
    }
}
