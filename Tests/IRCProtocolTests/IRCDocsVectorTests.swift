import Foundation
import Testing
import Yams
@testable import IRCProtocol

/// The ircdocs parser test vectors (PyPI `irc-parser-tests`, installed into data/pyenv by
/// Scripts/bootstrap): splitting lines, joining parts into lines, splitting sources.
@Suite struct IRCDocsVectorTests {
    /// The vectors' folder, or nil when they are not installed.
    static let folder: URL? = {
        if let path = ProcessInfo.processInfo.environment["HUDDLE_PARSER_TESTS"] { return URL(fileURLWithPath: path) }
        let lib = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/pyenv/lib")
        let python = (try? FileManager.default.contentsOfDirectory(atPath: lib.path))?.first { $0.hasPrefix("python3") }
        return python.map { lib.appendingPathComponent("\($0)/site-packages/parser_tests/data") }
    }()

    static func tests(_ file: String) throws -> [[String: Any]] {
        let folder = try #require(folder, "the ircdocs vectors are not installed: run Scripts/bootstrap")
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let tests = try #require(document["tests"] as? [[String: Any]])
        #expect(!tests.isEmpty)
        return tests
    }

    /// Every line of msg-split.yaml parses into its tags, source, verb and params.
    @Test func msgSplit() throws {
        for test in try Self.tests("msg-split.yaml") {
            let input = try #require(test["input"] as? String)
            let atoms = try #require(test["atoms"] as? [String: Any])
            let message = try IRCMessage(parsing: input)
            #expect(message.tags == (atoms["tags"] as? [String: String] ?? [:]), "\(input)")
            #expect(message.source == atoms["source"] as? String, "\(input)")
            #expect(message.command == (atoms["verb"] as? String)?.uppercased(), "\(input)")
            #expect(message.params == (atoms["params"] as? [String] ?? []), "\(input)")
            #expect(try IRCMessage(parsing: message.wireLine) == message, "\(input)")
        }
    }

    /// Every message of msg-join.yaml serialises to one of the lines it allows (verbs upper-case).
    @Test func msgJoin() throws {
        for test in try Self.tests("msg-join.yaml") {
            let atoms = try #require(test["atoms"] as? [String: Any])
            let message = IRCMessage(tags: atoms["tags"] as? [String: String] ?? [:], source: atoms["source"] as? String,
                                     command: try #require(atoms["verb"] as? String), params: atoms["params"] as? [String] ?? [])
            let matches = try #require(test["matches"] as? [String]).map(Self.upperCasingVerb)
            #expect(matches.contains(message.wireLine), "\(test["desc"] ?? "")")
        }
    }

    /// Every source of userhost-split.yaml splits into its nick, user and host.
    @Test func userhostSplit() throws {
        for test in try Self.tests("userhost-split.yaml") {
            let source = try #require(test["source"] as? String)
            let atoms = try #require(test["atoms"] as? [String: Any])
            let parts = IRCSource(parsing: source)
            #expect(parts.nick == atoms["nick"] as? String ?? "", "\(source)")
            #expect(parts.user == atoms["user"] as? String, "\(source)")
            #expect(parts.host == atoms["host"] as? String, "\(source)")
        }
    }

    /// A line with its verb upper-cased (the parser and serialiser keep verbs upper-case).
    static func upperCasingVerb(_ line: String) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        if words[index].hasPrefix("@") { index += 1 }
        if words[index].hasPrefix(":") { index += 1 }
        words[index] = words[index].uppercased()
        return words.joined(separator: " ")
    }
}
