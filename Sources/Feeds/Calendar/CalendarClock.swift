import CLibical
import Foundation

/// How the times of an event are to be read.
enum TimeFrame {
    /// A zone libical knows: the calendar's VTIMEZONE, a built-in Olson zone, or UTC (`Z`).
    case zoned(OpaquePointer)
    /// A floating time: the same wall-clock time wherever it is read.
    case floating
    /// A date (VALUE=DATE): a whole day.
    case allDay

    var isAllDay: Bool {
        if case .allDay = self { true } else { false }
    }

    init(of time: icaltimetype) {
        if time.is_date != 0 {
            self = .allDay
        } else if let zone = time.zone {
            self = .zoned(zone)
        } else {
            self = .floating
        }
    }
}

/// Converts between libical's times and `Date`; floating times and dates are read in `timeZone`.
/// Make one only while holding libical (its zones are cached as they are used).
struct CalendarClock {
    let timeZone: TimeZone
    private let calendar: Calendar
    /// libical's zone of `timeZone`'s name, which converts floating times and dates too: ten
    /// times cheaper than Foundation's calendar, which asks ICU for every field. Nil for a zone
    /// libical does not have (then the calendar does it).
    private let zone: OpaquePointer?

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        zone = ["UTC", "GMT", "Etc/UTC"].contains(timeZone.identifier)
            ? icaltimezone_get_utc_timezone() : icaltimezone_get_builtin_timezone(timeZone.identifier)
    }

    /// The instant of a libical time: by its zone when it has one, else in `timeZone` (a date at
    /// its midnight); nil for a null or impossible time.
    func date(_ time: icaltimetype) -> Date? {
        guard icaltime_is_null_time(time) == 0, (1...9999).contains(time.year), (1...12).contains(time.month),
              (1...31).contains(time.day) else { return nil }
        if time.is_date == 0, let zone = time.zone {
            return Date(timeIntervalSince1970: TimeInterval(Self.instant(of: time, in: zone)))
        }
        if let zone {
            var wall = CivilTime.time(wallSeconds: CivilTime.wallSeconds(of: time), isDate: false)
            wall.zone = zone
            return Date(timeIntervalSince1970: TimeInterval(Self.instant(of: wall, in: zone)))
        }
        var parts = DateComponents(year: Int(time.year), month: Int(time.month), day: Int(time.day))
        if time.is_date == 0 {
            parts.hour = Int(time.hour)
            parts.minute = Int(time.minute)
            parts.second = Int(time.second)
        }
        return calendar.date(from: parts)
    }

    /// The instant of a wall-clock time in `zone`, as RFC 5545 3.3.5 reads it: a time that occurs
    /// twice, in the hour a zone turns its clocks back, is the first of the two (libical gives the
    /// second); one the zone skips, in the spring gap, takes the offset from before the gap (03:30
    /// for 02:30; libical gives 01:30).
    private static func instant(of time: icaltimetype, in zone: OpaquePointer) -> time_t {
        let instant = icaltime_as_timet_with_zone(time, zone)
        guard zone != icaltimezone_get_utc_timezone() else { return instant }
        func offset(at instant: time_t) -> Int {
            CivilTime.wallSeconds(of: icaltime_from_timet_with_zone(instant, 0, zone)) - Int(instant)
        }
        let wall = CivilTime.wallSeconds(of: time)
        if Int(instant) + offset(at: instant) != wall {
            return time_t(wall - offset(at: instant - 86_400))
        }
        for shift: time_t in [3_600, 1_800] where Int(instant - shift) + offset(at: instant - shift) == wall {
            return instant - shift
        }
        return instant
    }

    /// Midnight `days` days after `date`'s midnight, in `timeZone` (23 or 25 hours across DST).
    func adding(days: Int, to date: Date) -> Date? {
        guard zone != nil else { return calendar.date(byAdding: .day, value: days, to: date) }
        let wall = time(date, in: .floating)
        return self.date(CivilTime.time(wallSeconds: CivilTime.wallSeconds(of: wall) + days * 86_400, isDate: false))
    }

    /// `date` as a libical time in `frame`: the zone's wall-clock time, `timeZone`'s when floating,
    /// its day in `timeZone` when all-day.
    func time(_ date: Date, in frame: TimeFrame) -> icaltimetype {
        let seconds = Self.clamped(date)
        switch frame {
        case .zoned(let zone):
            var time = icaltime_from_timet_with_zone(time_t(seconds), 0, zone)
            time.zone = zone // libical 3.0 converts to the zone's wall clock but labels the result UTC
            return time
        case .floating, .allDay:
            let wall = zone.map { CivilTime.wallSeconds(of: icaltime_from_timet_with_zone(time_t(seconds), 0, $0)) }
                ?? seconds + timeZone.secondsFromGMT(for: date)
            return CivilTime.time(wallSeconds: wall, isDate: frame.isAllDay)
        }
    }

    /// Seconds since 1970 of `date`, kept within the years 1 to 9999.
    private static func clamped(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return seconds > 0 ? 253_402_300_799 : -62_135_596_800 }
        return Int(min(max(seconds, -62_135_596_800), 253_402_300_799))
    }
}

/// Wall-clock arithmetic on libical's fields, as if every time were UTC: day numbers and seconds.
enum CivilTime {
    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func dayNumber(of time: icaltimetype) -> Int {
        dayNumber(year: Int(time.year), month: Int(time.month), day: Int(time.day))
    }

    /// The fields of `time` as seconds since 1970, read as UTC.
    static func wallSeconds(of time: icaltimetype) -> Int {
        dayNumber(of: time) * 86_400 + Int(time.hour) * 3_600 + Int(time.minute) * 60 + Int(time.second)
    }

    /// A floating libical time (or date) with the fields of `wallSeconds` read as UTC.
    static func time(wallSeconds: Int, isDate: Bool) -> icaltimetype {
        let days = wallSeconds >= 0 ? wallSeconds / 86_400 : (wallSeconds - 86_399) / 86_400
        let secondOfDay = wallSeconds - days * 86_400
        // H. Hinnant's `civil_from_days`.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var time = icaltimetype()
        time.year = Int32(year)
        time.month = Int32(month)
        time.day = Int32(day)
        if !isDate {
            time.hour = Int32(secondOfDay / 3_600)
            time.minute = Int32(secondOfDay % 3_600 / 60)
            time.second = Int32(secondOfDay % 60)
        }
        time.is_date = isDate ? 1 : 0
        return time
    }
}
