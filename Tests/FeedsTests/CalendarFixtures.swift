import Foundation
import Testing

/// The calendars `Fixtures/make-calendars.py` wrote with PyPI's `icalendar`.
enum CalendarFixtures {
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "ics", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }
}

let amsterdamZone = TimeZone(identifier: "Europe/Amsterdam")!
let utcZone = TimeZone(identifier: "UTC")!

/// The instant of a wall-clock time in `zone` (Amsterdam unless given).
func wallClock(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, in zone: TimeZone = amsterdamZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
}

/// The hour and minute of `date` in `zone`.
func hourAndMinute(_ date: Date, in zone: TimeZone) -> [Int] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.hour, .minute], from: date)
    return [parts.hour!, parts.minute!]
}
