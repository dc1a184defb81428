import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import IRCClient
import Logging
import Webhooks

@main
struct HuddleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle",
        abstract: "Runs the shift-start huddle in a team's chat, and writes the weekly digest for leaders.",
        version: HuddleVersion.text,
        subcommands: [Init.self, Run.self, Reload.self, CheckConfig.self, Schedule.self, Today.self, Digest.self, Export.self, LeaderCode.self, Forget.self, Outbox.self,
                      Version.self],
        defaultSubcommand: nil)
}

/// The `--config` option every subcommand shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = "Config/huddle.yaml"

    /// Reads and validates the configuration; prints every problem and exits 2 when it is unusable.
    func load() throws -> HuddleConfig {
        do {
            return try ConfigFile.load(config)
        } catch {
            for issue in error.issues { printError("\(issue.file)\(position(issue)): error: \(issue.message)") }
            printError("\(error.issues.count) error\(error.issues.count == 1 ? "" : "s") in \(config)")
            throw ExitCode(2)
        }
    }

    private func position(_ issue: ConfigIssue) -> String {
        (issue.line.map { ":\($0)" } ?? "") + (issue.column.map { ":\($0)" } ?? "")
    }
}

/// `--team` and `--week`, shared by the digest commands.
struct TeamWeekOptions: ParsableArguments {
    @Option(help: "The team id (show: may be left out when there is one team; regenerate: default every team).")
    var team: String?

    @Option(help: "The ISO week, e.g. 2026-W47 (default: the current week in the team's time zone).")
    var week: String?

    func validate() throws {
        if let week, ISOWeek(parsing: week) == nil {
            throw ValidationError("--week must be an ISO week such as 2026-W47, not '\(week)'")
        }
    }

    /// The week asked for, if any.
    var isoWeek: ISOWeek? { week.flatMap(ISOWeek.init(parsing:)) }
}

extension HuddleConfig {
    /// The team with this id, or an error that lists the teams there are.
    func requireTeam(_ id: String) throws -> TeamConfig {
        guard let found = team(id: id) else {
            throw ValidationError("no team '\(id)' in \(sourcePath); teams: \(teams.map(\.id).joined(separator: ", "))")
        }
        return found
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
