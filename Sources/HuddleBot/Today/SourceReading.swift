import Feeds
import Foundation
import HuddleCore

/// A source's bytes read into the facts of a day, through the readers of `Feeds`.
enum SourceReading {
    /// The facts of `day` (in `timeZone`) in `data`, as `source` maps them; a source whose
    /// columns are not all there is an error that names the missing ones and the ones there are.
    static func facts(_ source: DaySource, data: Data, day: CalendarDay, timeZone: TimeZone) throws(FeedError) -> DayFacts {
        switch source.format {
        case .csv:
            let table = try CSVReader.read(data, delimiter: source.delimiter, encoding: source.encoding.flatMap(CSVEncoding.init(rawValue:)))
            try checkColumns(source, table: table)
            return source.mapping.facts(rows: table.rows, day: day, timeZone: timeZone)
        case .json:
            let table = try JSONFeedReader.read(data, rows: source.rows)
            try checkColumns(source, table: table)
            return source.mapping.facts(rows: table.rows, day: day, timeZone: timeZone)
        case .ical:
            let occurrences = try CalendarReader.occurrences(in: data, from: day.start(in: timeZone),
                                                             to: day.adding(days: 1).start(in: timeZone), timeZone: timeZone)
            return source.mapping.facts(events: occurrences.map { event in
                DayEvent(start: event.allDay ? nil : event.start, end: event.allDay ? nil : event.end, allDay: event.allDay, title: event.title)
            })
        }
    }

    /// Why `data` is no good for `source` (for the fetcher, which then keeps the last good copy), or nil.
    static func problem(_ source: DaySource, data: Data, day: CalendarDay, timeZone: TimeZone) -> String? {
        do {
            _ = try facts(source, data: data, day: day, timeZone: timeZone)
            return nil
        } catch {
            return error.description
        }
    }

    static func checkColumns(_ source: DaySource, table: FeedTable) throws(FeedError) {
        // An empty report (no rows today) has no columns to check against.
        guard !table.rows.isEmpty else { return }
        let missing = source.mapping.columns.filter { !table.columns.contains($0) }
        guard missing.isEmpty else {
            let there = table.columns.prefix(12).joined(separator: ", ")
            throw FeedError("no column \(missing.map { "'\($0)'" }.joined(separator: ", ")) (the columns are: \(there))")
        }
    }
}
