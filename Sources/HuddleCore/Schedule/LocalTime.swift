/// A wall-clock time of day, `HH:MM`, in some time zone.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    /// Creates a time; hour 0–23, minute 0–59.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Parses `HH:MM` (or `H:MM`).
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute)
    }
}

/// A day of the week, numbered as ISO 8601 does (Monday 1 … Sunday 7).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Parses `mon`…`sun`, full English names, or Dutch `ma`…`zo` and full Dutch names.
    public init?(parsing text: String) {
        let names: [String: Weekday] = [
            "mon": .monday, "tue": .tuesday, "wed": .wednesday, "thu": .thursday, "fri": .friday, "sat": .saturday, "sun": .sunday,
            "monday": .monday, "tuesday": .tuesday, "wednesday": .wednesday, "thursday": .thursday, "friday": .friday,
            "saturday": .saturday, "sunday": .sunday,
            "ma": .monday, "di": .tuesday, "wo": .wednesday, "do": .thursday, "vr": .friday, "za": .saturday, "zo": .sunday,
            "maandag": .monday, "dinsdag": .tuesday, "woensdag": .wednesday, "donderdag": .thursday, "vrijdag": .friday,
            "zaterdag": .saturday, "zondag": .sunday,
        ]
        guard let day = names[text.lowercased()] else { return nil }
        self = day
    }

    /// The three-letter English key used in the config file.
    public var key: String { ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][rawValue - 1] }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Parses durations such as `90s`, `15m`, `1h`, `1h30m` into seconds.
public enum DurationText {
    /// The number of seconds, or nil when the text is not a duration.
    public static func seconds(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var sawUnit = false
        for char in text.lowercased() {
            if char.isASCII && char.isNumber {
                number.append(char)
            } else if let value = Int(number), let unit = ["s": 1, "m": 60, "h": 3600][String(char)] {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }

    /// Renders seconds back as `1h30m`, `15m` or `45s`.
    public static func format(_ seconds: Int) -> String {
        var parts = ""
        if seconds >= 3600 { parts += "\(seconds / 3600)h" }
        if seconds % 3600 >= 60 { parts += "\(seconds % 3600 / 60)m" }
        if seconds % 60 != 0 || parts.isEmpty { parts += "\(seconds % 60)s" }
        return parts
    }
}
