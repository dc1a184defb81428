import Foundation

/// A date without a time (`YYYY-MM-DD`): the business day a huddle belongs to.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a day from its numbers; nil when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CalendarDay.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local date of an instant in a time zone.
    public init(_ date: Date, in timeZone: TimeZone) {
        // The local date is the UTC date of the instant moved by the zone's offset at that
        // instant; the days since 1970 to a civil date as in Howard Hinnant's `civil_from_days`.
        let local = (date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down)
        let days = Int((local / 86_400).rounded(.down)) + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        self.day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        self.month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = yearOfEra + era * 400 + (self.month <= 2 ? 1 : 0)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        "\(zeroPadded(year, 4))-\(zeroPadded(month, 2))-\(zeroPadded(day, 2))"
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day with a given ordinal (days since 1970-01-01).
    public init(ordinal: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// This day moved by a number of days.
    public func adding(days: Int) -> CalendarDay { CalendarDay(ordinal: ordinal + days) }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((ordinal % 7) + 7 + 3) % 7
        return Weekday(rawValue: index + 1)!
    }

    /// The instant this day's local wall-clock `time` occurs in `timeZone`. A time that does not
    /// exist (the clock jumps over it) gives the first instant after the jump; a time that occurs
    /// twice gives the first occurrence.
    public func instant(at time: LocalTime, in timeZone: TimeZone) -> Date {
        let calendar = Calendar.gregorian(timeZone)
        let components = DateComponents(year: year, month: month, day: day, hour: time.hour, minute: time.minute)
        let date = calendar.date(from: components)!
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        if back.hour == time.hour && back.minute == time.minute && back.day == day { return date }
        // In a gap: the first valid instant after it is the transition itself.
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: date.addingTimeInterval(-4 * 3600)),
           transition <= date {
            return transition
        }
        return date
    }

    /// Midnight at the start of this day in `timeZone` (or the first instant of the day).
    public func start(in timeZone: TimeZone) -> Date {
        Calendar.gregorian(timeZone).startOfDay(for: instant(at: LocalTime(hour: 12, minute: 0)!, in: timeZone))
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.ordinal < rhs.ordinal }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// An ISO 8601 week (Monday to Sunday), written `2026-W47`.
public struct ISOWeek: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var week: Int

    /// Creates a week; nil when the year has no such week.
    public init?(year: Int, week: Int) {
        guard week >= 1, week <= ISOWeek.weeks(in: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// The ISO week a day falls in.
    public init(containing day: CalendarDay) {
        let thursday = day.adding(days: 4 - day.weekday.rawValue)
        let firstOfYear = CalendarDay(year: thursday.year, month: 1, day: 1)!
        self.year = thursday.year
        self.week = (thursday.ordinal - firstOfYear.ordinal) / 7 + 1
    }

    /// The ISO week of an instant in a time zone.
    public init(containing date: Date, in timeZone: TimeZone) {
        self.init(containing: CalendarDay(date, in: timeZone))
    }

    /// Parses `2026-W47` (also `2026W47`).
    public init?(parsing text: String) {
        let upper = text.uppercased()
        guard let w = upper.firstIndex(of: "W") else { return nil }
        var yearPart = upper[..<w]
        if yearPart.hasSuffix("-") { yearPart = yearPart.dropLast() }
        let weekPart = upper[upper.index(after: w)...]
        guard yearPart.count == 4, (1...2).contains(weekPart.count),
              let year = Int(yearPart), let week = Int(weekPart) else { return nil }
        self.init(year: year, week: week)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let week = ISOWeek(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO week YYYY-Www"))
        }
        self = week
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(zeroPadded(year, 4))-W\(zeroPadded(week, 2))" }

    /// The Monday of this week.
    public var monday: CalendarDay {
        let jan4 = CalendarDay(year: year, month: 1, day: 4)!
        let firstMonday = jan4.adding(days: 1 - jan4.weekday.rawValue)
        return firstMonday.adding(days: (week - 1) * 7)
    }

    /// The seven days of this week, Monday first.
    public var days: [CalendarDay] { (0..<7).map { monday.adding(days: $0) } }

    /// The week before this one.
    public var previous: ISOWeek { ISOWeek(containing: monday.adding(days: -7)) }

    /// The week after this one.
    public var next: ISOWeek { ISOWeek(containing: monday.adding(days: 7)) }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }

    static func weeks(in year: Int) -> Int {
        let dec28 = CalendarDay(year: year, month: 12, day: 28)!
        return ISOWeek(containing: dec28).week
    }
}

extension Calendar {
    /// A Gregorian calendar in a given time zone.
    static func gregorian(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

/// A number with leading zeros to `width` digits (`String(format:)` goes through Foundation and
/// costs far more; these are on every journal write).
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
