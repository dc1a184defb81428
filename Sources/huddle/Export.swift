import ArgumentParser
import Foundation
import HuddleCore
import HuddleStore

extension HuddleCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exports a team's entries (or every team's) as CSV, JSON or JSON Lines, one row per entry.",
            discussion: """
                Each row has the local time (team zone) and UTC, team, type, author (empty when anonymous), \
                recipients, text, tags, values, and the huddle's shift and day; withdrawn entries are left out. \
                CSV follows RFC 4180 (UTF-8, a header row, CR LF); a cell a spreadsheet would read as a formula \
                gets a leading '.
                """)

        @OptionGroup var options: ConfigOptions

        @Option(help: "The team to export.")
        var team: String?

        @Flag(help: "Export every team.")
        var allTeams = false

        @Option(help: "First day, YYYY-MM-DD in the team's zone (default: the first entry).")
        var from: String?

        @Option(help: "Last day, YYYY-MM-DD in the team's zone (default: the last entry).")
        var to: String?

        @Option(help: "Entry types, comma-separated: \(EntryType.allCases.filter { $0 != .withdrawn }.map(\.rawValue).joined(separator: ",")) (default: all).")
        var type: String?

        @Option(help: "Output format: csv, json or jsonl.")
        var format: Format = .csv

        @Option(help: "Write to this file instead of standard output.")
        var output: String?

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, jsonl }

        func validate() throws {
            if (team == nil) == !allTeams { throw ValidationError("give --team ID or --all-teams") }
            if let from, CalendarDay(parsing: from) == nil { throw ValidationError("--from must be a day such as 2026-11-23, not '\(from)'") }
            if let to, CalendarDay(parsing: to) == nil { throw ValidationError("--to must be a day such as 2026-11-29, not '\(to)'") }
            if let from = from.flatMap(CalendarDay.init(parsing:)), let to = to.flatMap(CalendarDay.init(parsing:)), to < from {
                throw ValidationError("--to (\(to)) is before --from (\(from))")
            }
            _ = try types()
        }

        func types() throws -> Set<EntryType>? {
            guard let type else { return nil }
            var found: Set<EntryType> = []
            for name in type.split(separator: ",").map({ $0.trimmingSpaces }) where !name.isEmpty {
                guard let entryType = EntryType(rawValue: name), entryType != .withdrawn else {
                    throw ValidationError("--type: unknown entry type '\(name)'; known: \(EntryType.allCases.filter { $0 != .withdrawn }.map(\.rawValue).joined(separator: ", "))")
                }
                found.insert(entryType)
            }
            return found
        }

        func run() async throws {
            let config = try options.load()
            let teams = try team.map { [try config.requireTeam($0)] } ?? config.teams
            let journal = DataDirectory(config.dataDirectory).journal
            var rows: [ExportRow] = []
            for team in teams {
                var entries: [JournalEntry] = []
                for week in try await journal.weeks(team: team.id) {
                    let read = try await journal.entries(team: team.id, week: week)
                    for problem in read.problems { printError("warning: \(problem)") }
                    entries += read.entries
                }
                rows += EntryExport.rows(entries, zone: team.timeZone, from: from.flatMap(CalendarDay.init(parsing:)),
                                         to: to.flatMap(CalendarDay.init(parsing:)), types: try types())
            }
            let text = EntryExport.render(rows, format: EntryExport.Format(rawValue: format.rawValue)!)
            if let output {
                do {
                    try FileModes.writePrivately(Data(text.utf8), to: output)
                } catch {
                    printError("huddle: cannot write the export: \(error)")
                    throw ExitCode(1)
                }
                printError("\(rows.count) entr\(rows.count == 1 ? "y" : "ies") written to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
