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

    /// The huddles whose answer window is open at `date`, latest first.
    public func openOccurrences(at date: Date) -> [HuddleOccurrence] {
        let longest = TimeInterval(shifts.map(\.window).max() ?? 0)
        return occurrences(from: date.addingTimeInterval(-longest), to: date.addingTimeInterval(1))
            .filter { $0.isOpen(at: date) }
            .reversed()
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

    /// The shift with this name.
    public func shift(named name: String) -> ShiftConfig? { shifts.first { $0.name == name } }
}
