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
    public var settings: ChatSettings

    /// Creates an engine.
    public init(registry: CommandRegistry = .standard, settings: ChatSettings = ChatSettings()) {
        self.registry = registry
        self.settings = settings
    }

    /// The command prefix, `!` by default.
    public var prefix: String { settings.prefix }

    /// What the engine decided about one line.
    public enum Decision: Sendable, Hashable {
        /// Store the entry, then confirm to its author with `ack` (a free note gets no confirmation).
        case record(EntryDraft, ack: String?)
        /// Answer the sender (privately); nothing is stored.
        case reply([String])
        /// Send the sender the summary of a week's digest (privately).
        case digest(ISOWeek)
        /// Check a one-time leader code the sender offers.
        case claimLeader(String)
        /// Send the sender the summary of a group's digest of a week (privately).
        case groupDigest(group: String, week: ISOWeek)
        /// Store a question in the journal of the team `to` with its next number, confirm it to
        /// the sender, then say it in that team's channel.
        case ask(to: String, EntryDraft, language: Language)
        /// Send the sender, privately, a personal link to the form of this open huddle.
        case form(HuddleRef)
        /// Not for the bot.
        case ignore
    }

    /// What a private line decides before a team is chosen (a leader code, a group's digest,
    /// help, an unknown command where the bot would ask which team); nil when it needs its team.
    public func decideWithoutTeam(_ parsed: ParsedLine, in context: TeamlessContext) -> Decision? {
        switch parsed {
        case .unknownCommand(let name) where context.teamUnknown:
            return .reply([Phrase.unknownCommand(prefix: prefix, name: name).text(context.language)])
        case .command(let command, let arguments):
            var context = context
            context.arguments = arguments
            guard let outcome = command.withoutTeam?(context) else { return nil }
            return decision(outcome, language: context.language)
        default:
            return nil
        }
    }

    /// A command's outcome as the engine's decision: entries screened for personal data first.
    func decision(_ outcome: CommandOutcome, language: Language) -> Decision {
        switch outcome {
        case .reply(let lines): return .reply(lines)
        case .digest(let week): return .digest(week)
        case .claimLeader(let code): return .claimLeader(code)
        case .groupDigest(let group, let week): return .groupDigest(group: group, week: week)
        case .form(let huddle): return .form(huddle)
        case .record(let draft, let ack): return screened(draft, ack: ack?.text(language), language: language)
        case .ask(let team, let draft):
            return switch screened(draft, ack: nil, language: language) {
            case .record(let screened, _): .ask(to: team, screened, language: language)
            case let other: other
            }
        }
    }

    /// Reads a line. `botNick` lets people address the bot (`huddle: kudos anna …`).
    public func parse(_ text: String, botNick: String? = nil) -> ParsedLine {
        var line = text.trimmingSpaces
        var addressed = false
        if let botNick, let rest = Self.dropName(botNick, from: line) {
            if let mark = rest.first, mark == ":" || mark == "," {
                line = rest.dropFirst().trimmingSpaces
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

    /// What follows `name` at the start of `line` (case-insensitive), or nil when it does not
    /// start with it. ASCII names and lines (IRC nicks, most lines) are compared byte by byte,
    /// without lower-casing the line.
    static func dropName(_ name: String, from line: String) -> Substring? {
        let (nameBytes, lineBytes) = (name.utf8, line.utf8)
        if nameBytes.allSatisfy({ $0 < 0x80 }), lineBytes.prefix(nameBytes.count).allSatisfy({ $0 < 0x80 }) {
            func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
            guard lineBytes.count >= nameBytes.count, zip(lineBytes, nameBytes).allSatisfy({ lower($0) == lower($1) }) else { return nil }
            return line[lineBytes.index(lineBytes.startIndex, offsetBy: nameBytes.count)...]
        }
        guard line.lowercased().hasPrefix(name.lowercased()) else { return nil }
        return line.dropFirst(name.count)
    }

    /// Decides what to do with a line (`parsed`: what `parse` made of it, if the caller has it).
    public func handle(_ text: String, parsed: ParsedLine? = nil, in situation: ChatSituation) -> Decision {
        let language = situation.language
        let command: ChatCommand
        let arguments: String
        switch parsed ?? parse(text, botNick: situation.botNick) {
        case .chatter:
            guard let open = situation.openHuddle, !situation.isPrivate, knowsSender(situation) else { return .ignore }
            let note = text.trimmingSpaces
            guard !note.isEmpty else { return .ignore }
            return screened(EntryDraft(type: .note, huddle: HuddleRef(shift: open.key.shift, day: open.key.day), text: note),
                            ack: nil, language: language)
        case .unknownCommand(let name):
            return .reply([Phrase.unknownCommand(prefix: prefix, name: name).text(language)])
        case .shortAnswer(let line):
            guard situation.openHuddle != nil else { return .ignore }
            command = AnswerCommand.command
            arguments = line
        case .command(let found, let foundArguments):
            command = found
            arguments = foundArguments
        }
        if command.recordsAsSender && !knowsSender(situation) {
            return .reply([Phrase.needsAccount.text(language)])
        }
        let context = CommandContext(situation: situation, arguments: arguments, settings: settings, registry: registry)
        return decision(command.run(context), language: language)
    }

    /// Whether the sender's identity is good enough to store something in their name.
    func knowsSender(_ situation: ChatSituation) -> Bool {
        situation.sender.account != nil || settings.allowsNick(accountsAvailable: situation.accountsAvailable)
    }

    /// Applies the personal-data policy to a draft's text.
    func screened(_ draft: EntryDraft, ack: String?, language: Language) -> Decision {
        guard let text = draft.text, settings.pii != .allow else { return .record(draft, ack: ack) }
        let kinds = PersonalData.kinds(in: text)
        guard !kinds.isEmpty else { return .record(draft, ack: ack) }
        switch settings.pii {
        case .allow:
            return .record(draft, ack: ack)
        case .mask:
            var masked = draft
            masked.text = PersonalData.masked(text)
            return .record(masked, ack: ack)
        case .refuse:
            return .reply([Phrase.personalData(kinds.map { $0.name(language) }).text(language)])
        }
    }

    private func isShortAnswer(_ line: String) -> Bool {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 1 else { return false }
        var rest = line.dropFirst(digits.count)
        if let mark = rest.first, ".):".contains(mark) { rest = rest.dropFirst() }
        guard let space = rest.first, space == " " else { return false }
        return !rest.trimmingSpaces.isEmpty
    }
}

extension JournalEntry {
    /// Completes a draft into a journal line.
    public init(draft: EntryDraft, id: String, at: Date, team: String, author: Author?) {
        self.init(id: id, at: at, team: team, type: draft.type, author: draft.anonymous ? nil : author, huddle: draft.huddle,
                  question: draft.question, to: draft.to, text: draft.text, values: draft.values, tags: draft.tags,
                  owner: draft.owner, number: draft.number, ref: draft.ref)
        counter = draft.counter
        due = draft.due
        setting = draft.setting
        peer = draft.peer
    }
}
