import CLibical
import Foundation

/// What the reader asks of a libical rule; its BY lists are C arrays of shorts, each ended by
/// `ICAL_RECURRENCE_ARRAY_MAX`.
extension icalrecurrencetype {
    /// The rule with its BYSECOND, BYMINUTE, BYHOUR and BYMONTH lists in ascending order: libical
    /// 3.0 walks them in the order written, and `BYHOUR=21,9,13` gives 21:00, then 09:00 of the
    /// same day.
    var sortingLists: icalrecurrencetype {
        var rule = self
        Self.sort(&rule.by_second)
        Self.sort(&rule.by_minute)
        Self.sort(&rule.by_hour)
        Self.sort(&rule.by_month)
        return rule
    }

    /// Whether the rule repeats in seconds, minutes or hours.
    var isSubDaily: Bool {
        freq == ICAL_SECONDLY_RECURRENCE || freq == ICAL_MINUTELY_RECURRENCE || freq == ICAL_HOURLY_RECURRENCE
    }

    /// The period of the finest BY list a rule of seconds, minutes or hours walks by index: a day
    /// for BYHOUR, an hour for BYMINUTE, a minute for BYSECOND, none without them.
    var subDailyListPeriod: TimeInterval {
        if Self.count(by_hour) > 0 {
            86_400
        } else if Self.count(by_minute) > 0 {
            3_600
        } else if Self.count(by_second) > 0 {
            60
        } else {
            0
        }
    }

    /// Whether the rule is one a time zone's changes follow: yearly, in at most one month, on at
    /// most one weekday and seven days of the month, at the time of its DTSTART. libical expands a
    /// VTIMEZONE's rules itself, step by step up to the year asked for, with no bound of ours:
    /// `FREQ=MINUTELY` there costs minutes for one conversion.
    var isTimeZoneRule: Bool {
        freq == ICAL_YEARLY_RECURRENCE && Self.count(by_second) == 0 && Self.count(by_minute) == 0
            && Self.count(by_hour) == 0 && Self.count(by_year_day) == 0 && Self.count(by_week_no) == 0
            && Self.count(by_month) <= 1 && Self.count(by_day) <= 1 && Self.count(by_month_day) <= 7
            && Self.count(by_set_pos) <= 1
    }

    private static func count<List>(_ list: List) -> Int {
        withUnsafeBytes(of: list) { bytes in
            let values = bytes.bindMemory(to: Int16.self)
            return values.firstIndex(of: Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue)) ?? values.count
        }
    }

    private static func sort<List>(_ list: inout List) {
        withUnsafeMutableBytes(of: &list) { bytes in
            var values = bytes.bindMemory(to: Int16.self)
            let end = values.firstIndex(of: Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue)) ?? values.count
            values[..<end].sort()
        }
    }
}
