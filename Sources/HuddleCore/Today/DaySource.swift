import Foundation

/// One source of the day's facts: a report a property system drops in a folder, or a URL it
/// serves, in CSV, JSON or iCalendar, and how its rows become facts.
public struct DaySource: Sendable, Hashable {
    /// A short name for logs and `huddle today` (default: the file name of the location).
    public var name: String
    /// An absolute file path or an `http(s)` URL.
    public var location: String
    public var format: DaySourceFormat
    /// CSV: the delimiter, when not detected.
    public var delimiter: Character?
    /// CSV: `utf-8` or `windows-1252`, when not detected.
    public var encoding: String?
    /// JSON: where the rows are (`$.data[*]`).
    public var rows: String
    public var auth: SourceAuth?
    /// How long a fetch may take, in seconds.
    public var timeout: Int
    /// How the rows become facts.
    public var mapping: FactMapping

    /// Creates a source.
    public init(name: String, location: String, format: DaySourceFormat, delimiter: Character? = nil, encoding: String? = nil,
                rows: String = "$[*]", auth: SourceAuth? = nil, timeout: Int = 20, mapping: FactMapping = FactMapping()) {
        self.name = name
        self.location = location
        self.format = format
        self.delimiter = delimiter
        self.encoding = encoding
        self.rows = rows
        self.auth = auth
        self.timeout = timeout
        self.mapping = mapping
    }

    /// The location as logs and listings show it: a URL without its query or fragment (which may hold a key).
    public var shownLocation: String {
        guard location.contains("://"), let cut = location.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return location }
        return String(location[..<cut])
    }
}

/// The formats a source can have.
public enum DaySourceFormat: String, Sendable, Hashable, CaseIterable {
    case csv, json, ical

    /// The format a location's extension suggests (`.csv`, `.json`, `.ics`), if any.
    public static func guess(from location: String) -> DaySourceFormat? {
        let path = location.split(separator: "?").first.map(String.init) ?? location
        switch (path as NSString).pathExtension.lowercased() {
        case "csv", "txt", "tsv": return .csv
        case "json": return .json
        case "ics", "ical", "ifb": return .ical
        default: return nil
        }
    }
}

/// How a source over HTTP authenticates; the secret is read by the runtime at each fetch.
public enum SourceAuth: Sendable, Hashable {
    case basic(user: String, password: SecretSource)
    case bearer(SecretSource)
}

/// How a source's rows (or calendar events) become named facts.
public struct FactMapping: Sendable, Hashable {
    /// A column holding each row's date: only rows of the day count. Nil: every row counts.
    public var dateColumn: String?
    /// The fact the number of rows (or events) is counted as (`arrivals`).
    public var count: FactName?
    /// Facts summed from a numeric column (`covers: persons`).
    public var sums: [FactColumn]
    /// Facts counted from a column: yes/no columns count the rows that say yes ("2 VIP"), other
    /// columns count each value ("noten ×2, gluten").
    public var flags: [FactColumn]
    /// Facts taken as written from the first row (`occupancy: Occupancy`).
    public var values: [FactColumn]
    /// Rows as events of the day: the columns of their time, end and title. Calendars always give events.
    public var events: EventColumns?
    /// Whether a person's name may be shown (`pii: allow`).
    public var allowsPersonalData: Bool

    /// Creates a mapping.
    public init(dateColumn: String? = nil, count: FactName? = nil, sums: [FactColumn] = [], flags: [FactColumn] = [],
                values: [FactColumn] = [], events: EventColumns? = nil, allowsPersonalData: Bool = false) {
        self.dateColumn = dateColumn
        self.count = count
        self.sums = sums
        self.flags = flags
        self.values = values
        self.events = events
        self.allowsPersonalData = allowsPersonalData
    }

    /// Every column the mapping reads.
    public var columns: [String] {
        [dateColumn].compactMap { $0 } + (sums + flags + values).map(\.column)
            + [events?.time, events?.end, events?.title].compactMap { $0 }
    }
}

/// The name of a fact and how it reads, when the catalogue does not know it.
public struct FactName: Sendable, Hashable {
    /// `arrivals`, `covers`, `vip` …: lower-case letters, digits and `_`.
    public var id: String
    /// The words shown for it, for a name the catalogue does not know.
    public var label: LocalizedText?

    /// Creates a name.
    public init(_ id: String, label: LocalizedText? = nil) {
        self.id = id
        self.label = label
    }
}

/// A fact read from a column.
public struct FactColumn: Sendable, Hashable {
    public var name: FactName
    public var column: String

    /// Creates a fact column.
    public init(_ name: FactName, column: String) {
        self.name = name
        self.column = column
    }
}

/// The columns that make a row an event.
public struct EventColumns: Sendable, Hashable {
    /// A time (`14:00`) or a date and time.
    public var time: String?
    public var end: String?
    public var title: String

    /// Creates event columns.
    public init(time: String? = nil, end: String? = nil, title: String) {
        self.time = time
        self.end = end
        self.title = title
    }
}

/// The settings of the prompt's opening: how many lines may come before question 1, and how
/// long before a shift its sources are fetched.
public struct OpeningSettings: Sendable, Hashable {
    /// Lines before question 1 at most (day facts, handover, actions due, counters, topic), default 4.
    public var lines: Int
    /// Seconds before a shift's start its sources are fetched, default 15 minutes.
    public var fetchAhead: Int

    /// Creates settings.
    public init(lines: Int = 4, fetchAhead: Int = 15 * 60) {
        self.lines = lines
        self.fetchAhead = fetchAhead
    }
}
