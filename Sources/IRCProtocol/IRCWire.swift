/// Reads one IRC line from its bytes: the delimiters (space, colon, semicolon, `@`, `=`) are
/// ASCII, so the scan walks bytes and makes `String`s only of the pieces it keeps.
struct IRCWireParser {
    /// A piece was not valid UTF-8: the line is read again as Latin-1.
    struct NotUTF8: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    let latin1: Bool
    /// Whether the whole line is ASCII (set once it was scanned).
    private var ascii = false
    private var position = 0
    private var end: Int

    init(bytes: UnsafeBufferPointer<UInt8>, latin1: Bool) {
        self.bytes = bytes
        self.latin1 = latin1
        end = bytes.count
    }

    /// The whole line as text, for error messages.
    private var line: String { String(decoding: bytes, as: UTF8.self) }

    mutating func message() throws -> IRCMessage {
        while end > 0 && (bytes[end - 1] == .cr || bytes[end - 1] == .lf) { end -= 1 }
        // No message holds these; one that did would not come back the same from the wire.
        // One pass without branches, which the compiler vectorises: this runs over every byte.
        var high: UInt8 = 0, forbidden: UInt8 = 0
        for byte in UnsafeBufferPointer(rebasing: bytes[0..<end]) {
            forbidden |= (byte == 0 ? 1 : 0) | (byte == .cr ? 1 : 0) | (byte == .lf ? 1 : 0)
            high |= byte
        }
        if forbidden != 0 { throw IRCParseError.forbiddenCharacter(line: line) }
        ascii = high < 0x80
        // Pieces are cut at ASCII bytes, so a valid line gives valid pieces.
        if !latin1 && high >= 0x80 && (try? UTF8Span(validating: UnsafeBufferPointer(rebasing: bytes[0..<end]).span)) == nil {
            throw NotUTF8()
        }
        skipSpaces()
        var tags: [IRCTag] = []
        if position < end && bytes[position] == .at {
            position += 1
            tags = parseTags(upTo: wordEnd())
            skipSpaces()
        }
        var source: String?
        if position < end && bytes[position] == .colon {
            let stop = wordEnd()
            source = piece(position + 1..<stop)
            position = stop
            skipSpaces()
        }
        guard position < end || !tags.isEmpty || source != nil else { throw IRCParseError.emptyLine }
        let commandEnd = wordEnd()
        guard commandEnd > position else { throw IRCParseError.missingCommand(line: line) }
        var lower = false
        for index in position..<commandEnd {
            switch bytes[index] {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true
            default: throw IRCParseError.invalidCommand(String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<commandEnd]), as: UTF8.self))
            }
        }
        var command = piece(position..<commandEnd)
        if lower { command = command.uppercased() }
        position = commandEnd
        skipSpaces()
        var params: [String] = []
        params.reserveCapacity(4)
        while position < end {
            if bytes[position] == .colon {
                params.append(piece(position + 1..<end))
                break
            }
            let stop = wordEnd()
            params.append(piece(position..<stop))
            position = stop
            skipSpaces()
        }
        return IRCMessage(tagList: tags, source: source, uppercasedCommand: command, params: params)
    }

    private mutating func skipSpaces() {
        while position < end && bytes[position] == .space { position += 1 }
    }

    /// Where the word at `position` ends (the next space, or the end of the line).
    private func wordEnd() -> Int {
        var index = position
        while index < end && bytes[index] != .space { index += 1 }
        return index
    }

    private func piece(_ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if latin1 { return String(String.UnicodeScalarView(slice.lazy.map { Unicode.Scalar($0) })) }
        // The line was checked as UTF-8 as a whole (or is ASCII), and pieces are cut at ASCII
        // bytes, so each piece is valid UTF-8 and need not be checked again.
        return String(copying: UTF8Span(unchecked: slice.span, isKnownASCII: ascii))
    }

    /// `key[=value];…` up to `stop`. A key that is not one (empty, or with characters IRCv3 does
    /// not allow) is dropped: it could not be sent on as it came. A later duplicate wins.
    private mutating func parseTags(upTo stop: Int) -> [IRCTag] {
        var count = 1
        for index in position..<stop where bytes[index] == .semicolon { count += 1 }
        var tags: [IRCTag] = []
        tags.reserveCapacity(count)
        // Kept sorted by key, as they are sent (each key once: a later duplicate wins). Many tags
        // (a hostile line can hold thousands) go through a dictionary instead of the list.
        var many: [String: String]? = count > 16 ? [:] : nil
        while position < stop {
            var itemEnd = position
            while itemEnd < stop && bytes[itemEnd] != .semicolon { itemEnd += 1 }
            var keyEnd = position
            while keyEnd < itemEnd && bytes[keyEnd] != .equals { keyEnd += 1 }
            if isTagKey(position..<keyEnd) {
                let tag = IRCTag(key: piece(position..<keyEnd), value: keyEnd < itemEnd ? tagValue(keyEnd + 1..<itemEnd) : "")
                if many != nil {
                    many![tag.key] = tag.value
                } else {
                    var place = tags.count
                    while place > 0 && tag.key < tags[place - 1].key { place -= 1 }
                    if place > 0 && tags[place - 1].key == tag.key { tags[place - 1] = tag } else { tags.insert(tag, at: place) }
                }
            }
            position = itemEnd + 1
        }
        if let many { tags = many.sorted { $0.key < $1.key }.map { IRCTag(key: $0.key, value: $0.value) } }
        position = stop
        return tags
    }

    /// `[+][vendor/]name`: ASCII letters, digits, `-`, `.`, `/` and a leading `+`.
    private func isTagKey(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, !(range.count == 1 && bytes[range.lowerBound] == .plus) else { return false }
        for index in range {
            switch bytes[index] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"): continue
            case .plus where index == range.lowerBound: continue
            default: return false
            }
        }
        return true
    }

    /// A tag value with its escapes (`\:` `\s` `\\` `\r` `\n`) undone; a lone trailing `\` is dropped.
    private func tagValue(_ range: Range<Int>) -> String {
        guard bytes[range].contains(.backslash) else { return piece(range) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(range.count)
        var escaping = false
        for byte in bytes[range] {
            if escaping {
                switch byte {
                case .colon: unescaped.append(.semicolon)
                case UInt8(ascii: "s"): unescaped.append(.space)
                case UInt8(ascii: "r"): unescaped.append(.cr)
                case UInt8(ascii: "n"): unescaped.append(.lf)
                default: unescaped.append(byte)
                }
                escaping = false
            } else if byte == .backslash {
                escaping = true
            } else {
                unescaped.append(byte)
            }
        }
        return unescaped.withUnsafeBufferPointer { buffer in
            var parser = IRCWireParser(bytes: buffer, latin1: latin1)
            parser.ascii = ascii
            return parser.piece(0..<buffer.count)
        }
    }
}

/// Writes a message's bytes into a buffer sized for it, replacing CR, LF and NUL by spaces.
struct IRCWireWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func byte(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }

    mutating func text(_ text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { source in
            let target = buffer.baseAddress! + count
            for index in 0..<source.count {
                let byte = source[index]
                let bad = (byte == 0 ? 1 : 0) | (byte == .cr ? 1 : 0) | (byte == .lf ? 1 : 0) as UInt8
                target[index] = bad != 0 ? .space : byte
            }
            count += source.count
        }
        if done == nil { for byte in text.utf8 { self.byte(Self.safe(byte)) } }
    }

    /// A tag value with `;`, space, `\`, CR and LF escaped.
    mutating func escapedTagValue(_ value: String) {
        let plain = value.utf8.withContiguousStorageIfAvailable { !Self.needsEscaping($0) } ?? false
        if plain { return text(value) }
        for byte in value.utf8 {
            switch byte {
            case .semicolon: byte2(.backslash, .colon)
            case .space: byte2(.backslash, UInt8(ascii: "s"))
            case .backslash: byte2(.backslash, .backslash)
            case .cr: byte2(.backslash, UInt8(ascii: "r"))
            case .lf: byte2(.backslash, UInt8(ascii: "n"))
            default: self.byte(Self.safe(byte))
            }
        }
    }

    /// Whether a tag value holds a byte to escape (`;`, space, `\\`, CR, LF) or NUL, in one pass without branches.
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var found: UInt8 = 0
        for byte in bytes {
            found |= (byte == 0 ? 1 : 0) | (byte == .semicolon ? 1 : 0) | (byte == .space ? 1 : 0) | (byte == .backslash ? 1 : 0)
                | (byte == .cr ? 1 : 0) | (byte == .lf ? 1 : 0)
        }
        return found != 0
    }

    private mutating func byte2(_ first: UInt8, _ second: UInt8) {
        byte(first)
        byte(second)
    }

    private static func safe(_ byte: UInt8) -> UInt8 {
        byte == 0 || byte == .cr || byte == .lf ? .space : byte
    }
}

extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let at = UInt8(ascii: "@")
    static let equals = UInt8(ascii: "=")
    static let plus = UInt8(ascii: "+")
    static let backslash = UInt8(ascii: "\\")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
}
