import Foundation
import Testing
@testable import HuddleCore

@Suite struct TimestampTests {
    /// Every millisecond read from a file is written back as it was read, by hand and by the
    /// encoder (found by Scripts/simulate, seed 22: `forget` rewrote 12:01:05.752 as .751).
    @Test func millisecondsRoundTrip() throws {
        for base in ["2027-03-16T12:01:05", "2026-11-23T06:00:00", "1999-12-31T23:59:59", "2038-01-19T03:14:07", "2099-12-31T23:59:59"] {
            for millis in 0..<1000 {
                let text = millis == 0 ? base + "Z" : base + "." + String(format: "%03d", millis) + "Z"
                let date = try #require(HuddleJSON.parseTimestamp(text))
                #expect(HuddleJSON.timestamp(date) == text)
                let entry = JournalEntry(id: "1", at: date, team: "t", type: .gain)
                let line = String(decoding: try HuddleJSON.lineEncoder().encode(entry), as: UTF8.self)
                #expect(line.contains("\"at\":\"\(text)\"") && String(decoding: entry.jsonLine, as: UTF8.self).contains("\"at\":\"\(text)\""))
            }
        }
    }

    /// A time between two milliseconds is still cut, never rounded up.
    @Test func cutNotRounded() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123_9)
        #expect(HuddleJSON.timestamp(date) == "2027-01-15T08:00:00.123Z")
    }
}
