import Foundation

/// Names one huddle: a team's shift on a business day. The ledger posts each key at most once.
public struct HuddleKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var team: String
    public var shift: String
    public var day: CalendarDay

    /// Creates a key.
    public init(team: String, shift: String, day: CalendarDay) {
        self.team = team
        self.shift = shift
        self.day = day
    }

    public var description: String { "\(team)/\(shift)/\(day)" }

    public static func < (lhs: HuddleKey, rhs: HuddleKey) -> Bool {
        (lhs.day, lhs.team, lhs.shift) < (rhs.day, rhs.team, rhs.shift)
    }
}

/// One scheduled huddle: when it opens and when its answer window closes.
public struct HuddleOccurrence: Sendable, Hashable {
    public var key: HuddleKey
    public var opensAt: Date
    public var closesAt: Date

    /// Creates an occurrence.
    public init(key: HuddleKey, opensAt: Date, closesAt: Date) {
        self.key = key
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// Whether the answer window is open at `date`.
    public func isOpen(at date: Date) -> Bool { opensAt <= date && date < closesAt }
}

extension TeamConfig {
    /// The huddle of `shift` on `day`, or nil when the shift does not run that day.
    public func occurrence(of shift: ShiftConfig, on day: CalendarDay) -> HuddleOccurrence? {
        guard shift.days.contains(day.weekday) else { return nil }
        let opens = day.instant(at: shift.start, in: timeZone)
        return HuddleOccurrence(key: HuddleKey(team: id, shift: shift.name, day: day),
                                opensAt: opens, closesAt: opens.addingTimeInterval(TimeInterval(shift.window)))
    }

    /// Every huddle of this team that opens in `[from, to)`, in order of opening.
    public func occurrences(from: Date, to: Date) -> [HuddleOccurrence] {
        guard from < to else { return [] }
        let first = CalendarDay(from, in: timeZone).adding(days: -1)
        let last = CalendarDay(to, in: timeZone).adding(days: 1)
        var result: [HuddleOccurrence] = []
        for ordinal in first.ordinal...last.ordinal {
            let day = CalendarDay(ordinal: ordinal)
            for shift in shifts {
                if let occurrence = occurrence(of: shift, on: day), occurrence.opensAt >= from, occurrence.opensAt < to {
                    result.append(occurrence)
                }
            }
        }
        return result.sorted { ($0.opensAt, $0.key) < ($1.opensAt, $1.key) }
    }

    /// Every huddle of this team whose business day lies in `week`.
    public func occurrences(in week: ISOWeek) -> [HuddleOccurrence] {
        week.days.flatMap { day in shifts.compactMap { occurrence(of: $0, on: day) } }
            .sorted { ($0.opensAt, $0.key) < ($1.opensAt, $1.key) }
    }

    /// The huddles that may still be posted at `date`: opened no longer ago than their grace
    /// (at least a minute), not skipped by the calendar, oldest first.
    public func dueOccurrences(at date: Date) -> [HuddleOccurrence] {
        let longest = TimeInterval(max(60, shifts.map(\.grace).max() ?? 0))
        return occurrences(from: date.addingTimeInterval(-longest), to: date.addingTimeInterval(0.001)).filter { occurrence in
            guard let shift = shift(named: occurrence.key.shift), skipReason(shift, on: occurrence.key.day) == nil else { return false }
            return date < occurrence.opensAt.addingTimeInterval(TimeInterval(max(60, shift.grace)))
        }
    }

    /// Huddles that opened in `[from, to)` and whose grace has passed by `to`, not skipped by the
    /// calendar: the ones a bot that was down has missed if the ledger does not know them.
    public func pastOccurrences(from: Date, to: Date) -> [HuddleOccurrence] {
        occurrences(from: from, to: to).filter { occurrence in
            guard let shift = shift(named: occurrence.key.shift), skipReason(shift, on: occurrence.key.day) == nil else { return false }
            return occurrence.opensAt.addingTimeInterval(TimeInterval(max(60, shift.grace))) <= to
        }
    }

    /// The next `count` planned huddles opening after `date`, days off included with their reason.
    public func plannedHuddles(after date: Date, count: Int) -> [PlannedHuddle] {
        guard !shifts.isEmpty, count > 0 else { return [] }
        var result: [PlannedHuddle] = []
        var day = CalendarDay(date, in: timeZone).adding(days: -1)
        var emptyDays = 0
        while result.count < count && emptyDays < 400 {
            let found = shifts.compactMap { shift -> PlannedHuddle? in
                guard let occurrence = occurrence(of: shift, on: day), occurrence.opensAt > date else { return nil }
                return PlannedHuddle(occurrence: occurrence, skip: skipReason(shift, on: day))
            }.sorted { $0.occurrence.opensAt < $1.occurrence.opensAt }
            result += found
            emptyDays = found.isEmpty ? emptyDays + 1 : 0
            day = day.adding(days: 1)
        }
        return Array(result.prefix(count))
    }

    /// The next huddle that will take place (not skipped by the calendar) after `date`.
    public func nextHuddle(after date: Date) -> HuddleOccurrence? {
        plannedHuddles(after: date, count: 60).first { $0.skip == nil }?.occurrence
    }

    /// The next huddle of `shift` that opens after `date`, looking up to a year ahead.
    public func nextOccurrence(of shift: ShiftConfig, after date: Date) -> HuddleOccurrence? {
        let start = CalendarDay(date, in: timeZone).adding(days: -1)
        for offset in 0..<370 {
            if let occurrence = occurrence(of: shift, on: start.adding(days: offset)), occurrence.opensAt > date {
                return occurrence
            }
        }
        return nil
    }

    /// The planned huddles of `week` (by business day), days off included with their reason.
    public func plannedHuddles(in week: ISOWeek) -> [PlannedHuddle] {
        occurrences(in: week).map { occurrence in
            PlannedHuddle(occurrence: occurrence, skip: shift(named: occurrence.key.shift).flatMap { skipReason($0, on: occurrence.key.day) })
        }
    }

    /// The shift with this name.
    public func shift(named name: String) -> ShiftConfig? { shifts.first { $0.name == name } }
}

/// A huddle on the schedule, with the reason it does not take place if it does not.
public struct PlannedHuddle: Sendable, Hashable {
    public var occurrence: HuddleOccurrence
    public var skip: SkipReason?

    /// Creates a planned huddle.
    public init(occurrence: HuddleOccurrence, skip: SkipReason?) {
        self.occurrence = occurrence
        self.skip = skip
    }
}
