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
        var bytes: [UInt8] = []
        JSONText.quote(text, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == quoted)
    }

    /// The local date of an instant, worked out from the zone's offset, is the date Foundation's
    /// calendar gives: around midnight, across daylight-saving changes, far from 1970 either way.
    @Test(arguments: ["Europe/Amsterdam", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC", "Asia/Kathmandu"])
    func localDates(_ zone: String) {
        let timeZone = TimeZone(identifier: zone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var generator = SystemRandomNumberGenerator()
        let instants = (0..<2000).map { _ in Double(Int64.random(in: -5_000_000_000...5_000_000_000, using: &generator)) }
            + [0, -1, 86_399, 86_400, 1_774_746_000, 1_774_749_600, 1_792_890_000, 951_782_400, -2_208_988_800]
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let day = CalendarDay(date, in: timeZone)
            #expect(day == CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!), "\(date) in \(zone)")
        }
    }

    /// Timestamps read as Foundation's ISO 8601 formatter reads them, to the millisecond.
    @Test func timestampsMatchTheFormatter() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for seconds in [0, 1_795_000_000.25, 946_684_799.5, 4_102_444_800, 1_795_000_000] as [Double] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(HuddleJSON.timestamp(date, alwaysMilliseconds: true) == formatter.string(from: date))
        }
        #expect(HuddleJSON.timestamp(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18T11:06:40Z")
    }

    /// The first word ends at the first space or tab; the rest is trimmed, in any script.
    @Test func firstWords() {
        #expect("  !blij  koffie is op ".splitFirstWord() == ("!blij", "koffie is op"))
        #expect("!dank\t@zoë\u{00A0}".splitFirstWord() == ("!dank", "@zoë"))
        #expect("één".splitFirstWord() == ("één", ""))
        #expect("".splitFirstWord() == ("", ""))
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
