import Foundation
import Testing
@testable import HuddleCore

/// `docs/chat.md` lists the chat commands between two marker comments; the list is made from the
/// command registry, so the manual says what the bot answers to.
@Suite struct ChatDocsTests {
    static let begin = "<!-- commands:begin -->"
    static let end = "<!-- commands:end -->"
    static let chatDocs = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/chat.md")

    /// The Markdown table of every command in help's order: Dutch usage with the `!` prefix, the
    /// other names, and the summary in both languages.
    static func commandTable(_ registry: CommandRegistry = .standard) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = [
            "<!-- Made from CommandRegistry.standard by Tests/HuddleCoreTests/ChatDocsTests.swift: do not edit by hand. -->",
            "| command | also | what it does | wat het doet |",
            "|---|---|---|---|",
        ]
        for command in registry.commands {
            let aliases = command.aliases.map { "`!\(cell($0))`" }.joined(separator: ", ")
            lines.append("| `\(cell(command.usage(.nl, prefix: "!")))` | \(aliases) | \(cell(command.summary.en)) | \(cell(command.summary.nl)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The command table in `docs/chat.md` is the one the registry makes; with
    /// `HUDDLE_UPDATE_DOCS=1` the test writes it there instead of failing.
    @Test func commandTableMatchesTheRegistry() throws {
        let text = try String(contentsOf: Self.chatDocs, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "docs/chat.md lacks \(Self.begin)")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex), "docs/chat.md lacks \(Self.end)")
        let current = text[start.upperBound..<stop.lowerBound].trimmingCharacters(in: .newlines)
        let expected = Self.commandTable()
        guard current != expected else { return }
        if ProcessInfo.processInfo.environment["HUDDLE_UPDATE_DOCS"] == "1" {
            let updated = text[..<start.upperBound] + "\n" + expected + "\n" + text[stop.lowerBound...]
            try String(updated).write(to: Self.chatDocs, atomically: true, encoding: .utf8)
            return
        }
        Issue.record("""
            docs/chat.md's command table differs from the command registry; run \
            HUDDLE_UPDATE_DOCS=1 swift test --filter ChatDocsTests, or put this between the markers:
            \(expected)
            """)
    }

    /// Every command and alias of the registry appears in the table, each once.
    @Test func everyNameIsInTheTable() {
        let table = Self.commandTable()
        for command in CommandRegistry.standard.commands {
            #expect(table.contains("| `!\(command.name)"), "\(command.name) has no row")
            for alias in command.aliases { #expect(table.components(separatedBy: "`!\(alias)`").count == 2, "\(alias) is not listed once") }
        }
    }
}
