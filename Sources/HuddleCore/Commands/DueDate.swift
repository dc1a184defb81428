import Foundation

/// The due date said at the end of an action, in the team's own days: `vandaag`, `morgen`,
/// `overmorgen`, `tot vrijdag`, `tot 12-12`, `tot 12-12-2027` (and `today`, `tomorrow`,
/// `by friday`, `until 12/12`). A weekday is the next one after today (on a Friday, `tot vrijdag`
/// is a week ahead); a day and month without a year is the next such date from today on.
public enum DueDate {
    /// What the end of an action's text said about its due date.
    public enum Reading: Sendable, Hashable {
        /// No due date: the text is the whole action.
        case none
        /// A due date, and the action's text without the words that named it.
        case due(CalendarDay, text: String)
        /// Words that look like a due date but name no day from today on (`tot 31-02`, `tot 1-1-2020`).
        case invalid(String)
    }

    /// Words before a weekday or date that make it a due date.
    static let markers: Set<String> = ["tot", "voor", "uiterlijk", "by", "until", "before", "due"]
    /// Due dates said in one word, by how many days from today.
    static let relative: [String: Int] = ["vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2]
    /// Weekday names that are common words at the end of a line (`tot zo`: see you soon) are no due date.
    static let notWeekdays: Set<String> = ["zo", "do"]

    /// Reads a due date from the end of `text`, counting from `today`.
    public static func read(_ text: String, today: CalendarDay) -> Reading {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let last = words.last else { return .none }
        let word = last.lowercased().trimmingCharacters(in: [".", ",", "!", ";"])
        if let days = relative[word] {
            words.removeLast()
            if let marker = words.last, markers.contains(marker.lowercased()) { words.removeLast() }
            return .due(today.adding(days: days), text: words.joined(separator: " "))
        }
        guard words.count >= 2, markers.contains(words[words.count - 2].lowercased()) else { return .none }
        let said = words.suffix(2).joined(separator: " ")
        let day: CalendarDay?
        if !notWeekdays.contains(word), let weekday = Weekday(parsing: word) {
            let ahead = (weekday.rawValue - today.weekday.rawValue + 7) % 7
            day = today.adding(days: ahead == 0 ? 7 : ahead)
        } else if word.first?.isNumber == true, word.contains(where: { "-/".contains($0) }) {
            guard let date = date(word, today: today) else { return .invalid(said) }
            day = date
        } else {
            return .none
        }
        words.removeLast(2)
        return day.map { .due($0, text: words.joined(separator: " ")) } ?? .none
    }

    /// How far ahead a due date may be.
    static let maxYearsAhead = 3

    /// `12-12` or `12/12`, with an optional year (`2027` or `27`): nil when no such day is today or
    /// later (within `maxYearsAhead`). A dot is no separator: `tot 12.30` is a time.
    static func date(_ word: String, today: CalendarDay) -> CalendarDay? {
        let parts = word.split(whereSeparator: { "-/".contains($0) }).map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        let (day, month) = (parts[0]!, parts[1]!)
        if parts.count == 3 {
            let year = parts[2]! < 100 ? 2000 + parts[2]! : parts[2]!
            guard year <= today.year + maxYearsAhead, let date = CalendarDay(year: year, month: month, day: day), date >= today else { return nil }
            return date
        }
        for year in [today.year, today.year + 1] {
            if let date = CalendarDay(year: year, month: month, day: day), date >= today { return date }
        }
        return nil
    }
}
