import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import IRCClient
import Logging

@main
struct HuddleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle",
        abstract: "Runs the shift-start huddle in a team's chat, and writes the weekly digest for leaders.",
        subcommands: [Run.self, Digest.self, CheckConfig.self],
        defaultSubcommand: nil)
}

/// The `--config` option every subcommand shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = "Config/huddle.yaml"

    /// Reads and validates the configuration; prints every problem and exits 2 when it is unusable.
    func load() throws -> HuddleConfig {
        guard let data = FileManager.default.contents(atPath: config) else {
            let reason = FileManager.default.fileExists(atPath: config) ? "cannot read the file" : "no such file"
            printError("\(config): \(reason); pass --config PATH or create Config/huddle.yaml (see README)")
            throw ExitCode(2)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            printError("\(config): the file is not UTF-8 text")
            throw ExitCode(2)
        }
        do {
            return try ConfigLoader.load(yaml: text, path: config)
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

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension HuddleCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connects to the chat and runs the huddles until stopped (SIGINT or SIGTERM).")

        @OptionGroup var options: ConfigOptions

        @Option(help: "Log level: trace, debug, info, notice, warning, error.")
        var logLevel: String = "info"

        func validate() throws {
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error")
            }
        }

        func run() async throws {
            let level = Logger.Level(rawValue: logLevel) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let logger = Logger(label: "huddle")
            let config = try options.load()
            for warning in config.warnings { logger.warning("\(warning)") }
            let lock: DataDirectoryLock
            let ledger: FileLedger
            let journal = FileJournal(dataDirectory: config.dataDirectory)
            do {
                lock = try DataDirectoryLock(dataDirectory: config.dataDirectory)
                for torn in try await journal.recover() { logger.warning("journal repaired: \(torn)") }
                ledger = try FileLedger(dataDirectory: config.dataDirectory)
                for problem in ledger.problems { logger.warning("ledger: \(problem)") }
            } catch {
                printError("huddle: \(error)")
                throw ExitCode(1)
            }
            let clock = SystemClock()
            let transport = IRCChatTransport(settings: config.irc, channels: config.teams.map(\.channel), clock: clock, logger: logger)
            let bot = HuddleBot(config: config, transport: transport, journal: journal, ledger: ledger,
                                digests: DigestFiles(dataDirectory: config.dataDirectory), clock: clock, logger: logger)
            logger.info("huddle starting", metadata: [
                "irc.server": "\(config.irc.host):\(config.irc.port)", "teams": "\(config.teams.map(\.id).joined(separator: ","))",
                "data.dir": "\(config.dataDirectory)"])
            try await bot.serviceGroup().run()
            withExtendedLifetime(lock) {}
        }
    }

    struct Digest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Builds a team's weekly digest from the journal, writes it as JSON and prints it.")

        @OptionGroup var options: ConfigOptions

        @Option(help: "The team id (may be left out when there is one team).")
        var team: String?

        @Option(help: "The ISO week, e.g. 2026-W47 (default: the current week in the team's time zone).")
        var week: String?

        @Option(help: "Output format: json or text.")
        var format: DigestFormat = .json

        enum DigestFormat: String, ExpressibleByArgument, CaseIterable { case json, text }

        func validate() throws {
            if let week, ISOWeek(parsing: week) == nil {
                throw ValidationError("--week must be an ISO week such as 2026-W47, not '\(week)'")
            }
        }

        func run() async throws {
            let config = try options.load()
            let team = try selectTeam(config)
            let week = self.week.flatMap(ISOWeek.init(parsing:)) ?? ISOWeek(containing: Date(), in: team.timeZone)
            let journal = FileJournal(dataDirectory: config.dataDirectory)
            let read = try await journal.entries(team: team.id, week: week)
            for problem in read.problems { printError("warning: \(problem)") }
            let digest = DigestBuilder.build(team: team, week: week, entries: read.entries)
            let path = try DigestFiles(dataDirectory: config.dataDirectory).write(digest)
            switch format {
            case .json:
                FileHandle.standardOutput.write(try DigestBuilder.encode(digest))
            case .text:
                print(DigestBuilder.text(digest, language: team.language), terminator: "")
            }
            printError("digest written to \(path)")
        }

        func selectTeam(_ config: HuddleConfig) throws -> TeamConfig {
            if let team {
                guard let found = config.team(id: team) else {
                    throw ValidationError("no team '\(team)' in \(config.sourcePath); teams: \(config.teams.map(\.id).joined(separator: ", "))")
                }
                return found
            }
            guard config.teams.count == 1 else {
                throw ValidationError(config.teams.isEmpty
                    ? "\(config.sourcePath) has no teams"
                    : "--team is needed; teams: \(config.teams.map(\.id).joined(separator: ", "))")
            }
            return config.teams[0]
        }
    }

    struct CheckConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config",
            abstract: "Validates the configuration and shows the teams, channels and each shift's next huddle.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            print(ConfigSummary.render(config, now: Date()), terminator: "")
        }
    }
}

/// The human-readable summary `check-config` prints.
enum ConfigSummary {
    static func render(_ config: HuddleConfig, now: Date) -> String {
        var lines = ["\(config.sourcePath): OK"]
        lines.append("data: \(config.dataDirectory)")
        lines.append("irc: \(config.irc.host):\(config.irc.port) (\(config.irc.tls ? "TLS" : "plain TCP")), nick \(config.irc.nick)")
        if config.teams.isEmpty { lines.append("no teams: the bot connects and idles") }
        for team in config.teams {
            let leaders = team.leaders.isEmpty ? "none" : team.leaders.joined(separator: ", ")
            lines.append("team \(team.id) \"\(team.name)\" in \(team.channel) (\(team.language.rawValue), \(team.timeZone.identifier)), leaders: \(leaders)")
            for shift in team.shifts {
                let days = shift.days.sorted().map { DayNames.short($0, team.language) }.joined(separator: " ")
                var line = "  shift \(shift.name) at \(shift.start) on \(days.isEmpty ? "no days" : days), window \(DurationText.format(shift.window))"
                if let next = team.nextOccurrence(of: shift, after: now) {
                    let local = LocalClock.time(next.opensAt, in: team.timeZone)
                    line += " — next: \(DayNames.long(next.key.day, team.language)) \(local) (\(HuddleJSON.timestamp(next.opensAt)))"
                }
                lines.append(line)
            }
        }
        for warning in config.warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
