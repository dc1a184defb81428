import CLibical
import Foundation

/// What the reader takes from one VEVENT. Its times point into the calendar's zones: use it only
/// while the parsed calendar is alive, under the libical lock.
struct CalendarEvent {
    /// An extra start from RDATE, with its own end when the RDATE is a period.
    struct ExtraStart {
        var start: icaltimetype
        var end: icaltimetype?
    }

    var uid: String
    var title: String
    var location: String?
    var cancelled: Bool
    var start: icaltimetype
    /// DTEND, or DTSTART + DURATION; nil when the event has neither.
    var end: icaltimetype?
    /// DURATION, when the event gives it instead of DTEND.
    var duration: icaldurationtype?
    /// Set on an override: the start of the instance it replaces.
    var recurrenceID: icaltimetype?
    var rules: [icalrecurrencetype]
    var extraStarts: [ExtraStart]
    var exceptions: [icaltimetype]

    /// The event in `component`, or nil when it has no usable DTSTART.
    init?(_ component: OpaquePointer) {
        start = icalcomponent_get_dtstart(component)
        guard icaltime_is_null_time(start) == 0 else { return nil }
        uid = Self.text(icalcomponent_get_uid(component)) ?? ""
        title = Self.text(icalcomponent_get_summary(component)) ?? ""
        location = Self.text(icalcomponent_get_location(component))
        cancelled = icalcomponent_get_status(component) == ICAL_STATUS_CANCELLED

        let hasDTEND = !Self.properties(component, ICAL_DTEND_PROPERTY).isEmpty
        let durations = Self.properties(component, ICAL_DURATION_PROPERTY)
        let end = icalcomponent_get_dtend(component)
        self.end = (hasDTEND || !durations.isEmpty) && icaltime_is_null_time(end) == 0 ? end : nil
        duration = hasDTEND ? nil : durations.first.map { icalproperty_get_duration($0) }

        recurrenceID = Self.properties(component, ICAL_RECURRENCEID_PROPERTY).first
            .map { icalproperty_get_datetime_with_component($0, component) }
            .flatMap { icaltime_is_null_time($0) == 0 ? $0 : nil }
        // A rule of seconds, minutes or hours on a whole day can only repeat that day, and libical
        // walks its hidden time second by second (the fuzzer's FREQ=SECONDLY;BYHOUR=3 on a DATE
        // took a second and a half): such a rule is left out.
        let wholeDay = start.is_date != 0
        rules = Self.properties(component, ICAL_RRULE_PROPERTY).map { icalproperty_get_rrule($0) }
            .filter { $0.freq != ICAL_NO_RECURRENCE && !(wholeDay && $0.isSubDaily) }.map(\.sortingLists)
        extraStarts = Self.properties(component, ICAL_RDATE_PROPERTY).compactMap { property in
            let value = icalproperty_get_rdate(property)
            if icaltime_is_null_time(value.period.start) == 0 {
                let end = icaltime_is_null_time(value.period.end) == 0
                    ? value.period.end : icaltime_add(value.period.start, value.period.duration)
                return ExtraStart(start: value.period.start, end: end)
            }
            let time = icalproperty_get_datetime_with_component(property, component)
            return icaltime_is_null_time(time) == 0 ? ExtraStart(start: time, end: nil) : nil
        }
        exceptions = Self.properties(component, ICAL_EXDATE_PROPERTY)
            .map { icalproperty_get_datetime_with_component($0, component) }
            .filter { icaltime_is_null_time($0) == 0 }
    }

    var allDay: Bool { start.is_date != 0 }

    /// The length of a timed event in seconds, nil when it has no end.
    func length(on clock: CalendarClock) -> TimeInterval? {
        guard let end, let endDate = clock.date(end), let startDate = clock.date(start) else { return nil }
        return max(0, endDate.timeIntervalSince(startDate))
    }

    /// When the instance starting at `time` (instant `date`) ends: DTEND's exact length after it
    /// (RFC 5545 3.8.5.3), or its DURATION, whose days and weeks are nominal (the same wall-clock
    /// time, 23 or 25 hours a day across DST) and the rest exact; nil when the event has no end.
    func end(of time: icaltimetype, at date: Date, length: TimeInterval?, on clock: CalendarClock) -> Date? {
        guard let duration else { return length.map { date.addingTimeInterval($0) } }
        let sign = duration.is_neg != 0 ? -1 : 1
        var days = icaldurationtype()
        days.days = UInt32(min(Int(duration.weeks) * 7 + Int(duration.days), 20_000)) // libical counts its seconds in an int
        days.is_neg = duration.is_neg
        guard let base = days.days == 0 ? date : clock.date(icaltime_add(time, days)) else { return nil }
        let exact = Int(duration.hours) * 3_600 + Int(duration.minutes) * 60 + Int(duration.seconds)
        return base.addingTimeInterval(TimeInterval(sign * exact))
    }

    /// The number of days an all-day event covers: DTEND's date is exclusive; one day at least.
    var days: Int {
        guard let end else { return 1 }
        return max(1, CivilTime.dayNumber(of: end) - CivilTime.dayNumber(of: start))
    }

    /// The properties of one kind, collected before any is read (reading some moves libical's
    /// iterator over the component's properties).
    static func properties(_ component: OpaquePointer, _ kind: icalproperty_kind) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        var property = icalcomponent_get_first_property(component, kind)
        while let current = property {
            found.append(current)
            property = icalcomponent_get_next_property(component, kind)
        }
        return found
    }

    /// The direct children of one kind, collected before any is read.
    static func children(_ component: OpaquePointer, _ kind: icalcomponent_kind) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        var child = icalcomponent_get_first_component(component, kind)
        while let current = child {
            found.append(current)
            child = icalcomponent_get_next_component(component, kind)
        }
        return found
    }

    /// A C string from libical, trimmed; nil when missing or empty.
    private static func text(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        let text = String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
