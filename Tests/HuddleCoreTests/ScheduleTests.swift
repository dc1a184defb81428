import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore


@Suite struct ScheduleTests {
    let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!
    let newYork = TimeZone(identifier: "America/New_York")!

    func team(_ zone: TimeZone, _ shifts: [ShiftConfig]) -> TeamConfig {
        TeamConfig(id: "t", name: "T", channel: "#t", timeZone: zone, shifts: shifts)
    }

    /// Days, ordinals and weekdays agree with the calendar.
    @Test func calendarDays() {
        let day = CalendarDay(year: 2026, month: 11, day: 23)!
        #expect(day.weekday == .monday)
        #expect(CalendarDay(ordinal: day.ordinal) == day)
        #expect(day.adding(days: 40).description == "2027-01-02")
        #expect(CalendarDay(parsing: "2024-02-29") != nil && CalendarDay(parsing: "2026-02-29") == nil)
        #expect(CalendarDay(utc("2026-11-22T23:30:00Z"), in: amsterdam).description == "2026-11-23")
    }

    /// ISO weeks: Monday start, week 1 holds the first Thursday, 53-week years.
    @Test func isoWeeks() {
        #expect(ISOWeek(containing: CalendarDay(year: 2026, month: 11, day: 22)!).description == "2026-W47")
        #expect(ISOWeek(containing: CalendarDay(year: 2026, month: 11, day: 23)!).description == "2026-W48")
        #expect(ISOWeek(containing: CalendarDay(year: 2027, month: 1, day: 1)!).description == "2026-W53")
        #expect(ISOWeek(containing: CalendarDay(year: 2024, month: 12, day: 30)!).description == "2025-W01")
        #expect(ISOWeek(parsing: "2026-W53")?.monday.description == "2026-12-28")
        #expect(ISOWeek(parsing: "2025-W53") == nil)
        #expect(ISOWeek(parsing: "2026-W01")?.previous.description == "2025-W52")
        #expect(ISOWeek(parsing: "2026-w5")?.description == "2026-W05")
    }

    /// A shift opens at its local start, in UTC as the zone's offset says (winter and summer).
    @Test func localStart() {
        let shift = ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)
        let t = team(amsterdam, [shift])
        #expect(t.occurrence(of: shift, on: CalendarDay(parsing: "2026-11-23")!)?.opensAt == utc("2026-11-23T06:00:00Z"))
        #expect(t.occurrence(of: shift, on: CalendarDay(parsing: "2026-07-01")!)?.opensAt == utc("2026-07-01T05:00:00Z"))
    }

    /// Spring forward: a start inside the gap opens at the first valid instant after it.
    @Test(arguments: [("Europe/Amsterdam", "2026-03-29", "2026-03-29T01:00:00Z"), ("America/New_York", "2026-03-08", "2026-03-08T07:00:00Z")])
    func springForward(_ zone: String, _ day: String, _ expected: String) {
        let shift = ShiftConfig(name: "nacht", start: LocalTime(hour: 2, minute: 30)!)
        let t = team(TimeZone(identifier: zone)!, [shift])
        #expect(t.occurrence(of: shift, on: CalendarDay(parsing: day)!)?.opensAt == utc(expected))
    }

    /// Fall back: a start that occurs twice opens once, at the first occurrence.
    @Test(arguments: [("Europe/Amsterdam", "2026-10-25", "02:30", "2026-10-25T00:30:00Z"),
                      ("America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z")])
    func fallBack(_ zone: String, _ day: String, _ start: String, _ expected: String) {
        let t = team(TimeZone(identifier: zone)!, [ShiftConfig(name: "nacht", start: LocalTime(parsing: start)!)])
        let dayValue = CalendarDay(parsing: day)!
        let occurrences = t.occurrences(from: dayValue.start(in: t.timeZone), to: dayValue.adding(days: 1).start(in: t.timeZone))
        #expect(occurrences.map(\.opensAt) == [utc(expected)])
    }

    /// A night shift that runs past midnight belongs to the day it started; its window spans midnight.
    @Test func nightShift() {
        let night = ShiftConfig(name: "nacht", start: LocalTime(hour: 23, minute: 50)!, days: [.sunday], window: 30 * 60)
        let t = team(amsterdam, [night])
        let open = t.dueOccurrences(at: utc("2026-11-22T23:04:00Z"))
        #expect(open.map(\.key.day.description) == ["2026-11-22"])
        #expect(open[0].isOpen(at: utc("2026-11-22T23:15:00Z")) && !open[0].isOpen(at: utc("2026-11-22T23:20:00Z")))
        #expect(t.dueOccurrences(at: utc("2026-11-22T23:06:00Z")).isEmpty)
        let entry = JournalEntry(id: "x", at: utc("2026-11-22T23:05:00Z"), team: "t", type: .answer,
                                 huddle: HuddleRef(shift: "nacht", day: open[0].key.day), question: 1, text: "x")
        #expect(entry.week(in: amsterdam).description == "2026-W47")
    }

    /// Occurrences respect days and order; the next occurrence skips days off.
    @Test func occurrencesAndNext() {
        let weekdays = ShiftConfig(name: "kantoor", start: LocalTime(hour: 9, minute: 0)!, days: [.monday, .friday])
        let t = team(newYork, [weekdays])
        let week = ISOWeek(parsing: "2026-W48")!
        #expect(t.occurrences(in: week).map(\.key.day.description) == ["2026-11-23", "2026-11-27"])
        #expect(t.nextOccurrence(of: weekdays, after: utc("2026-11-23T15:00:00Z"))?.opensAt == utc("2026-11-27T14:00:00Z"))
    }

    /// Durations and times parse as the config reference says.
    @Test func textValues() {
        #expect(DurationText.seconds("15m") == 900 && DurationText.seconds("1h30m") == 5400 && DurationText.seconds("90s") == 90)
        #expect(DurationText.seconds("15") == nil && DurationText.seconds("m") == nil && DurationText.seconds("1x") == nil)
        #expect(DurationText.format(5400) == "1h30m" && DurationText.format(900) == "15m")
        #expect(LocalTime(parsing: "7:05")?.description == "07:05")
        #expect(LocalTime(parsing: "24:00") == nil && LocalTime(parsing: "07:0") == nil && LocalTime(parsing: "ab:cd") == nil)
    }
}
