import Foundation

/// What the day's sources say: counts, values, lists of flagged values and events.
public struct DayFacts: Sendable, Hashable {
    /// Counted facts (`42 aankomsten`), each with the yes/no flags of its rows (`2 VIP`).
    public var counts: [CountFact] = []
    /// Facts taken as written (`bezetting 91%`).
    public var values: [ValueFact] = []
    /// Values counted from a column (`Allergieën: noten ×2, gluten`).
    public var lists: [ListFact] = []
    public var events: [DayEvent] = []
    /// What did not read (`row 12: '31-02-2026' in column date is not a date`); the rest still counts.
    public var problems: [String] = []

    /// No facts.
    public init() {}

    /// Whether there is nothing to show.
    public var isEmpty: Bool { counts.isEmpty && values.isEmpty && lists.isEmpty && events.isEmpty }

    /// The counts by name, as the journal records them.
    public var recorded: [String: Int] {
        var result: [String: Int] = [:]
        for count in counts {
            result[count.name.id, default: 0] += count.value
            for flag in count.flags { result[flag.name.id, default: 0] += flag.value }
        }
        for list in lists { result[list.name.id, default: 0] += list.items.reduce(0) { $0 + $1.count } }
        if !events.isEmpty { result["events", default: 0] += events.count }
        return result
    }

    /// These facts followed by `other`'s; counts of the same name add up.
    public func merged(with other: DayFacts) -> DayFacts {
        var result = self
        for count in other.counts {
            if let index = result.counts.firstIndex(where: { $0.name.id == count.name.id }) {
                result.counts[index].value += count.value
                for flag in count.flags {
                    if let same = result.counts[index].flags.firstIndex(where: { $0.name.id == flag.name.id }) {
                        result.counts[index].flags[same].value += flag.value
                    } else {
                        result.counts[index].flags.append(flag)
                    }
                }
            } else {
                result.counts.append(count)
            }
        }
        result.values += other.values
        result.lists += other.lists
        result.events = (result.events + other.events).sorted()
        result.problems += other.problems
        return result
    }
}

/// A counted fact.
public struct CountFact: Sendable, Hashable {
    public var name: FactName
    public var value: Int
    /// Yes/no columns of the same rows, counted (`2 VIP`).
    public var flags: [CountFact] = []

    /// Creates a count.
    public init(name: FactName, value: Int, flags: [CountFact] = []) {
        self.name = name
        self.value = value
        self.flags = flags
    }
}

/// A fact shown as written.
public struct ValueFact: Sendable, Hashable {
    public var name: FactName
    public var text: String
}

/// Values of a column and how often each occurs, most frequent first.
public struct ListFact: Sendable, Hashable {
    public var name: FactName
    public var items: [Item]

    /// One value and how many rows have it.
    public struct Item: Sendable, Hashable {
        public var text: String
        public var count: Int
    }
}

/// An event of the day: its time (none for all-day events, or a row without a readable time) and a title.
public struct DayEvent: Sendable, Hashable, Comparable {
    public var start: Date?
    public var end: Date?
    /// Whether it lasts the whole day (a calendar's all-day event).
    public var allDay: Bool
    public var title: String

    /// Creates an event.
    public init(start: Date?, end: Date? = nil, allDay: Bool = false, title: String) {
        self.start = start
        self.end = end
        self.allDay = allDay
        self.title = title
    }

    /// Events without a time first (all-day ones before those), then by start and title.
    public static func < (lhs: DayEvent, rhs: DayEvent) -> Bool {
        switch (lhs.start, rhs.start) {
        case (nil, nil): return (lhs.allDay ? 0 : 1, lhs.title) < (rhs.allDay ? 0 : 1, rhs.title)
        case (nil, _): return true
        case (_, nil): return false
        case let (left?, right?): return (left, lhs.title) < (right, rhs.title)
        }
    }
}
