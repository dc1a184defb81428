import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import Webhooks

extension HuddleCommand {
    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows the next huddles of each team with local and UTC times, and why a day is skipped.")

        @OptionGroup var options: ConfigOptions

        @Option(help: "Only this team.")
        var team: String?

        @Option(help: "How many huddles to show per team.")
        var next: Int = 10

        func validate() throws {
            guard (1...1000).contains(next) else { throw ValidationError("--next must be from 1 to 1000") }
        }

        func run() async throws {
            let config = try options.load()
            let teams = try team.map { [try config.requireTeam($0)] } ?? config.teams
            let ledger = (try? DataDirectory(config.dataDirectory).readLedger()) ?? LedgerIndex()
            print(ScheduleListing.render(teams: teams, count: next, now: Date(), ledger: ledger), terminator: "")
        }
    }
}

/// What `huddle schedule` prints.
enum ScheduleListing {
    static func render(teams: [TeamConfig], count: Int, now: Date, ledger: LedgerIndex) -> String {
        var lines: [String] = []
        for team in teams {
            lines.append("\(team.id) — \(team.name) in \(team.channel) (\(team.timeZone.identifier))")
            let planned = team.plannedHuddles(after: now, count: count)
            if planned.isEmpty { lines.append("  no huddles planned") }
            for huddle in planned {
                let occurrence = huddle.occurrence
                let day = occurrence.key.day
                var line = "  \(day) \(DayNames.short(day.weekday, team.language)) \(LocalClock.time(occurrence.opensAt, in: team.timeZone))"
                    + " \(offset(team.timeZone, occurrence.opensAt))  \(HuddleJSON.timestamp(occurrence.opensAt))  \(occurrence.key.shift)"
                if let skip = huddle.skip {
                    line += "  — \(skip.text(team.language))"
                } else if let record = ledger.record(of: occurrence.key), record.state == .skipped {
                    let parts = (record.reason ?? "").split(separator: ":", maxSplits: 1)
                    let by = parts.first.map(String.init) ?? ""
                    let reason = parts.count > 1 ? parts[1].trimmingSpaces : ""
                    line += "  — \(SkipReason.leader(by: by, reason: reason).text(team.language))"
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `+01:00`: the zone's offset from UTC at an instant.
    static func offset(_ zone: TimeZone, _ date: Date) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
