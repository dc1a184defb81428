import Foundation

/// One occurrence of a calendar event that overlaps the asked interval.
public struct CalendarOccurrence: Sendable, Hashable {
    /// The event's UID (shared by every occurrence of a recurring event), empty when it has none.
    public var uid: String
    /// The SUMMARY, unescaped and trimmed; empty when the event has none.
    public var title: String
    /// When this occurrence starts (an all-day one at midnight of its day in the asked time zone).
    public var start: Date
    /// When it ends, exclusive; nil for a timed event with neither DTEND nor DURATION.
    public var end: Date?
    /// Whether the event is given in whole days (DTSTART;VALUE=DATE).
    public var allDay: Bool
    /// The LOCATION, trimmed; nil when it is missing or empty.
    public var location: String?

    /// An occurrence with all its parts.
    public init(uid: String, title: String, start: Date, end: Date?, allDay: Bool, location: String? = nil) {
        self.uid = uid
        self.title = title
        self.start = start
        self.end = end
        self.allDay = allDay
        self.location = location
    }
}
