/// A public holiday: its day and its name in both languages.
public struct Holiday: Sendable, Hashable {
    public var day: CalendarDay
    public var name: LocalizedText
}

/// A calendar of public holidays a team can opt into (`holidays: nl`).
public enum HolidayCalendar: String, Sendable, Hashable, CaseIterable {
    /// The Dutch public holidays.
    case nl

    /// The holidays of a year.
    public func holidays(in year: Int) -> [Holiday] {
        switch self {
        case .nl: return Self.dutch(year)
        }
    }

    /// The holiday on a day, if there is one.
    public func holiday(on day: CalendarDay) -> Holiday? {
        holidays(in: day.year).first { $0.day == day }
    }

    /// Easter Sunday (Gregorian calendar; the anonymous algorithm of Meeus/Jones/Butcher).
    public static func easter(_ year: Int) -> CalendarDay {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day)!
    }

    static func dutch(_ year: Int) -> [Holiday] {
        let easter = easter(year)
        var kingsDay = CalendarDay(year: year, month: 4, day: 27)!
        if kingsDay.weekday == .sunday { kingsDay = kingsDay.adding(days: -1) }
        func holiday(_ day: CalendarDay, _ nl: String, _ en: String) -> Holiday {
            Holiday(day: day, name: LocalizedText(nl: nl, en: en))
        }
        return [
            holiday(CalendarDay(year: year, month: 1, day: 1)!, "Nieuwjaarsdag", "New Year's Day"),
            holiday(easter.adding(days: -2), "Goede Vrijdag", "Good Friday"),
            holiday(easter, "Eerste paasdag", "Easter Sunday"),
            holiday(easter.adding(days: 1), "Tweede paasdag", "Easter Monday"),
            holiday(kingsDay, "Koningsdag", "King's Day"),
            holiday(CalendarDay(year: year, month: 5, day: 5)!, "Bevrijdingsdag", "Liberation Day"),
            holiday(easter.adding(days: 39), "Hemelvaartsdag", "Ascension Day"),
            holiday(easter.adding(days: 49), "Eerste pinksterdag", "Whit Sunday"),
            holiday(easter.adding(days: 50), "Tweede pinksterdag", "Whit Monday"),
            holiday(CalendarDay(year: year, month: 12, day: 25)!, "Eerste kerstdag", "Christmas Day"),
            holiday(CalendarDay(year: year, month: 12, day: 26)!, "Tweede kerstdag", "Boxing Day"),
        ].sorted { $0.day < $1.day }
    }
}

/// Why a planned huddle does not take place.
public enum SkipReason: Sendable, Hashable {
    /// A public holiday of the team's calendar.
    case holiday(Holiday)
    /// A date listed in `skip_dates` of the team or the shift.
    case skipDate
    /// A leader skipped it in chat, with a reason.
    case leader(by: String, reason: String)

    /// The reason for a person, in a language.
    public func text(_ language: Language) -> String {
        switch self {
        case .holiday(let holiday): return Phrase.skippedHoliday(holiday.name.text(language)).text(language)
        case .skipDate: return Phrase.skippedDate.text(language)
        case .leader(let by, let reason): return Phrase.skippedByLeader(by: by, reason: reason).text(language)
        }
    }
}
