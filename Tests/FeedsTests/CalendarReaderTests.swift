import Foundation
import Testing
import Feeds

/// The occurrences of a fixture in [from, to), read in Amsterdam unless another zone is given.
private func occurrences(_ fixture: String, _ from: Date, _ to: Date, in zone: TimeZone = amsterdamZone) throws -> [CalendarOccurrence] {
    try CalendarReader.occurrences(in: CalendarFixtures.data(fixture), from: from, to: to, timeZone: zone)
}

@Suite struct CalendarReaderTests {
    /// A weekly rule loses its EXDATE and its cancelled instance, and the moved instance replaces the original.
    @Test func weeklyWithExceptions() throws {
        let found = try occurrences("weekly", wallClock(2026, 1, 1), wallClock(2026, 3, 1))
        #expect(found.map(\.start) == [
            wallClock(2026, 1, 5, 9), wallClock(2026, 1, 12, 9), wallClock(2026, 1, 27, 14),
            wallClock(2026, 2, 9, 9), wallClock(2026, 2, 16, 9), wallClock(2026, 2, 23, 9),
        ])
        #expect(found.map(\.title)[2] == "Housekeeping briefing (moved)")
        #expect(found.allSatisfy { $0.uid == "briefing@huddle" && !$0.allDay && $0.end == $0.start.addingTimeInterval(1_800) })
        // COUNT=10 ends the series on 9 March.
        let march = try occurrences("weekly", wallClock(2026, 3, 1), wallClock(2026, 4, 1))
        #expect(march.map(\.start) == [wallClock(2026, 3, 2, 9), wallClock(2026, 3, 9, 9)])
    }

    /// Only what overlaps the window comes back: the moved instance is found on its new day, not its old one.
    @Test func overrideMovesOutOfItsDay() throws {
        #expect(try occurrences("weekly", wallClock(2026, 1, 26), wallClock(2026, 1, 27)).isEmpty)
        #expect(try occurrences("weekly", wallClock(2026, 1, 27), wallClock(2026, 1, 28)).map(\.start) == [wallClock(2026, 1, 27, 14)])
        #expect(try occurrences("weekly", wallClock(2026, 2, 2), wallClock(2026, 2, 3)).isEmpty)
    }

    /// A daily 09:00 Amsterdam event stays at 09:00 local across both changes of 2026 (VTIMEZONE from the file).
    @Test func daylightSaving() throws {
        let spring = try occurrences("amsterdam", wallClock(2026, 3, 20), wallClock(2026, 4, 10)).filter { $0.uid == "spring@huddle" }
        #expect(spring.count == 7)
        #expect(spring.allSatisfy { hourAndMinute($0.start, in: amsterdamZone) == [9, 0] })
        #expect(spring.map { hourAndMinute($0.start, in: utcZone)[0] } == [8, 8, 8, 7, 7, 7, 7])
        let autumn = try occurrences("amsterdam", wallClock(2026, 10, 1), wallClock(2026, 11, 1)).filter { $0.uid == "autumn@huddle" }
        #expect(autumn.count == 7)
        #expect(autumn.allSatisfy { hourAndMinute($0.start, in: amsterdamZone) == [9, 0] })
        #expect(autumn.map { hourAndMinute($0.start, in: utcZone)[0] } == [7, 7, 7, 8, 8, 8, 8])
        #expect(autumn.allSatisfy { $0.end == $0.start.addingTimeInterval(900) })
    }

    /// A time that occurs twice when the clocks go back is the first of the two (RFC 5545 3.3.5).
    @Test func repeatedHour() throws {
        let audits = try occurrences("amsterdam", wallClock(2026, 10, 24), wallClock(2026, 10, 27)).filter { $0.uid == "audit@huddle" }
        #expect(audits.map { hourAndMinute($0.start, in: utcZone) } == [[0, 30], [0, 30], [1, 30]])
        #expect(audits.allSatisfy { hourAndMinute($0.start, in: amsterdamZone) == [2, 30] })
    }

    /// TZID=Europe/Amsterdam with its VTIMEZONE, read from another zone, gives the same instants; LOCATION is unescaped.
    @Test func zonedEventReadFromElsewhere() throws {
        let found = try occurrences("amsterdam", wallClock(2026, 6, 15), wallClock(2026, 6, 16), in: TimeZone(identifier: "America/New_York")!)
        #expect(found == [CalendarOccurrence(uid: "inspection@huddle", title: "Fire inspection", start: wallClock(2026, 6, 15, 13),
                                             end: wallClock(2026, 6, 15, 15), allDay: false, location: "Kitchen, ground floor")])
    }

    /// TZID=Europe/Amsterdam without a VTIMEZONE in the file uses libical's built-in zone, summer and winter.
    @Test func builtinZone() throws {
        let found = try occurrences("no-vtimezone", wallClock(2026, 1, 1), wallClock(2027, 1, 1))
        #expect(found.map(\.start) == [wallClock(2026, 7, 1, 6, 0, in: utcZone), wallClock(2026, 12, 1, 7, 0, in: utcZone)])
    }

    /// One day of the mixed file: all-day, floating, folded, DURATION and UTC events, the cancelled one left out, sorted.
    @Test func mixedDay() throws {
        let found = try occurrences("mixed", wallClock(2026, 4, 10), wallClock(2026, 4, 11))
        #expect(found.map(\.uid) == ["allday@huddle", "floating@huddle", "long@huddle", "duration@huddle", "utc@huddle"])
        #expect(found[0] == CalendarOccurrence(uid: "allday@huddle", title: "Hotel fully booked", start: wallClock(2026, 4, 10),
                                               end: wallClock(2026, 4, 11), allDay: true))
        #expect(found[1].start == wallClock(2026, 4, 10, 7) && found[1].end == wallClock(2026, 4, 10, 10, 30))
        #expect(found[2].title == "Quarterly review of the breakfast buffet, the room-service menu; and the late-night bar card, "
            + "with the chef, the night manager and the sommelier")
        #expect(found[3].start == wallClock(2026, 4, 10, 11, 30) && found[3].end == wallClock(2026, 4, 10, 13))
        #expect(found[4].start == wallClock(2026, 4, 10, 14, 0, in: utcZone) && found[4].end == wallClock(2026, 4, 10, 14, 45, in: utcZone))
        #expect(found.allSatisfy { $0.title != "Team outing" })
    }

    /// Floating and all-day times are read in the asked zone; UTC times are not.
    @Test func floatingFollowsTheAskedZone() throws {
        let newYork = TimeZone(identifier: "America/New_York")!
        let found = try occurrences("mixed", wallClock(2026, 4, 10, in: newYork), wallClock(2026, 4, 11, in: newYork), in: newYork)
        #expect(found.first { $0.uid == "floating@huddle" }?.start == wallClock(2026, 4, 10, 7, 0, in: newYork))
        #expect(found.first { $0.uid == "allday@huddle" }?.end == wallClock(2026, 4, 11, in: newYork))
        #expect(found.first { $0.uid == "utc@huddle" }?.start == wallClock(2026, 4, 10, 14, 0, in: utcZone))
    }

    /// A multi-day all-day event covers up to its DTEND date; one without DTEND covers its own day.
    @Test func allDaySpans() throws {
        let spa = try occurrences("mixed", wallClock(2026, 4, 13), wallClock(2026, 4, 14))
        #expect(spa.map(\.uid) == ["multiday@huddle"])
        #expect(spa.first?.start == wallClock(2026, 4, 12) && spa.first?.end == wallClock(2026, 4, 15))
        #expect(try occurrences("mixed", wallClock(2026, 4, 15), wallClock(2026, 4, 16)).isEmpty)
        let kingsDay = try occurrences("mixed", wallClock(2026, 4, 27, 23), wallClock(2026, 4, 28, 1))
        #expect(kingsDay.map(\.end) == [wallClock(2026, 4, 28)])
    }

    /// The window is half-open: an event ending at `from` or starting at `to` is not in it.
    @Test func halfOpenWindow() throws {
        #expect(try occurrences("amsterdam", wallClock(2026, 6, 15, 15), wallClock(2026, 6, 15, 16)).isEmpty)
        #expect(try occurrences("amsterdam", wallClock(2026, 6, 15, 12), wallClock(2026, 6, 15, 13)).isEmpty)
        #expect(try occurrences("amsterdam", wallClock(2026, 6, 15, 14, 59), wallClock(2026, 6, 15, 15)).count == 1)
    }

    /// An empty or backwards window has no occurrences.
    @Test func emptyWindow() throws {
        #expect(try occurrences("weekly", wallClock(2026, 1, 5, 9), wallClock(2026, 1, 5, 9)).isEmpty)
        #expect(try occurrences("weekly", wallClock(2026, 3, 1), wallClock(2026, 1, 1)).isEmpty)
    }
}
