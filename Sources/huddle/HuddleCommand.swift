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
        subcommands: [Run.self, Digest.self, Schedule.self, Forget.self, Outbox.self, CheckConfig.self],
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
            var routes: [(transport: any ChatTransport, teams: Set<String>)] = []
            var hub: WebhookHub?
            do {
                if let irc = config.irc {
                    let teams = config.teams.filter { $0.webhook == nil }
                    routes.append((try IRCChatTransport(settings: irc, channels: teams.map(\.channel), clock: clock, logger: logger),
                                   Set(teams.map(\.id))))
                }
                if config.webhooks != nil || config.teams.contains(where: { $0.webhook != nil }) {
                    let webhooks = try WebhookChatTransport.make(config: config, clock: clock, logger: logger)
                    routes += webhooks.transports.map { ($0, [$0.team.id]) }
                    hub = webhooks.hub
                }
            } catch {
                printError("huddle: \(error)")
                throw ExitCode(1)
            }
            let bot = HuddleBot(config: config, routes: routes, journal: journal, ledger: ledger,
                                digests: DigestFiles(dataDirectory: config.dataDirectory), clock: clock, logger: logger)
            logger.info("huddle starting", metadata: [
                "irc.server": "\(config.irc.map { "\($0.host):\($0.port)" } ?? "none")",
                "webhooks.listen": "\(config.webhooks.map { "\($0.host):\($0.port)" } ?? "none")",
                "teams": "\(config.teams.map(\.id).joined(separator: ","))", "data.dir": "\(config.dataDirectory)"])
            try await bot.serviceGroup(adding: hub.map { [$0] } ?? []).run()
            withExtendedLifetime(lock) {}
        }
    }

    struct Digest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Builds a team's weekly digest from the journal, writes it as JSON and prints it.",
            subcommands: [Show.self, Regenerate.self], defaultSubcommand: Show.self)
    }

    struct Regenerate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuilds digest files from the journal: byte-identical when the journal and config are unchanged.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var selection: TeamWeekOptions

        @Flag(help: "Every week that has a journal file.")
        var all = false

        func validate() throws {
            if all && selection.week != nil { throw ValidationError("give --week or --all, not both") }
        }

        func run() async throws {
            let config = try options.load()
            let teams = try selection.team.map { [try config.requireTeam($0)] } ?? config.teams
            let journal = FileJournal(dataDirectory: config.dataDirectory)
            let files = DigestFiles(dataDirectory: config.dataDirectory)
            for team in teams {
                let weeks = all ? try await journal.weeks(team: team.id) : [selection.isoWeek ?? ISOWeek(containing: Date(), in: team.timeZone)]
                for week in weeks {
                    let (digest, problems) = try await journal.digest(for: team, week: week)
                    for problem in problems { printError("warning: \(problem)") }
                    print(try files.write(digest, language: team.language))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Builds a team's weekly digest from the journal, writes it as JSON and prints it (the default).")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var selection: TeamWeekOptions

        @Option(help: "Output format: json, text, md or html.")
        var format: DigestFormat = .json

        enum DigestFormat: String, ExpressibleByArgument, CaseIterable { case json, text, md, html }

        func run() async throws {
            let config = try options.load()
            let team = try selectTeam(config)
            let week = selection.isoWeek ?? ISOWeek(containing: Date(), in: team.timeZone)
            let journal = FileJournal(dataDirectory: config.dataDirectory)
            let (digest, problems) = try await journal.digest(for: team, week: week)
            for problem in problems { printError("warning: \(problem)") }
            let path = try DigestFiles(dataDirectory: config.dataDirectory).write(digest, language: team.language)
            switch format {
            case .json:
                FileHandle.standardOutput.write(try DigestBuilder.encode(digest))
            case .text:
                print(DigestBuilder.render(digest, language: team.language, format: .text), terminator: "")
            case .md:
                print(DigestBuilder.render(digest, language: team.language, format: .md), terminator: "")
            case .html:
                print(DigestHTML.render(digest, language: team.language), terminator: "")
            }
            printError("digest written to \(path)")
        }

        func selectTeam(_ config: HuddleConfig) throws -> TeamConfig {
            if let team = selection.team { return try config.requireTeam(team) }
            guard config.teams.count == 1 else {
                throw ValidationError(config.teams.isEmpty
                    ? "\(config.sourcePath) has no teams"
                    : "--team is needed; teams: \(config.teams.map(\.id).joined(separator: ", "))")
            }
            return config.teams[0]
        }
    }

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
            let ledger = (try? FileLedger.read(dataDirectory: config.dataDirectory)) ?? LedgerIndex()
            print(ScheduleListing.render(teams: teams, count: next, now: Date(), ledger: ledger), terminator: "")
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anonymises (or removes) one person's entries in the journal and rebuilds the digests. Stop the bot first.")

        @OptionGroup var options: ConfigOptions

        @Option(help: "The person's account (or nick) as it appears in the journal.")
        var person: String

        @Flag(help: "Delete the person's entries instead of removing only their name.")
        var remove = false

        func validate() throws {
            guard !person.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--person must not be empty") }
        }

        func run() async throws {
            let config = try options.load()
            let lock: DataDirectoryLock
            do {
                lock = try DataDirectoryLock(dataDirectory: config.dataDirectory)
            } catch {
                printError("huddle: \(error)")
                throw ExitCode(1)
            }
            let (record, weeks) = try JournalMaintenance.forget(person: person, remove: remove, dataDirectory: config.dataDirectory, now: Date())
            let journal = FileJournal(dataDirectory: config.dataDirectory)
            let digests = DigestFiles(dataDirectory: config.dataDirectory)
            for (teamID, week) in weeks {
                guard let team = config.team(id: teamID) else { continue }
                try digests.write(try await journal.digest(for: team, week: week).digest, language: team.language)
            }
            print("\(record.mode == "remove" ? "removed" : "anonymised") \(record.entries) entr\(record.entries == 1 ? "y" : "ies") of \(person) in \(record.files.count) file\(record.files.count == 1 ? "" : "s"); digests rebuilt; recorded in \(config.dataDirectory)/forget.jsonl")
            withExtendedLifetime(lock) {}
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows webhook messages waiting in the outbox and those a platform refused; puts refused ones back.")

        @OptionGroup var options: ConfigOptions

        @Flag(help: "Put the refused messages (outbox/failed/) back in the outbox, to be tried again (by the running bot within a minute, or at its next start).")
        var retryFailed = false

        func run() async throws {
            let config = try options.load()
            let outbox = HuddleStore.Outbox(dataDirectory: config.dataDirectory)
            if retryFailed {
                let moved = try await outbox.requeueFailed(now: Date())
                print("\(moved.count) refused message\(moved.count == 1 ? "" : "s") back in \(outbox.directory)")
                return
            }
            let pending = try await outbox.pending()
            print("waiting: \(pending.count)")
            for (file, message) in pending {
                var line = "  \(HuddleJSON.timestamp(message.createdAt)) \(message.team) \(message.kind)"
                if message.attempts > 0 {
                    line += ", \(message.attempts) attempt\(message.attempts == 1 ? "" : "s"), next \(HuddleJSON.timestamp(message.nextAttemptAt))"
                }
                if let error = message.lastError { line += ": \(error)" }
                print(line + "  [\(file)]")
            }
            let failed = await outbox.failedMessages()
            print("refused: \(failed.count)\(failed.isEmpty ? "" : " (huddle outbox --retry-failed puts them back)")")
            for (file, message) in failed {
                guard let message else {
                    print("  unreadable  [failed/\(file)]")
                    continue
                }
                print("  \(HuddleJSON.timestamp(message.createdAt)) \(message.team) \(message.kind): \(message.lastError ?? "")  [failed/\(file)]")
            }
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
                    let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
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

/// The human-readable summary `check-config` prints.
enum ConfigSummary {
    static func render(_ config: HuddleConfig, now: Date) -> String {
        var lines = ["\(config.sourcePath): OK"]
        lines.append("data: \(config.dataDirectory)")
        if let settings = config.irc {
            var irc = "irc: \(settings.host):\(settings.port) (\(settings.tls ? "TLS" : "plain TCP")), nick \(settings.nick)"
            if !settings.tlsFingerprints.isEmpty { irc += ", \(settings.tlsFingerprints.count) pinned certificate(s)" }
            if let sasl = settings.sasl { irc += ", SASL \(sasl.mechanism.rawValue)\(sasl.account.map { " as \($0)" } ?? "")" }
            lines.append(irc)
        }
        if let listen = config.webhooks {
            lines.append("webhooks: replies at http://\(listen.host):\(listen.port)/<platform>/<team>, bodies up to \(listen.maxBodyBytes) bytes")
        }
        if config.teams.isEmpty { lines.append("no teams: the bot connects and idles") }
        for team in config.teams {
            let leaders = team.leaders.isEmpty ? "none" : team.leaders.joined(separator: ", ")
            let place = team.webhook.map { "on \($0.platform.rawValue)" + ($0.secret != nil ? " (replies at /\($0.platform.rawValue)/\(team.id))" : "") }
                ?? "in \(team.channel)"
            lines.append("team \(team.id) \"\(team.name)\" \(place) (\(team.language.rawValue), \(team.timeZone.identifier)), leaders: \(leaders)")
            var rules = ["reminder: \(team.remind.rawValue)\(team.remind == .quiet ? "" : " at \(Int((team.remindAt * 100).rounded()))%")"]
            if let holidays = team.holidays { rules.append("holidays: \(holidays.rawValue)") }
            if !team.skipDates.isEmpty { rules.append("skip dates: \(team.skipDates.sorted().map(\.description).joined(separator: ", "))") }
            lines.append("  " + rules.joined(separator: "; "))
            for shift in team.shifts {
                let days = shift.days.sorted().map { DayNames.short($0, team.language) }.joined(separator: " ")
                var line = "  shift \(shift.name) at \(shift.start)\(shift.end.map { "–\($0)" } ?? "") on \(days.isEmpty ? "no days" : days), "
                    + "window \(DurationText.format(shift.window)), grace \(DurationText.format(shift.grace))"
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
