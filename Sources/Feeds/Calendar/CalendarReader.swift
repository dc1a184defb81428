import CLibical
import Foundation
import Synchronization

/// Reads iCalendar (RFC 5545) sources through libical.
///
/// libical prints what it finds wrong in a file to standard error (`Encountered END before
/// BEGIN`); it has no setting to keep quiet.
public enum CalendarReader {
    /// libical keeps its error state in globals and caches zones as it goes: one caller at a
    /// time. The value says whether libical has been set up.
    private static let libical = Mutex(false)

    /// The occurrences overlapping [from, to) of every VEVENT in an RFC 5545 calendar, recurrences expanded; floating and all-day times taken in `timeZone`; cancelled events left out; sorted by start then title.
    ///
    /// An override (a VEVENT with the UID of a recurring one and a RECURRENCE-ID) replaces the
    /// instance it names, and removes it when cancelled. An all-day event on day D covers D 00:00
    /// to D+1 00:00 in `timeZone` (or to its DTEND date). Events without DTSTART are skipped; the
    /// work rules take is bounded by `limits` (see `RecurrenceExpansion`),
    /// and a VTIMEZONE rule that no time zone has is dropped (see `isTimeZoneRule`).
    public static func occurrences(in data: Data, from: Date, to: Date, timeZone: TimeZone,
                                   limits: CalendarLimits = .standard) throws(FeedError) -> [CalendarOccurrence] {
        try FeedLimit.check(byteCount: data.count, format: "iCalendar")
        var text = [CChar](repeating: 0, count: data.count + 1)
        text.withUnsafeMutableBytes { _ = data.copyBytes(to: $0) }
        return try libical.withLock { (ready) throws(FeedError) -> [CalendarOccurrence] in
            if !ready {
                icalerror_set_errors_are_fatal(0)
                ready = true
            }
            icalerror_clear_errno()
            guard let root = icalparser_parse_string(text) else { throw notACalendar(data) }
            defer { icalcomponent_free(root) }
            let calendars: [OpaquePointer]
            switch icalcomponent_isa(root) {
            case ICAL_VCALENDAR_COMPONENT: calendars = [root]
            case ICAL_XROOT_COMPONENT: calendars = CalendarEvent.children(root, ICAL_VCALENDAR_COMPONENT)
            default: calendars = []
            }
            guard !calendars.isEmpty else { throw notACalendar(data) }
            calendars.forEach(dropUnboundedZoneRules)
            let events = calendars.flatMap { CalendarEvent.children($0, ICAL_VEVENT_COMPONENT) }.compactMap(CalendarEvent.init)
            guard from < to else { return [] }
            return occurrences(of: events, clock: CalendarClock(timeZone: timeZone), from: from, to: to, limits: limits)
        }
    }

    private static func occurrences(of events: [CalendarEvent], clock: CalendarClock, from: Date, to: Date,
                                    limits: CalendarLimits) -> [CalendarOccurrence] {
        var replaced: [String: Set<Date>] = [:]
        for event in events where !event.uid.isEmpty {
            if let recurrenceID = event.recurrenceID, let date = clock.date(recurrenceID) {
                replaced[event.uid, default: []].insert(date)
            }
        }
        let expansion = RecurrenceExpansion(clock: clock, from: from, to: to, limits: limits)
        var budget = RecurrenceExpansion.Budget(limits)
        var found: [CalendarOccurrence] = []
        // Newest first: when a calendar's steps run out, it is the old series that go without.
        let newestFirst = events.map { (event: $0, start: clock.date($0.start) ?? .distantPast) }.sorted { $0.start > $1.start }.map(\.event)
        for event in newestFirst where !event.cancelled {
            let length = event.length(on: clock)
            if event.recurrenceID != nil {
                if let start = clock.date(event.start),
                   let one = occurrence(of: event, at: event.start, start: start, length: length,
                                        periodEnd: nil, clock: clock, from: from, to: to) {
                    found.append(one)
                }
                continue
            }
            let reach = event.allDay ? Double(event.days + 1) * 86_400 : length ?? 0
            let overridden = replaced[event.uid] ?? []
            for instance in expansion.instances(of: event, reach: reach, budget: &budget) where !overridden.contains(instance.date) {
                if let one = occurrence(of: event, at: instance.start, start: instance.date, length: length,
                                        periodEnd: instance.periodEnd, clock: clock, from: from, to: to) {
                    found.append(one)
                }
            }
        }
        return found.sorted {
            ($0.start, $0.title, $0.uid, $0.end ?? $0.start) < ($1.start, $1.title, $1.uid, $1.end ?? $1.start)
        }
    }

    /// The occurrence of `event` starting at `time` (instant `start`), when it overlaps [from, to).
    private static func occurrence(of event: CalendarEvent, at time: icaltimetype, start: Date, length: TimeInterval?,
                                   periodEnd: icaltimetype?, clock: CalendarClock, from: Date, to: Date) -> CalendarOccurrence? {
        let allDay = time.is_date != 0
        let end: Date?
        if allDay {
            end = clock.adding(days: event.days, to: start)
        } else if let periodEnd, let date = clock.date(periodEnd) {
            end = max(date, start)
        } else {
            end = event.end(of: time, at: start, length: length, on: clock).map { max($0, start) }
        }
        let last = end ?? start
        guard start < to, last > from || start >= from else { return nil }
        return CalendarOccurrence(uid: event.uid, title: event.title, start: start, end: end, allDay: allDay, location: event.location)
    }

    /// Removes the RRULEs of the calendar's VTIMEZONEs that no time zone has (see
    /// `isTimeZoneRule`), before anything converts a time in such a zone.
    private static func dropUnboundedZoneRules(in calendar: OpaquePointer) {
        for zone in CalendarEvent.children(calendar, ICAL_VTIMEZONE_COMPONENT) {
            let parts = CalendarEvent.children(zone, ICAL_XSTANDARD_COMPONENT) + CalendarEvent.children(zone, ICAL_XDAYLIGHT_COMPONENT)
            for part in parts {
                for rule in CalendarEvent.properties(part, ICAL_RRULE_PROPERTY) where !icalproperty_get_rrule(rule).isTimeZoneRule {
                    icalcomponent_remove_property(part, rule)
                    icalproperty_free(rule)
                }
            }
        }
    }

    /// The error for input libical does not read as a VCALENDAR, pointing at its first line of text.
    private static func notACalendar(_ data: Data) -> FeedError {
        let lines = String(decoding: data.prefix(64 * 1024), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else {
            return FeedError("the iCalendar source is empty: expected BEGIN:VCALENDAR")
        }
        let first = lines[index].trimmingCharacters(in: .whitespacesAndNewlines)
        if first.uppercased() == "BEGIN:VCALENDAR" {
            return FeedError("the calendar that starts here does not parse", line: index + 1)
        }
        let shown = first.count > 40 ? String(first.prefix(40)) + "…" : first
        return FeedError("not an iCalendar file: expected BEGIN:VCALENDAR, found '\(shown)'", line: index + 1)
    }
}
