import CLibical
import Foundation

/// The instance starts of one recurring event that can overlap a window: DTSTART, every RRULE
/// (expanded by libical's iterator) and RDATE, less the EXDATEs. EXRULE (deprecated by RFC 5545)
/// is not applied.
///
/// libical 3.0 walks a rule step by step in units of its frequency, and a rule whose parts never
/// meet (`FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30`) walks to the year 2582. So each rule is given an
/// UNTIL no later than a day past the window and no more than `maximumSteps` (or
/// `maximumSubDailySteps`) units past where the walk starts; rules without COUNT start near the
/// window (`icalrecur_iterator_set_start`, as `icalcomponent_foreach_recurrence` does, or another
/// DTSTART on the rule's steps for rules of seconds, minutes and hours); and the rules of one
/// event yield at most `CalendarLimits.instancesPerEvent` starts together (each stopping at its
/// first start at or past the window's end), and the calendar's limits bound all its rules.
///
/// Where libical 3.0 departs from RFC 5545 the reader does too (found against PyPI's
/// `recurring-ical-events`): `FREQ=HOURLY` with BYHOUR ignores INTERVAL, a rule of hours keeps
/// counting hours across a DST change (its wall-clock times move by the hour the clocks did), and
/// a weekly rule with INTERVAL over 1 and a single BYDAY whose DTSTART falls on another day starts
/// a period late.
struct RecurrenceExpansion {
    /// How many steps of its frequency a rule of seconds, minutes or hours is walked: 2.8 hours, a
    /// week, 14 months, as far as the instances allowed reach.
    static let maximumSubDailySteps = 10_000
    /// How many steps a rule of days or longer is walked (274 years of days).
    static let maximumSteps = 100_000
    /// Slack around the window for the day an all-day or floating start falls on.
    private static let margin: TimeInterval = 86_400
    /// Slack before the window for a rule of seconds, minutes or hours (a DST change).
    private static let subDailyMargin: TimeInterval = 3_600

    /// What the rules of a calendar may still yield and walk.
    struct Budget {
        var instances: Int
        var steps: Int

        init(_ limits: CalendarLimits) {
            instances = limits.instancesPerCalendar
            steps = limits.stepsPerCalendar
        }
    }

    /// One start of the event, with the end an RDATE period gives it.
    struct Instance {
        var start: icaltimetype
        var date: Date
        var periodEnd: icaltimetype?
    }

    let clock: CalendarClock
    let from: Date
    let to: Date
    let limits: CalendarLimits

    /// The event's instances, in no particular order, without repeats; `reach` is how long an
    /// instance lasts, so that one starting before the window can still overlap it. `budget` is
    /// what the calendar's rules may still yield and walk; it goes down by what this event's rules do.
    func instances(of event: CalendarEvent, reach: TimeInterval, budget: inout Budget) -> [Instance] {
        var instances: [Instance] = []
        var seen = Set<Date>()
        let excludedInstants = Set(event.exceptions.filter { $0.is_date == 0 }.compactMap { clock.date($0) })
        let excludedDays = Set(event.exceptions.filter { $0.is_date != 0 }.map(CivilTime.dayNumber(of:)))
        func add(_ start: icaltimetype, at date: Date, periodEnd: icaltimetype? = nil) {
            if !excludedInstants.contains(date), !excludedDays.contains(CivilTime.dayNumber(of: start)),
               seen.insert(date).inserted {
                instances.append(Instance(start: start, date: date, periodEnd: periodEnd))
            }
        }

        guard let eventStart = clock.date(event.start) else { return instances }
        add(event.start, at: eventStart)
        for extra in event.extraStarts {
            if let date = clock.date(extra.start) { add(extra.start, at: date, periodEnd: extra.end) }
        }
        var left = min(limits.instancesPerEvent, budget.instances)
        let given = left
        for rule in event.rules where left > 0 {
            walk(rule, from: event.start, at: eventStart, reach: reach, budget: &left, steps: &budget.steps) { add($0, at: $1) }
        }
        budget.instances -= given - left
        return instances
    }

    /// Calls `body` with each start (and its instant) `rule` gives from `start`, within the limits
    /// above and at most `budget` times (less each start the walk yields); `steps` goes down by
    /// the steps the walk may take, and nothing is walked when there are too few left.
    private func walk(_ rule: icalrecurrencetype, from start: icaltimetype, at startDate: Date, reach: TimeInterval,
                      budget: inout Int, steps stepsLeft: inout Int, _ body: (icaltimetype, Date) -> Void) {
        var rule = rule
        let frame = TimeFrame(of: start)
        let unit = Self.unitSeconds(of: rule.freq)
        let subDaily = rule.isSubDaily
        let skipTo = from.addingTimeInterval(-reach - (subDaily ? Self.subDailyMargin : Self.margin))
        var walkStart = startDate
        var first = start
        var setsStart = false
        if subDaily && rule.count == 0 {
            // From a step of the rule one period of its BY lists before the instances that matter:
            // libical gets the first period of such a list wrong (BYHOUR=13,18,23 from 07:00 skips 13:00).
            walkStart = max(skipTo, startDate).addingTimeInterval(-rule.subDailyListPeriod)
            first = step(before: walkStart, rule: rule, start: start, frame: frame)
        } else if rule.count == 0 && skipTo > startDate {
            walkStart = skipTo
            setsStart = true
        }
        let steps = subDaily ? Self.maximumSubDailySteps : Self.maximumSteps
        let limit = min(to.addingTimeInterval(Self.margin), walkStart.addingTimeInterval(Double(steps) * unit))
        // A rule that ended before the walk starts has nothing to give; one that ends before the
        // limit is charged only the steps to its UNTIL.
        var end = limit
        if icaltime_is_null_time(rule.until) == 0, let ruleEnd = clock.date(rule.until) {
            guard ruleEnd >= walkStart else { return }
            end = min(end, ruleEnd)
        }
        // A step of a week, month or year goes through each of its days (BYDAY, BYMONTHDAY …).
        let walked = Int(max(0, end.timeIntervalSince(walkStart) / min(unit, 86_400)).rounded(.up))
        guard walked <= stepsLeft else { return }
        stepsLeft -= walked
        let until = clock.time(limit, in: frame)
        if icaltime_is_null_time(rule.until) != 0 || icaltime_compare(rule.until, until) > 0 {
            rule.until = until
        }
        guard let iterator = icalrecur_iterator_new(rule, first) else { return }
        defer { icalrecur_iterator_free(iterator) }
        if setsStart {
            _ = icalrecur_iterator_set_start(iterator, clock.time(skipTo, in: frame))
        }
        while budget > 0 {
            budget -= 1
            let time = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(time) != 0 { break }
            guard let date = clock.date(time), date >= startDate else { continue }
            body(time, date)
            if date >= to { break }
        }
    }

    /// The last step of a rule of seconds, minutes or hours at or before `date`: DTSTART plus a
    /// whole number of intervals (fewer than none when `date` is earlier), in the event's
    /// wall-clock time. The walk starts there as if it were DTSTART, which gives the same later
    /// starts; libical's `set_start` would instead count the intervals from midnight
    /// (`FREQ=HOURLY;INTERVAL=5` from 21:00 goes on at 01:00). The walk's own first start is never
    /// shown: it is before DTSTART or ends before the window.
    private func step(before date: Date, rule: icalrecurrencetype, start: icaltimetype, frame: TimeFrame) -> icaltimetype {
        let interval = Int(Self.unitSeconds(of: rule.freq)) * max(1, Int(rule.interval))
        let origin = CivilTime.wallSeconds(of: start)
        let distance = CivilTime.wallSeconds(of: clock.time(date, in: frame)) - origin
        let intervals = distance >= 0 ? distance / interval : -((interval - 1 - distance) / interval)
        var shifted = CivilTime.time(wallSeconds: origin + intervals * interval, isDate: false)
        shifted.zone = start.zone
        return shifted
    }

    /// About how far one step of libical's walk goes for a rule of this frequency.
    private static func unitSeconds(of frequency: icalrecurrencetype_frequency) -> TimeInterval {
        switch frequency {
        case ICAL_SECONDLY_RECURRENCE: 1
        case ICAL_MINUTELY_RECURRENCE: 60
        case ICAL_HOURLY_RECURRENCE: 3_600
        case ICAL_MONTHLY_RECURRENCE: 28 * 86_400
        case ICAL_YEARLY_RECURRENCE: 365 * 86_400
        default: 86_400
        }
    }
}
