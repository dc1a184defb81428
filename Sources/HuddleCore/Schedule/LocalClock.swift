import Foundation

/// Local wall-clock readings of instants, without a date formatter.
public enum LocalClock {
    /// `HH:MM` of an instant in a time zone.
    public static func time(_ date: Date, in timeZone: TimeZone) -> LocalTime {
        let parts = Calendar.gregorian(timeZone).dateComponents([.hour, .minute], from: date)
        return LocalTime(hour: parts.hour!, minute: parts.minute!)!
    }
}
