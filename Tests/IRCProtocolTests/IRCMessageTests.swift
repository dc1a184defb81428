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
