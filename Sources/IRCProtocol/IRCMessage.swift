/// One IRC protocol message: IRCv3 tags, an optional source, a command and its parameters.
public struct IRCMessage: Sendable, Hashable {
    /// IRCv3 message tags; a tag sent without a value has the value `""`.
    public var tags: [String: String]
    /// The source (`nick!user@host` or a server name), without the leading colon.
    public var source: String?
    /// The command or three-digit numeric, upper-cased.
    public var command: String
    /// The parameters; the last one may contain spaces.
    public var params: [String]

    /// Creates a message from its parts.
    public init(tags: [String: String] = [:], source: String? = nil, command: String, params: [String] = []) {
        self.tags = tags
        self.source = source
        self.command = command.uppercased()
        self.params = params
    }

    /// The source split into nick, user and host, when there is a source.
    public var sourceParts: IRCSource? { source.map(IRCSource.init(parsing:)) }
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
        var rest = Substring(line)
        while let last = rest.last, last == "\r" || last == "\n" || last == "\r\n" { rest.removeLast() }
        // No message holds these; one that did would not come back the same from the wire.
        guard !rest.unicodeScalars.contains(where: { $0 == "\0" || $0 == "\r" || $0 == "\n" }) else {
            throw IRCParseError.forbiddenCharacter(line: line)
        }
        var tags: [String: String] = [:]
        var source: String?

        func nextWord(_ text: inout Substring) -> Substring {
            let word = text.prefix { $0 != " " }
            text = text.dropFirst(word.count).drop { $0 == " " }
            return word
        }

        rest = rest.drop { $0 == " " }
        if rest.first == "@" {
            let raw = nextWord(&rest).dropFirst()
            tags = IRCMessage.parseTags(raw)
        }
        if rest.first == ":" {
            source = String(nextWord(&rest).dropFirst())
        }
        guard !rest.isEmpty || !tags.isEmpty || source != nil else { throw IRCParseError.emptyLine }
        let command = nextWord(&rest)
        guard !command.isEmpty else { throw IRCParseError.missingCommand(line: line) }
        guard command.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw IRCParseError.invalidCommand(String(command))
        }
        var params: [String] = []
        while !rest.isEmpty {
            if rest.first == ":" {
                params.append(String(rest.dropFirst()))
                break
            }
            params.append(String(nextWord(&rest)))
        }
        self.init(tags: tags, source: source, command: String(command), params: params)
    }

    /// The line to send, without CR LF; tags are sorted by key so the output is stable.
    /// CR, LF and NUL anywhere in the message are replaced by spaces so they never reach the wire.
    public var wireLine: String {
        var line = ""
        if !tags.isEmpty {
            line += "@"
            line += tags.keys.sorted().map { key in
                let value = tags[key]!
                return value.isEmpty ? key : key + "=" + IRCMessage.escapeTagValue(value)
            }.joined(separator: ";")
            line += " "
        }
        if let source { line += ":" + source + " " }
        line += command
        for (index, param) in params.enumerated() {
            let isLast = index == params.count - 1
            if isLast && (param.isEmpty || param.contains(" ") || param.hasPrefix(":")) {
                line += " :" + param
            } else {
                line += " " + param
            }
        }
        return IRCText.sanitized(line)
    }

    static func parseTags(_ raw: Substring) -> [String: String] {
        var tags: [String: String] = [:]
        for item in raw.split(separator: ";", omittingEmptySubsequences: true) {
            let eq = item.firstIndex(of: "=")
            let key = item[..<(eq ?? item.endIndex)]
            // A key that is not one (empty, or with characters the spec does not allow) is
            // dropped: it could not be sent on as it came (found by fuzzing).
            guard isTagKey(key) else { continue }
            tags[String(key)] = eq.map { unescapeTagValue(item[item.index(after: $0)...]) } ?? ""
        }
        return tags
    }

    /// `[+][vendor/]name`: ASCII letters, digits, `-`, `.`, `/` and a leading `+`, as IRCv3 message tags allow.
    static func isTagKey(_ key: Substring) -> Bool {
        guard !key.isEmpty else { return false }
        return key.utf8.enumerated().allSatisfy { index, byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"): return true
            case UInt8(ascii: "+"): return index == 0
            default: return false
            }
        } && key != "+"
    }

    static func unescapeTagValue(_ value: Substring) -> String {
        guard value.contains("\\") else { return String(value) }
        var result = String.UnicodeScalarView()
        var escaping = false
        for char in value.unicodeScalars {
            if escaping {
                switch char {
                case ":": result.append(";")
                case "s": result.append(" ")
                case "r": result.append("\r")
                case "n": result.append("\n")
                default: result.append(char)
                }
                escaping = false
            } else if char == "\\" {
                escaping = true
            } else {
                result.append(char)
            }
        }
        return String(result)
    }

    static func escapeTagValue(_ value: String) -> String {
        var result = ""
        for char in value.unicodeScalars {
            switch char {
            case ";": result += "\\:"
            case " ": result += "\\s"
            case "\\": result += "\\\\"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            default: result.unicodeScalars.append(char)
            }
        }
        return result
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

    /// Splits `nick!user@host`; missing parts are nil.
    public init(parsing source: String) {
        var rest = Substring(source)
        if let at = rest.firstIndex(of: "@") {
            host = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        if let bang = rest.firstIndex(of: "!") {
            user = String(rest[rest.index(after: bang)...])
            rest = rest[..<bang]
        }
        nick = String(rest)
    }
}
