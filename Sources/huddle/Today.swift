import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import Logging

extension HuddleCommand {
    struct Today: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetches a team's sources now and shows what its huddle opens with: the day's facts, the handover, actions due, counters and topic, every event, and every problem with a source (exit 1 when a source has one).")

        @OptionGroup var options: ConfigOptions

        @Option(help: "The team.")
        var team: String

        @Option(help: "The day, YYYY-MM-DD (default: today in the team's time zone).")
        var date: String?

        @Option(help: "The shift whose huddle to show (default: the next one that day, else the first).")
        var shift: String?

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        enum OutputFormat: String, ExpressibleByArgument { case text, json }

        func validate() throws {
            if let date, CalendarDay(parsing: date) == nil { throw ValidationError("--date must be a date YYYY-MM-DD, not '\(date)'") }
        }

        func run() async throws {
            let config = try options.load()
            let team = try config.requireTeam(team)
            if let shift, team.shift(named: shift) == nil {
                throw ValidationError("team '\(team.id)' has no shift '\(shift)'; shifts: \(team.shifts.map(\.name).joined(separator: ", "))")
            }
            let now = Date()
            let day = date.flatMap(CalendarDay.init(parsing:)) ?? CalendarDay(now, in: team.timeZone)
            let report = try await TodayReport.make(config: config, team: team, day: day, shift: shift, now: now,
                                                    secrets: .process(), logger: Logger(label: "huddle.today") { _ in SwiftLogNoOpLogHandler() })
            switch format {
            case .text:
                print(report.text, terminator: "")
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            }
            if report.hasProblems { throw ExitCode(1) }
        }
    }
}
