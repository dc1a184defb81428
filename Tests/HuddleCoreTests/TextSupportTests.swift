import Foundation
import Testing
@testable import HuddleCore

@Suite struct TextSupportTests {
    /// Native trimming removes what Foundation's `.whitespaces` removes: tabs and Unicode space
    /// separators (no-break and ideographic spaces too), not line breaks.
    @Test(arguments: ["  koffie  ", "\t!blij koffie\t", "\u{00A0}blij\u{3000}", "geen", "", "   ", "\nregel\n", " é ", "a b ", "\u{2003}x\u{2009}"])
    func trimmingSpaces(_ text: String) {
        #expect(text.trimmingSpaces == text.trimmingCharacters(in: .whitespaces))
        #expect(Substring(text).trimmingSpaces == text.trimmingCharacters(in: .whitespaces))
    }

    /// Hand-written JSON strings read back as the text they came from, whatever it holds.
    @Test(arguments: ["plain", "met \"quotes\" en \\ backslash", "regel\nregel\r\ttab", "\u{01}\u{1f}\u{7f}", "café ☕ 👍", "/pad/naar", ""])
    func jsonStrings(_ text: String) throws {
        let quoted = JSONText.quoted(text)
        let back = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
        #expect(back == [text])
        #expect(!quoted.utf8.dropFirst().dropLast().contains { $0 < 0x20 })
    }

    /// ISO weeks and calendar days keep their zero-padded form.
    @Test func paddedForms() {
        #expect(ISOWeek(parsing: "2027-W01")!.description == "2027-W01")
        #expect(CalendarDay(year: 2026, month: 3, day: 9)!.description == "2026-03-09")
    }

    /// Random ids are version-4 UUIDs in lower-case text, read by Foundation as such, and differ.
    @Test func randomIDs() {
        let ids = (0..<1000).map { _ in RandomID.uuid() }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(50) {
            let parsed = UUID(uuidString: id)
            #expect(parsed?.uuidString.lowercased() == id)
            #expect(id.count == 36 && Array(id)[14] == "4" && "89ab".contains(Array(id)[19]))
        }
    }
}
