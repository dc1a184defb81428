import Foundation

extension FactMapping {
    /// The facts of `day` in a source's rows (column → text, in order); pure.
    public func facts(rows: [[String: String]], day: CalendarDay, timeZone: TimeZone) -> DayFacts {
        var facts = DayFacts()
        var ofTheDay: [[String: String]] = []
        var undated = 0
        for (index, row) in rows.enumerated() {
            guard let dateColumn else {
                ofTheDay.append(row)
                continue
            }
            let text = (row[dateColumn] ?? "").trimmingCharacters(in: .whitespaces)
            if let rowDay = RowValues.day(text, in: timeZone) {
                if rowDay == day { ofTheDay.append(row) }
            } else {
                undated += 1
                if undated == 1 { facts.problems.append("row \(index + 1): '\(text.prefix(40))' in column \(dateColumn) is not a date") }
            }
        }
        if undated > 1 { facts.problems.append("\(undated) rows without a readable date in column \(dateColumn ?? "")") }
        var flagCounts: [CountFact] = []
        for flag in flags {
            let cells = ofTheDay.map { ($0[flag.column] ?? "").trimmingCharacters(in: .whitespaces) }.filter { !RowValues.isNo($0) }
            if cells.allSatisfy(RowValues.isYes) {
                if !cells.isEmpty { flagCounts.append(CountFact(name: flag.name, value: cells.count)) }
            } else {
                facts.lists.append(ListFact(name: flag.name, items: RowValues.tally(cells.filter { !RowValues.isYes($0) })))
            }
        }
        if let count {
            facts.counts.append(CountFact(name: count, value: ofTheDay.count, flags: flagCounts))
        } else {
            facts.counts += flagCounts
        }
        for sum in sums {
            var total = 0.0
            for row in ofTheDay {
                let text = (row[sum.column] ?? "").trimmingCharacters(in: .whitespaces)
                if let number = RowValues.number(text) { total += number } else if !text.isEmpty, facts.problems.count < 5 {
                    facts.problems.append("'\(text.prefix(20))' in column \(sum.column) is not a number")
                }
            }
            facts.counts.append(CountFact(name: sum.name, value: Int(exactly: total.rounded()) ?? 0))
        }
        for value in values {
            if let text = ofTheDay.lazy.map({ RowValues.shown($0[value.column] ?? "", 40) }).first(where: { !$0.isEmpty }) {
                facts.values.append(ValueFact(name: value.name, text: text))
            }
        }
        if let events {
            for row in ofTheDay {
                let title = RowValues.shown(row[events.title] ?? "", 120)
                guard !title.isEmpty else { continue }
                let timeText = events.time.map { (row[$0] ?? "").trimmingCharacters(in: .whitespaces) } ?? ""
                let start = RowValues.time(timeText, on: day, in: timeZone)
                if start == nil, !timeText.isEmpty, facts.problems.count < 5 {
                    facts.problems.append("'\(timeText.prefix(20))' in column \(events.time ?? "") is not a time")
                }
                let end = events.end.flatMap { RowValues.time(row[$0] ?? "", on: day, in: timeZone) }
                facts.events.append(DayEvent(start: start, end: end, title: title))
            }
            facts.events.sort()
        }
        return facts
    }

    /// The facts of a calendar's events of the day: the events, and their number if counted.
    public func facts(events: [DayEvent]) -> DayFacts {
        var facts = DayFacts()
        facts.events = events.compactMap { event in
            let title = RowValues.shown(event.title, 120)
            return title.isEmpty ? nil : DayEvent(start: event.start, end: event.end, allDay: event.allDay, title: title)
        }.sorted()
        if let count { facts.counts.append(CountFact(name: count, value: events.count)) }
        return facts
    }
}

/// How the texts in a report's cells read: dates, times, numbers, yes and no.
public enum RowValues {
    static let yes: Set<String> = ["1", "yes", "y", "ja", "j", "true", "waar", "x", "✓", "✔", "vip"]
    static let no: Set<String> = ["", "0", "no", "n", "nee", "false", "onwaar", "-"]

    /// A cell's text as a prompt may show it: controls, formatting and line breaks out, trimmed, at most `length` characters.
    static func shown(_ text: String, _ length: Int) -> String {
        String(UserText.clean(text).trimmingCharacters(in: .whitespaces).prefix(length))
    }

    /// Whether a cell says yes.
    public static func isYes(_ text: String) -> Bool { yes.contains(text.lowercased()) }
    /// Whether a cell says no (or nothing).
    public static func isNo(_ text: String) -> Bool { no.contains(text.lowercased()) }

    /// Each value (a cell may hold several, split at `,` and `;`) with its count, most frequent first.
    static func tally(_ cells: [String]) -> [ListFact.Item] {
        var counts: [String: (text: String, count: Int, first: Int)] = [:]
        var order = 0
        for cell in cells {
            for part in cell.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let text = shown(String(part), 40)
                guard !text.isEmpty, !isNo(text) else { continue }
                let key = text.lowercased()
                if let seen = counts[key] { counts[key] = (seen.text, seen.count + 1, seen.first) } else {
                    counts[key] = (text, 1, order)
                    order += 1
                }
            }
        }
        return counts.values.sorted { ($1.count, $0.first) < ($0.count, $1.first) }.map { ListFact.Item(text: $0.text, count: $0.count) }
    }

    /// A day written as `2026-12-05`, `05-12-2026`, `05/12/2026` or `05.12.2026`, maybe with a
    /// time after it; with a UTC offset (`…T23:30:00Z`, `…+01:00`) the day it is in `timeZone`.
    public static func day(_ text: String, in timeZone: TimeZone = .gmt) -> CalendarDay? {
        let (day, clock) = split(text)
        guard let day else { return nil }
        if let clock, let parsed = parseClock(clock), let offset = parsed.offset {
            return CalendarDay(instant(day, parsed, offset: offset), in: timeZone)
        }
        return day
    }

    /// A time on `day` in `timeZone`: `14:00`, `14.00`, `9:30`, the start of `14:00 - 16:00`, or a
    /// date and time (`2026-12-05 14:00`, `2026-12-05T14:00:00`; with `Z` or an offset, that instant).
    public static func time(_ text: String, on day: CalendarDay, in timeZone: TimeZone) -> Date? {
        let (rowDay, clock) = split(text)
        guard let clock, let parsed = parseClock(clock) else { return nil }
        let onDay = rowDay ?? day
        if let offset = parsed.offset { return instant(onDay, parsed, offset: offset) }
        return onDay.instant(at: parsed.time, in: timeZone)
    }

    /// The date part (if the text starts with one) and the rest.
    static func split(_ text: String) -> (CalendarDay?, Substring?) {
        let trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        let end = trimmed.firstIndex { $0 == " " || $0 == "T" } ?? trimmed.endIndex
        let datePart = trimmed[..<end]
        let parts = datePart.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map { Int($0) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else { return (nil, trimmed) }
        let day = datePart.prefix(4).allSatisfy(\.isNumber) && datePart.utf8.count >= 8 ? CalendarDay(year: a, month: b, day: c)
            : c >= 1000 ? CalendarDay(year: c, month: b, day: a) : nil
        let rest = trimmed[end...].drop { $0 == " " || $0 == "T" }
        return (day, rest.isEmpty ? nil : rest)
    }

    /// `14:00`, `14.00:30`, `14:00Z`, `14:00:00+01:00`, `14:00 -05:00`, `14:00 - 16:00` (the first time).
    static func parseClock(_ text: Substring) -> (time: LocalTime, seconds: Int, offset: Int?)? {
        var rest = text.drop { $0 == " " }
        var numbers: [Int] = []
        while numbers.count < 3 {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...2).contains(digits.count), let value = Int(digits) else { break }
            numbers.append(value)
            rest = rest.dropFirst(digits.count)
            if numbers.count < 3, let mark = rest.first, mark == ":" || mark == "." { rest = rest.dropFirst() } else { break }
        }
        guard numbers.count >= 2, let time = LocalTime(hour: numbers[0], minute: numbers[1]) else { return nil }
        rest = rest.drop { $0 == " " }
        var offset: Int?
        if rest.first == "Z" {
            offset = 0
        } else if let sign = rest.first, sign == "+" || sign == "-", rest.count <= 6 {
            let digits = rest.dropFirst().filter(\.isNumber)
            if digits.count == 4 || digits.count == 2, let value = Int(digits) {
                let minutes = digits.count == 4 ? value / 100 * 60 + value % 100 : value * 60
                // Zones lie within ±14 hours; "14:00 -16:00" is a range, not an offset.
                if minutes <= 14 * 60 { offset = (sign == "+" ? 1 : -1) * minutes * 60 }
            }
        }
        return (time, numbers.count > 2 ? numbers[2] : 0, offset)
    }

    /// The instant of a day and time at a UTC offset in seconds.
    static func instant(_ day: CalendarDay, _ clock: (time: LocalTime, seconds: Int, offset: Int?), offset: Int) -> Date {
        day.instant(at: clock.time, in: .gmt).addingTimeInterval(TimeInterval(clock.seconds - offset))
    }

    /// A number written as `12`, `3.5` or `3,5`, within ±1,000,000,000 (no `nan`, `inf` or `1e400`).
    public static func number(_ text: String) -> Double? {
        guard let number = Double(text) ?? Double(text.replacingOccurrences(of: ",", with: ".")), number.isFinite,
              abs(number) <= 1_000_000_000 else { return nil }
        return number
    }
}
