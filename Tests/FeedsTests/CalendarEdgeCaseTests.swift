import Foundation
import Testing
@testable import Feeds

/// A calendar of the given VEVENT bodies (lines joined with CRLF).
private func calendar(_ events: String...) -> Data {
    let body = events.map { "BEGIN:VEVENT\r\n" + $0.split(separator: "\n").joined(separator: "\r\n") + "\r\nEND:VEVENT\r\n" }.joined()
    return Data(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Huddle//tests//EN\r\n" + body + "END:VCALENDAR\r\n").utf8)
}

private func occurrences(_ data: Data, _ from: Date, _ to: Date) throws -> [CalendarOccurrence] {
    try CalendarReader.occurrences(in: data, from: from, to: to, timeZone: amsterdamZone)
}

@Suite struct CalendarEdgeCaseTests {
    /// Text that is not a calendar is an error naming its first line of text.
    @Test func notACalendar() throws {
        let error = #expect(throws: FeedError.self) {
            try occurrences(Data("\n\nname,room\nAnna,12\n".utf8), wallClock(2026, 1, 1), wallClock(2026, 1, 2))
        }
        #expect(error?.line == 3)
        #expect(error?.message == "not an iCalendar file: expected BEGIN:VCALENDAR, found 'name,room'")
        let event = #expect(throws: FeedError.self) {
            try occurrences(Data("BEGIN:VEVENT\r\nDTSTART:20260101T090000Z\r\nEND:VEVENT\r\n".utf8), wallClock(2026, 1, 1), wallClock(2026, 1, 2))
        }
        #expect(event?.line == 1)
    }

    /// Empty input is an error (an export with no events is still a VCALENDAR).
    @Test func empty() throws {
        for text in ["", "\r\n  \n"] {
            let error = #expect(throws: FeedError.self) { try occurrences(Data(text.utf8), wallClock(2026, 1, 1), wallClock(2026, 1, 2)) }
            #expect(error?.message == "the iCalendar source is empty: expected BEGIN:VCALENDAR")
        }
        #expect(try occurrences(calendar(), wallClock(2026, 1, 1), wallClock(2026, 1, 2)).isEmpty)
    }

    /// Garbage bytes are an error, not a crash.
    @Test(arguments: [[0xFF, 0xFE, 0x00, 0x41], [0x42, 0x45, 0x47, 0x49, 0x4E, 0x3A], Array("BEGIN:VCALENDAR\r\n\u{1}\u{2}:;;\r\n".utf8)])
    func garbage(bytes: [UInt8]) {
        do {
            let found = try occurrences(Data(bytes), wallClock(2026, 1, 1), wallClock(2026, 1, 2))
            #expect(found.isEmpty)
        } catch let error as FeedError {
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("not a FeedError: \(error)")
        }
    }

    /// FREQ=SECONDLY with no end is capped at `instancesPerEvent`; a rule whose parts never meet ends too.
    @Test(.timeLimit(.minutes(1))) func secondlyIsCapped() throws {
        let endless = calendar("UID:s\nSUMMARY:tick\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY")
        #expect(try occurrences(endless, wallClock(2026, 1, 1, 0, 0, in: utcZone), wallClock(2026, 1, 2, 0, 0, in: utcZone)).count
            == CalendarLimits.standard.instancesPerEvent)
        let never = calendar("UID:n\nSUMMARY:never\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
                             "UID:m\nSUMMARY:never\nDTSTART:20000101T000000Z\nRRULE:FREQ=MINUTELY;COUNT=5;BYMONTH=4;BYMONTHDAY=31")
        #expect(try occurrences(never, wallClock(2026, 1, 1), wallClock(2026, 3, 1)).map(\.uid) == ["n"])
    }

    /// The rules of one event share its cap (found by the fuzzer: one event with twenty rules of
    /// seconds), and all the events of a calendar share a larger one.
    @Test(.timeLimit(.minutes(1))) func capsAreShared() throws {
        let rules = String(repeating: "\nRRULE:FREQ=SECONDLY;BYHOUR=3", count: 20)
        let many = calendar("UID:s\nSUMMARY:tick\nDTSTART:20260101T000000Z" + rules + "\nRRULE:FREQ=SECONDLY;INTERVAL=3")
        #expect(try occurrences(many, wallClock(2026, 1, 1, 0, 0, in: utcZone), wallClock(2026, 1, 2, 0, 0, in: utcZone)).count
            <= CalendarLimits.standard.instancesPerEvent)
        let perEvent = CalendarLimits.standard.instancesPerEvent
        let events = (0...(CalendarLimits.standard.instancesPerCalendar / perEvent)).map { "UID:e\($0)\nSUMMARY:tick\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY" }
        let found = try occurrences(calendar(events.joined(separator: "\nEND:VEVENT\r\nBEGIN:VEVENT\n")),
                                    wallClock(2026, 1, 1, 0, 0, in: utcZone), wallClock(2026, 1, 2, 0, 0, in: utcZone))
        #expect(found.count == CalendarLimits.standard.instancesPerCalendar)
    }

    /// Floating times and dates are read in the team's zone across its DST changes (zoned times
    /// too, as RFC 5545 3.3.5 says): a time in the
    /// spring gap moves on by the gap, one in the autumn's repeated hour is the first of the two,
    /// and the day of the change lasts 23 or 25 hours.
    @Test func floatingTimesAcrossDaylightSaving() throws {
        let data = calendar("UID:g\nSUMMARY:gap\nDTSTART:20260329T023000\nDURATION:PT1H",
                            "UID:o\nSUMMARY:twice\nDTSTART:20261025T023000\nDURATION:PT1H",
                            "UID:s\nSUMMARY:spring day\nDTSTART;VALUE=DATE:20260329",
                            "UID:a\nSUMMARY:autumn day\nDTSTART;VALUE=DATE:20261025",
                            "UID:z\nSUMMARY:zoned gap\nDTSTART;TZID=America/New_York:20260308T023000")
        let found = try occurrences(data, wallClock(2026, 3, 1), wallClock(2026, 11, 1))
        let byUID = Dictionary(uniqueKeysWithValues: found.map { ($0.uid, $0) })
        #expect(byUID["g"]?.start == wallClock(2026, 3, 29, 1, 30, in: utcZone))
        #expect(byUID["z"]?.start == wallClock(2026, 3, 8, 7, 30, in: utcZone)) // RFC 5545's own example: 03:30 EDT
        #expect(byUID["o"]?.start == wallClock(2026, 10, 25, 0, 30, in: utcZone))
        #expect(byUID["s"]?.start == wallClock(2026, 3, 28, 23, 0, in: utcZone) && byUID["s"]?.end == wallClock(2026, 3, 29, 22, 0, in: utcZone))
        #expect(byUID["a"]?.start == wallClock(2026, 10, 24, 22, 0, in: utcZone) && byUID["a"]?.end == wallClock(2026, 10, 25, 23, 0, in: utcZone))
    }

    /// A rule that would walk past the calendar's steps keeps only its DTSTART; one within them is
    /// walked as before.
    @Test func stepsAreBounded() throws {
        let data = calendar("UID:c\nSUMMARY:counted\nDTSTART:20260401T090000Z\nRRULE:FREQ=DAILY;COUNT=100")
        let (from, to) = (wallClock(2026, 4, 10), wallClock(2026, 4, 11))
        #expect(try CalendarReader.occurrences(in: data, from: from, to: to, timeZone: amsterdamZone).map(\.uid) == ["c"])
        let tight = CalendarLimits(stepsPerCalendar: 5)
        #expect(try CalendarReader.occurrences(in: data, from: from, to: to, timeZone: amsterdamZone, limits: tight).isEmpty)
    }

    /// The newest series get the steps first: a calendar of many old series, which walk from
    /// their DTSTART when they have a COUNT, still shows today's one, listed last.
    @Test func oldSeriesDoNotCrowdOutTodays() throws {
        let old = (0..<200).map { "UID:old\($0)\nSUMMARY:old\nDTSTART:20100104T090000Z\nRRULE:FREQ=DAILY;UNTIL=20150101T000000Z" }
        let counted = (0..<200).map { "UID:cnt\($0)\nSUMMARY:counted\nDTSTART:20120104T090000Z\nRRULE:FREQ=WEEKLY;COUNT=10" }
        let data = calendar((old + counted + ["UID:today\nSUMMARY:today\nDTSTART:20260401T090000Z\nRRULE:FREQ=DAILY"]).joined(separator: "\nEND:VEVENT\r\nBEGIN:VEVENT\n"))
        // The counted series walk from 2012: about 5,200 steps each, a million together.
        let limits = CalendarLimits(stepsPerCalendar: 400_000)
        let found = try CalendarReader.occurrences(in: data, from: wallClock(2026, 4, 10), to: wallClock(2026, 4, 11), timeZone: amsterdamZone, limits: limits)
        #expect(found.map(\.uid) == ["today"])
    }

    /// A VTIMEZONE whose rule no zone has (found by the fuzzer: libical expands it minute by minute
    /// for every conversion) loses that rule, and its events are still read, at its fixed offset.
    @Test(.timeLimit(.minutes(1))) func runawayZoneRule() throws {
        let zone = "BEGIN:VTIMEZONE\r\nTZID:Fuzz\r\nBEGIN:STANDARD\r\nDTSTART:20200101T000000\r\nRRULE:FREQ=SECONDLY\r\n"
            + "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        let text = String(decoding: calendar("UID:z\nSUMMARY:zoned\nDTSTART;TZID=Fuzz:20260410T090000"), as: UTF8.self)
            .replacingOccurrences(of: "BEGIN:VEVENT", with: zone + "BEGIN:VEVENT")
        let found = try occurrences(Data(text.utf8), wallClock(2026, 4, 10), wallClock(2026, 4, 11))
        #expect(found.map(\.start) == [wallClock(2026, 4, 10, 7, 0, in: utcZone)])
    }

    /// A rule of seconds on an all-day event (found by the fuzzer: libical walked its hidden time
    /// second by second) is left out: the event is its own day.
    @Test(.timeLimit(.minutes(1))) func subDailyRuleOnADate() throws {
        let data = calendar("UID:d\nSUMMARY:day\nDTSTART;VALUE=DATE:20260407\nRRULE:FREQ=SECONDLY;BYHOUR=3")
        #expect(try occurrences(data, wallClock(2026, 4, 1), wallClock(2026, 5, 1)).map(\.start) == [wallClock(2026, 4, 7)])
    }

    /// A rule of seconds that started days before the window still has its instances in the window.
    @Test func secondlyReachesTheWindow() throws {
        let endless = calendar("UID:s\nSUMMARY:tick\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;INTERVAL=7")
        let found = try occurrences(endless, wallClock(2026, 4, 10, 12, 0, in: utcZone), wallClock(2026, 4, 10, 12, 1, in: utcZone))
        #expect(found.count == 8)
        #expect(found.allSatisfy { Int($0.start.timeIntervalSince(wallClock(2026, 1, 1, 0, 0, in: utcZone))) % 7 == 0 })
    }

    /// A daily rule from long ago still reaches today, and one of hours with an interval stays on its own steps.
    @Test func longRunningRules() throws {
        let old = calendar("UID:o\nSUMMARY:old\nDTSTART;TZID=Europe/Amsterdam:19900101T090000\nRRULE:FREQ=DAILY")
        #expect(try occurrences(old, wallClock(2026, 4, 10), wallClock(2026, 4, 11)).map(\.start) == [wallClock(2026, 4, 10, 9)])
        let hourly = calendar("UID:h\nSUMMARY:round\nDTSTART:20260101T000000Z\nRRULE:FREQ=HOURLY;INTERVAL=5")
        let found = try occurrences(hourly, wallClock(2026, 3, 10, 0, 0, in: utcZone), wallClock(2026, 3, 10, 12, 0, in: utcZone))
        #expect(found.map(\.start) == [wallClock(2026, 3, 10, 3, 0, in: utcZone), wallClock(2026, 3, 10, 8, 0, in: utcZone)])
    }

    /// Hourly at listed hours gives every listed hour, on the first day too and on a day long after
    /// (libical alone skips the hours of its first day between DTSTART and the first it lists).
    @Test func hourlyAtListedHours() throws {
        let data = calendar("UID:h\nSUMMARY:rounds\nDTSTART:20250123T070000Z\nRRULE:FREQ=HOURLY;BYHOUR=13,23,18")
        let first = try occurrences(data, wallClock(2025, 1, 23, 0, 0, in: utcZone), wallClock(2025, 1, 24, 0, 0, in: utcZone))
        #expect(first.map(\.start) == [7, 13, 18, 23].map { wallClock(2025, 1, 23, $0, 0, in: utcZone) })
        let later = try occurrences(data, wallClock(2026, 9, 15, 0, 0, in: utcZone), wallClock(2026, 9, 16, 0, 0, in: utcZone))
        #expect(later.map(\.start) == [13, 18, 23].map { wallClock(2026, 9, 15, $0, 0, in: utcZone) })
    }

    /// An unsorted BYHOUR gives each day's hours in order (libical 3.0 would walk the list as written).
    @Test func unsortedByHour() throws {
        let data = calendar("UID:u\nSUMMARY:rounds\nDTSTART:20260410T090000Z\nRRULE:FREQ=DAILY;BYHOUR=21,9,13")
        let found = try occurrences(data, wallClock(2026, 4, 10, 0, 0, in: utcZone), wallClock(2026, 4, 12, 0, 0, in: utcZone))
        #expect(found.map(\.start) == [(10, 9), (10, 13), (10, 21), (11, 9), (11, 13), (11, 21)].map { wallClock(2026, 4, $0, $1, 0, in: utcZone) })
    }

    /// A DURATION of a day is nominal (23 hours into summer time); a DTEND's length is exact (RFC 5545 3.8.5.3).
    @Test func durationAcrossDaylightSaving() throws {
        let data = calendar(
            "UID:nominal\nSUMMARY:day pass\nDTSTART;TZID=Europe/Amsterdam:20260327T120000\nDURATION:P1D\nRRULE:FREQ=DAILY;COUNT=3",
            "UID:exact\nSUMMARY:day pass\nDTSTART;TZID=Europe/Amsterdam:20260327T120000\nDTEND;TZID=Europe/Amsterdam:20260328T120000\nRRULE:FREQ=DAILY;COUNT=3")
        let found = try occurrences(data, wallClock(2026, 3, 28, 12), wallClock(2026, 3, 28, 13))
        #expect(found.first { $0.uid == "nominal" }?.end == wallClock(2026, 3, 29, 12))
        #expect(found.first { $0.uid == "exact" }?.end == wallClock(2026, 3, 29, 13))
    }

    /// RDATE adds starts, a date EXDATE removes an all-day one, an event without DTSTART is skipped,
    /// and an override whose series is missing still shows.
    @Test func datesAndOrphans() throws {
        let data = calendar(
            "UID:a\nSUMMARY:Market\nDTSTART;VALUE=DATE:20260406\nRRULE:FREQ=WEEKLY;COUNT=3\nEXDATE;VALUE=DATE:20260413\nRDATE;VALUE=DATE:20260415",
            "UID:b\nSUMMARY:No start",
            "UID:c\nSUMMARY:Moved alone\nRECURRENCE-ID:20260407T090000Z\nDTSTART:20260408T100000Z",
            "UID:d\nSUMMARY:Bad start\nDTSTART:garbage")
        let found = try occurrences(data, wallClock(2026, 4, 1), wallClock(2026, 5, 1))
        #expect(found.map(\.title) == ["Market", "Moved alone", "Market", "Market"])
        #expect(found.map(\.start) == [wallClock(2026, 4, 6), wallClock(2026, 4, 8, 10, 0, in: utcZone), wallClock(2026, 4, 15), wallClock(2026, 4, 20)])
        #expect(found[1].end == nil)
    }

    /// Readers on many threads at once get the same answer (libical is used under a lock).
    @Test func concurrentReads() async throws {
        let data = try CalendarFixtures.data("weekly")
        let expected = try occurrences(data, wallClock(2026, 1, 1), wallClock(2026, 3, 1))
        try await withThrowingTaskGroup(of: [CalendarOccurrence].self) { group in
            for _ in 0..<16 { group.addTask { try occurrences(data, wallClock(2026, 1, 1), wallClock(2026, 3, 1)) } }
            for try await found in group { #expect(found == expected) }
        }
    }
}
