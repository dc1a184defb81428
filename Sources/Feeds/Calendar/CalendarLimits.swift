/// How much work reading one calendar may take, so that a broken or hostile calendar costs
/// seconds at most, not minutes (see `RecurrenceExpansion` for how rules are walked).
public struct CalendarLimits: Sendable {
    /// The most starts the rules of one event yield: a rule of minutes over a day, with the day of
    /// its BYHOUR list before (2 940), fits; a rule of seconds is cut short.
    public var instancesPerEvent = 3_000
    /// The most starts the rules of all a calendar's events yield: a thousand events recurring
    /// daily or weekly need a few each.
    public var instancesPerCalendar = 100_000
    /// How many steps the rules of a calendar are walked together, counting a day for each step
    /// of a week, month or year (libical goes through its days): libical takes each step through
    /// ICU, about a microsecond, whether it yields a start or not. A rule near the window walks a
    /// few steps; one with a COUNT walks from its DTSTART, 3 650 for a rule of ten years ago. The
    /// newest series are walked first; a rule past this budget keeps its DTSTART and RDATEs.
    public var stepsPerCalendar = 5_000_000

    /// The limits Huddle reads its sources with.
    public static let standard = CalendarLimits()

    /// Limits of your own, for tools that read many calendars.
    public init(instancesPerEvent: Int = 3_000, instancesPerCalendar: Int = 100_000, stepsPerCalendar: Int = 5_000_000) {
        self.instancesPerEvent = instancesPerEvent
        self.instancesPerCalendar = instancesPerCalendar
        self.stepsPerCalendar = stepsPerCalendar
    }
}
