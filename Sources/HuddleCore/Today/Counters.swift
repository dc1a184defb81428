import Foundation

/// A team's counter of days without an incident of a kind (`dagen zonder val`).
public struct CounterConfig: Sendable, Hashable {
    /// Lower-case id people name in `!incident <id> <tekst>`.
    public var id: String
    /// The words after the number: "dagen zonder val" / "days without a fall".
    public var label: LocalizedText
    /// The day counting started, when no incident is recorded yet (default: the team's first day in the journal).
    public var since: CalendarDay?

    /// Creates a counter.
    public init(id: String, label: LocalizedText, since: CalendarDay? = nil) {
        self.id = id
        self.label = label
        self.since = since
    }
}

/// Where a counter stands on a day: its days, its record, and whether today is worth celebrating.
public struct CounterStatus: Sendable, Hashable, Codable {
    public var id: String
    /// Whole days since the last incident (or since counting started).
    public var days: Int
    /// The longest run so far, this one included.
    public var record: Int
    /// The last incident, if any.
    public var lastIncident: Date?
    /// A milestone reached today: 30, 60, 100 or 365 days, or a new record (days > the old record ≥ 7).
    public var milestone: Milestone?

    /// What a day's count means.
    public enum Milestone: Sendable, Hashable, Codable {
        case days(Int)
        case record(previous: Int)
    }

    /// The milestones that are celebrated.
    public static let milestones = [30, 60, 100, 365]

    /// A counter's status on `day` from the team's incidents of it (oldest first), counting in `timeZone`.
    public init(counter: CounterConfig, incidents: [Date], day: CalendarDay, timeZone: TimeZone, firstDay: CalendarDay?) {
        id = counter.id
        let incidentDays = incidents.map { CalendarDay($0, in: timeZone) }.filter { $0 <= day }.sorted()
        let start = counter.since ?? firstDay ?? day
        var runs: [Int] = []
        var from = min(start, incidentDays.first ?? start)
        for incident in incidentDays {
            runs.append(incident.ordinal - from.ordinal)
            from = incident
        }
        days = max(0, day.ordinal - from.ordinal)
        let previousRecord = runs.max() ?? 0
        record = max(previousRecord, days)
        lastIncident = incidents.last { CalendarDay($0, in: timeZone) <= day }
        if Self.milestones.contains(days) {
            milestone = .days(days)
        } else if !runs.isEmpty, previousRecord >= 7, days == previousRecord + 1 {
            milestone = .record(previous: previousRecord)
        }
    }
}

/// The topic of the day every team of a group shares (as a Ritz-Carlton line-up): by date, else by weekday.
public struct Lineup: Sendable, Hashable {
    public var byDate: [CalendarDay: LocalizedText]
    public var byWeekday: [Weekday: LocalizedText]
    /// Calendars whose events of the day are the topic (their titles).
    public var sources: [DaySource]

    /// Creates a line-up.
    public init(byDate: [CalendarDay: LocalizedText] = [:], byWeekday: [Weekday: LocalizedText] = [:], sources: [DaySource] = []) {
        self.byDate = byDate
        self.byWeekday = byWeekday
        self.sources = sources
    }

    /// The topic set for `day` in the config (a date before a weekday), if any.
    public func topic(on day: CalendarDay) -> LocalizedText? { byDate[day] ?? byWeekday[day.weekday] }

    /// Whether nothing is set.
    public var isEmpty: Bool { byDate.isEmpty && byWeekday.isEmpty && sources.isEmpty }
}
