/// How much work reading one calendar may take, so that a broken or hostile calendar costs
/// seconds at most, not minutes (see `RecurrenceExpansion` for how rules are walked).
public struct CalendarLimits: Sendable {
    /// The most starts the rules of one event yield: a rule of minutes over a day, with the day of
    /// its BYHOUR list before (2 940), fits; a rule of seconds is cut short.
    public var instancesPerEvent = 3_000
    /// The most starts the rules of all a calendar's events yield: a thousand events recurring
    /// daily or weekly need a few each.
    public var instancesPerCalendar = 100_000
    /// How many steps of their frequencies the rules of a calendar are walked together: libical
    /// takes each step through ICU whether it yields a start or not. A rule near the window walks
    /// a few steps; one with a COUNT walks from its DTSTART, a few thousand for a daily rule of
    /// years ago. A rule past this budget keeps its DTSTART and RDATEs.
    public var stepsPerCalendar = 2_000_000

    /// The limits Huddle reads its sources with.
    public static let standard = CalendarLimits()

    /// Limits of your own, for tools that read many calendars.
    public init(instancesPerEvent: Int = 3_000, instancesPerCalendar: Int = 100_000, stepsPerCalendar: Int = 2_000_000) {
        self.instancesPerEvent = instancesPerEvent
        self.instancesPerCalendar = instancesPerCalendar
        self.stepsPerCalendar = stepsPerCalendar
    }
}
