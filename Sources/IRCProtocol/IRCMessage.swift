/// One IRC protocol message: IRCv3 tags, an optional source, a command and its parameters.
public struct IRCMessage: Sendable, Hashable {
    /// The IRCv3 message tags, each key once (a later duplicate on the wire wins), sorted by key
    /// as they are sent: a message has a handful, which a short list holds for less than a dictionary.
    public private(set) var tagList: [IRCTag]
    /// The source (`nick!user@host` or a server name), without the leading colon.
    public var source: String?
    /// The command or three-digit numeric, upper-cased.
    public var command: String
    /// The parameters; the last one may contain spaces.
    public var params: [String]

    /// Creates a message from its parts.
    public init(tags: [String: String] = [:], source: String? = nil, command: String, params: [String] = []) {
        tagList = tags.sorted { $0.key < $1.key }.map { IRCTag(key: $0.key, value: $0.value) }
        self.source = source
        self.command = command.utf8.allSatisfy { $0 < 0x61 || ($0 > 0x7a && $0 < 0x80) } ? command : command.uppercased()
        self.params = params
    }

    /// A message whose tags are sorted and unique and whose command is upper-case already (the parser checked).
    init(tagList: [IRCTag], source: String?, uppercasedCommand command: String, params: [String]) {
        self.tagList = tagList
        self.source = source
        self.command = command
        self.params = params
    }

    /// IRCv3 message tags; a tag sent without a value has the value `""`.
    public var tags: [String: String] {
        get { Dictionary(tagList.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }) }
        set { tagList = newValue.sorted { $0.key < $1.key }.map { IRCTag(key: $0.key, value: $0.value) } }
    }

    /// The value of one tag, if the message has it.
    public func tag(_ key: String) -> String? {
        tagList.first { $0.key == key }?.value
    }

    /// The source split into nick, user and host, when there is a source.
    public var sourceParts: IRCSource? { source.map(IRCSource.init(parsing:)) }
}

/// One IRCv3 message tag: its key and value (`""` when sent without one).
public struct IRCTag: Sendable, Hashable {
    public var key: String
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Why a line is not an IRC message.
public enum IRCParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyLine
    case missingCommand(line: String)
    case invalidCommand(String)
    /// NUL, or CR or LF inside the line: no IRC message may hold them.
    case forbiddenCharacter(line: String)

    public var description: String {
        switch self {
        case .forbiddenCharacter(let line): return "IRC line holds NUL, CR or LF: \(line.debugDescription)"
        case .emptyLine: return "empty IRC line"
        case .missingCommand(let line): return "IRC line has no command: \(line)"
        case .invalidCommand(let command): return "invalid IRC command '\(command)'"
        }
    }
}

extension IRCMessage {
    /// Parses one line (without CR LF) as the Modern IRC client protocol describes it.
    public init(parsing line: String) throws {
        var line = line
        self = try line.withUTF8 { try IRCMessage(utf8: $0) }
    }

    /// Parses one line as it came from the wire (a trailing CR LF is ignored). Each piece is
    /// read as UTF-8; a line that is not valid UTF-8 is read as Latin-1, so no line is lost.
    /// The scan works on bytes: the protocol's delimiters are ASCII.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws {
        do {
            var parser = IRCWireParser(bytes: bytes, latin1: false)
            self = try parser.message()
        } catch is IRCWireParser.NotUTF8 {
            var parser = IRCWireParser(bytes: bytes, latin1: true)
            self = try parser.message()
        }
    }

    /// The line to send, without CR LF; tags are sorted by key so the output is stable.
    /// CR, LF and NUL anywhere in the message are replaced by spaces so they never reach the wire.
    public var wireLine: String {
        String(unsafeUninitializedCapacity: wireCapacity) { serialize(into: $0) }
    }

    /// At least as many bytes as `serialize(into:)` writes.
    public var wireCapacity: Int {
        var bound = command.utf8.count + 4
        if let source { bound += source.utf8.count + 2 }
        for param in params { bound += param.utf8.count + 2 }
        for tag in tagList { bound += tag.key.utf8.count + tag.value.utf8.count * 2 + 2 }
        return bound
    }

    /// Writes the line to send (as `wireLine`, without CR LF) into `buffer`, which holds at least
    /// `wireCapacity` bytes; returns how many bytes it wrote.
    public func serialize(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var writer = IRCWireWriter(buffer: buffer)
        if !tagList.isEmpty {
            writer.byte(UInt8(ascii: "@"))
            for (index, tag) in tagList.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ";")) }
                writer.text(tag.key)
                if !tag.value.isEmpty {
                    writer.byte(UInt8(ascii: "="))
                    writer.escapedTagValue(tag.value)
                }
            }
            writer.byte(UInt8(ascii: " "))
        }
        if let source {
            writer.byte(UInt8(ascii: ":"))
            writer.text(source)
            writer.byte(UInt8(ascii: " "))
        }
        writer.text(command)
        for (index, param) in params.enumerated() {
            writer.byte(UInt8(ascii: " "))
            if index == params.count - 1 && IRCMessage.needsColon(param) { writer.byte(UInt8(ascii: ":")) }
            writer.text(param)
        }
        return writer.count
    }

    /// Whether a last parameter must be sent after a colon: empty, with a space, or starting with one.
    static func needsColon(_ param: String) -> Bool {
        guard let first = param.utf8.first, first != UInt8(ascii: ":") else { return true }
        // A native string's bytes are contiguous: scanning them directly is several times faster.
        return param.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: " ")) } ?? param.utf8.contains(UInt8(ascii: " "))
    }
}

/// A message source split into its parts: `nick!user@host`, or a bare server name in `nick`.
public struct IRCSource: Sendable, Hashable {
    public var nick: String
    public var user: String?
    public var host: String?

    /// `nick!user@host` as the server shows it, when user and host are known.
    public var mask: String? {
        guard let user, let host else { return nil }
        return "\(nick)!\(user)@\(host)"
    }

    /// Splits `nick!user@host`; missing or empty parts are nil.
    public init(parsing source: String) {
        var rest = Substring(source)
        if let at = rest.firstIndex(of: "@") {
            host = rest[rest.index(after: at)...].nonEmpty
            rest = rest[..<at]
        }
        if let bang = rest.firstIndex(of: "!") {
            user = rest[rest.index(after: bang)...].nonEmpty
            rest = rest[..<bang]
        }
        nick = String(rest)
    }
}

extension Substring {
    /// The text, or nil when there is none.
    var nonEmpty: String? { isEmpty ? nil : String(self) }
}
