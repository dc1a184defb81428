import Testing
@testable import IRCProtocol

/// Parser table: line in, parts out.
struct ParseCase: Sendable, CustomTestStringConvertible {
    var line: String
    var tags: [String: String] = [:]
    var source: String?
    var command: String
    var params: [String] = []
    var testDescription: String { line }
}

@Suite struct IRCMessageTests {
    static let cases: [ParseCase] = [
        ParseCase(line: "PING :irc.example", command: "PING", params: ["irc.example"]),
        ParseCase(line: ":nick!user@host PRIVMSG #chan :hello world", source: "nick!user@host", command: "PRIVMSG", params: ["#chan", "hello world"]),
        ParseCase(line: ":srv 001 huddle :Welcome", source: "srv", command: "001", params: ["huddle", "Welcome"]),
        ParseCase(line: "@time=2026-11-22T10:00:00.000Z;account=anna :a!b@c PRIVMSG #x :hi",
                  tags: ["time": "2026-11-22T10:00:00.000Z", "account": "anna"], source: "a!b@c", command: "PRIVMSG", params: ["#x", "hi"]),
        ParseCase(line: "@a=b\\sc\\:d\\\\e\\r\\n;flag;empty= CMD", tags: ["a": "b c;d\\e\r\n", "flag": "", "empty": ""], command: "CMD"),
        ParseCase(line: "@x=trailing\\ CMD", tags: ["x": "trailing"], command: "CMD"),
        ParseCase(line: "@x=a\\b CMD", tags: ["x": "ab"], command: "CMD"),
        ParseCase(line: ":src   CMD   a   b   :c  d ", source: "src", command: "CMD", params: ["a", "b", "c  d "]),
        ParseCase(line: "CMD a :", command: "CMD", params: ["a", ""]),
        ParseCase(line: "CMD a ::colon", command: "CMD", params: ["a", ":colon"]),
        ParseCase(line: "CMD a b:c", command: "CMD", params: ["a", "b:c"]),
        ParseCase(line: "privmsg #a :lower", command: "PRIVMSG", params: ["#a", "lower"]),
        ParseCase(line: "CAP * LS * :sasl=PLAIN,EXTERNAL multi-prefix", command: "CAP", params: ["*", "LS", "*", "sasl=PLAIN,EXTERNAL multi-prefix"]),
        ParseCase(line: "QUIT", command: "QUIT"),
        ParseCase(line: "PING x\r\n", command: "PING", params: ["x"]),
    ]

    /// Each line of the table parses into the expected tags, source, command and params.
    @Test(arguments: cases)
    func parses(_ testCase: ParseCase) throws {
        let message = try IRCMessage(parsing: testCase.line)
        #expect(message.tags == testCase.tags)
        #expect(message.source == testCase.source)
        #expect(message.command == testCase.command)
        #expect(message.params == testCase.params)
    }

    /// Serialising and parsing again gives the same message.
    @Test(arguments: cases)
    func roundTrips(_ testCase: ParseCase) throws {
        let message = try IRCMessage(parsing: testCase.line)
        #expect(try IRCMessage(parsing: message.wireLine) == message)
    }

    /// Tags with keys that are not keys are dropped, so the message serialises to a line that
    /// parses back the same (a case the fuzzer found).
    @Test func invalidTagKeys() throws {
        let line = "@\\kn\\k\\kco;==2026-\\ko;co;+;@;+draft/ok=1;+x TAGMSG #a"
        let message = try IRCMessage(parsing: line)
        #expect(message.tags == ["co": "", "+draft/ok": "1", "+x": ""])
        #expect(try IRCMessage(parsing: message.wireLine) == message)
        let found = try IRCMessage(parsing: IRCText.decode([0x40, 0x5c, 0x6b, 0x6e, 0x5c, 0x6b, 0x5c, 0x6b, 0x63, 0x6f, 0x3b, 0x3d, 0x3d, 0x32, 0x30, 0x32,
                                                            0x36, 0x2d, 0x5c, 0x6b, 0x6f, 0xbe, 0xf1, 0x63, 0xff, 0xff, 0xff, 0x2a, 0x63, 0x74, 0x75, 0x6e,
                                                            0x74, 0x5a, 0x3b, 0x63, 0x6f, 0x3b, 0x74, 0x69, 0x4d, 0xe5, 0x3d, 0x3d, 0x31, 0x30, 0x39, 0x39,
                                                            0x2d, 0xff, 0x6e, 0x5c, 0x6b, 0x6e, 0x5c, 0x6b, 0x5c, 0x6b, 0x63, 0x6f, 0x3b, 0x3d, 0x3b, 0x40,
                                                            0x20, 0x47, 0x74]))
        #expect(try IRCMessage(parsing: found.wireLine) == found)
    }

    /// Bytes from the wire: UTF-8 pieces as UTF-8, a line that is not UTF-8 as Latin-1 (nothing is
    /// lost), and the same message as parsing the decoded line.
    @Test func parsesBytes() throws {
        let utf8: [UInt8] = Array("@account=zoë :zoë!z@h PRIVMSG #café :crème ☕\r\n".utf8)
        let message = try utf8.withUnsafeBufferPointer { try IRCMessage(utf8: $0) }
        #expect(message == IRCMessage(tags: ["account": "zoë"], source: "zoë!z@h", command: "PRIVMSG", params: ["#café", "crème ☕"]))
        let latin1: [UInt8] = Array(":jos!j@h PRIVMSG #a :caf".utf8) + [0xe9]
        let old = try latin1.withUnsafeBufferPointer { try IRCMessage(utf8: $0) }
        #expect(old.params == ["#a", "café"])
        #expect(old == (try IRCMessage(parsing: IRCText.decode(latin1))))
    }

    /// Tags are kept once each, sorted, a later duplicate winning, also on a line with thousands
    /// of them (as a hostile server might send).
    @Test func manyAndRepeatedTags() throws {
        let few = try IRCMessage(parsing: "@time=1;b=2;a=3;b=4 PING x")
        #expect(few.tagList.map(\.key) == ["a", "b", "time"] && few.tag("b") == "4" && few.tags == ["a": "3", "b": "4", "time": "1"])
        let keys = (0..<2000).map { "k\($0 % 700)=\($0)" }.joined(separator: ";")
        let many = try IRCMessage(parsing: "@\(keys) PING x")
        #expect(many.tagList.count == 700 && many.tag("k5") == "1405")
        #expect(many.tagList.map(\.key) == many.tagList.map(\.key).sorted())
        #expect(try IRCMessage(parsing: many.wireLine) == many)
    }

    /// Lines that are not messages are rejected with a reason, never crash.
    @Test(arguments: ["", "   ", "@tags=only", ":source-only", ":src @#! x", "@a=b :src",
                      ":a\0b PRIVMSG #c :d", "PRIVMSG #c :d\0e", "PRIVMSG #c :d\re", "PRIVMSG #c\nQUIT :x"])
    func rejects(_ line: String) {
        #expect(throws: IRCParseError.self) { try IRCMessage(parsing: line) }
    }

    /// The wire form puts a colon before a last parameter only when needed.
    @Test func wireLine() {
        #expect(IRCMessage(command: "PRIVMSG", params: ["#a", "hi"]).wireLine == "PRIVMSG #a hi")
        #expect(IRCMessage(command: "PRIVMSG", params: ["#a", "hi there"]).wireLine == "PRIVMSG #a :hi there")
        #expect(IRCMessage(command: "PRIVMSG", params: ["#a", ""]).wireLine == "PRIVMSG #a :")
        #expect(IRCMessage(command: "PRIVMSG", params: ["#a", ":)"]).wireLine == "PRIVMSG #a ::)")
        #expect(IRCMessage(tags: ["b": "x y", "a": ""], command: "TAGMSG", params: ["#a"]).wireLine == "@a;b=x\\sy TAGMSG #a")
    }

    /// CR, LF and NUL in user text never reach the wire as line breaks.
    @Test func wireLineStripsLineBreaks() {
        let line = IRCMessage(command: "PRIVMSG", params: ["#a", "hi\r\nQUIT :pwned\0"]).wireLine
        #expect(!line.contains("\r") && !line.contains("\n") && !line.contains("\0"))
        #expect(line == "PRIVMSG #a :hi  QUIT :pwned ")
    }

    /// A source splits into nick, user and host.
    @Test func sourceParts() {
        #expect(IRCSource(parsing: "anna!~a@host.example") == IRCSource(nick: "anna", user: "~a", host: "host.example"))
        #expect(IRCSource(parsing: "irc.server") == IRCSource(nick: "irc.server", user: nil, host: nil))
        #expect(IRCSource(parsing: "n@h") == IRCSource(nick: "n", user: nil, host: "h"))
    }

    /// Bytes that are not UTF-8 are read as Latin-1 instead of being dropped.
    @Test func decodesLatin1Fallback() {
        #expect(IRCText.decode(Array("héllo".utf8)) == "héllo")
        #expect(IRCText.decode([0x63, 0x61, 0x66, 0xE9]) == "café")
    }
}

extension IRCSource {
    init(nick: String, user: String?, host: String?) {
        self.init(parsing: nick)
        self.user = user
        self.host = host
    }
}
