import Foundation

/// Local wall-clock readings of instants, without a date formatter.
public enum LocalClock {
    /// `HH:MM` of an instant in a time zone.
    public static func time(_ date: Date, in timeZone: TimeZone) -> LocalTime {
        let parts = Calendar.gregorian(timeZone).dateComponents([.hour, .minute], from: date)
        return LocalTime(hour: parts.hour!, minute: parts.minute!)!
    }

    /// `06:30` for an instant on the same local day as `now`, else `4-12 22:00`.
    public static func describe(_ date: Date, now: Date, timeZone: TimeZone) -> String {
        let day = CalendarDay(date, in: timeZone)
        let time = time(date, in: timeZone).description
        return day == CalendarDay(now, in: timeZone) ? time : "\(day.day)-\(day.month) \(time)"
    }
}
