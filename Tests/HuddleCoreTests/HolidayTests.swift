import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

@Suite struct HolidayTests {
    /// Easter Sunday for known years.
    @Test(arguments: [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2038, "2038-04-25")])
    func easter(_ year: Int, _ expected: String) {
        #expect(HolidayCalendar.easter(year).description == expected)
    }

    /// The Dutch calendar of 2026, with Ascension and Whitsun from Easter.
    @Test func dutch2026() {
        let days = HolidayCalendar.nl.holidays(in: 2026).map { "\($0.day) \($0.name.nl)" }
        #expect(days == [
            "2026-01-01 Nieuwjaarsdag", "2026-04-03 Goede Vrijdag", "2026-04-05 Eerste paasdag", "2026-04-06 Tweede paasdag",
            "2026-04-27 Koningsdag", "2026-05-05 Bevrijdingsdag", "2026-05-14 Hemelvaartsdag", "2026-05-24 Eerste pinksterdag",
            "2026-05-25 Tweede pinksterdag", "2026-12-25 Eerste kerstdag", "2026-12-26 Tweede kerstdag",
        ])
    }

    /// King's Day moves to Saturday the 26th when the 27th is a Sunday.
    @Test func kingsDaySundayRule() {
        #expect(HolidayCalendar.nl.holiday(on: CalendarDay(parsing: "2025-04-26")!)?.name.en == "King's Day")
        #expect(HolidayCalendar.nl.holiday(on: CalendarDay(parsing: "2025-04-27")!) == nil)
        #expect(HolidayCalendar.nl.holiday(on: CalendarDay(parsing: "2026-04-27")!)?.name.nl == "Koningsdag")
    }

    /// The plan shows days off with their reason; the next huddle skips them.
    @Test func plannedWithDaysOff() {
        let team = TeamConfig(id: "r", name: "R", channel: "#r", timeZone: TimeZone(identifier: "Europe/Amsterdam")!,
                              shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!,
                                                   skipDates: [CalendarDay(parsing: "2026-12-24")!])],
                              holidays: .nl, skipDates: [CalendarDay(parsing: "2026-12-27")!])
        let planned = team.plannedHuddles(after: utc("2026-12-23T12:00:00Z"), count: 5)
        #expect(planned.map { "\($0.occurrence.key.day) \($0.skip?.text(.nl) ?? "-")" } == [
            "2026-12-24 vrije dag (skip_dates)", "2026-12-25 feestdag: Eerste kerstdag", "2026-12-26 feestdag: Tweede kerstdag",
            "2026-12-27 vrije dag (skip_dates)", "2026-12-28 -",
        ])
        #expect(team.nextHuddle(after: utc("2026-12-23T12:00:00Z"))?.key.day.description == "2026-12-28")
        #expect(team.dueOccurrences(at: utc("2026-12-25T06:00:00Z")).isEmpty)
        #expect(team.pastOccurrences(from: utc("2026-12-23T00:00:00Z"), to: utc("2026-12-29T00:00:00Z")).map(\.key.day.description)
                == ["2026-12-23", "2026-12-28"])
    }

    /// A 24/7 hotel: three shifts, the night shift across midnight, holidays and grace.
    @Test func hotel() throws {
        let config = try ConfigLoader.load(yaml: try String(contentsOfFile: repositoryFile("Config/hotel-24-7.yaml"), encoding: .utf8),
                                           path: "Config/hotel-24-7.yaml")
        let team = config.teams[0]
        #expect(config.warnings.isEmpty)
        #expect(team.shifts.map(\.length) == [8 * 3600, 8 * 3600, 8 * 3600])
        #expect(team.shift(named: "nacht")?.grace == 1800 && team.remind == .mention && team.intro != nil)
        let planned = team.plannedHuddles(after: utc("2026-12-24T12:00:00Z"), count: 9)
        #expect(planned.map { "\($0.occurrence.key.shift)@\($0.occurrence.key.day)\($0.skip == nil ? "" : "!")" } == [
            "middag@2026-12-24", "nacht@2026-12-24", "ochtend@2026-12-25!", "middag@2026-12-25!", "nacht@2026-12-25!",
            "ochtend@2026-12-26!", "middag@2026-12-26!", "nacht@2026-12-26!", "ochtend@2026-12-27",
        ])
        #expect(planned[1].occurrence.opensAt == utc("2026-12-24T22:00:00Z"))
    }
}

/// A file of the repository, found from this test's path.
func repositoryFile(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(relative).path
}
