import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import Webhooks

extension HuddleCommand {
    struct CheckConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-config",
            abstract: "Validates the configuration and shows the teams, channels and each shift's next huddle.",
            discussion: "Reports every problem in one run, each with file:line:column and a hint; exits 1 when there are errors.")

        @OptionGroup var options: ConfigOptions

        @Option(help: "Output format: text, or json ([{file, line, column, path, message, hint, severity}], for tools).")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        func run() async throws {
            let config: HuddleConfig
            do {
                config = try ConfigFile.load(options.config)
            } catch {
                switch format {
                case .json: print(Self.json(error.issues.map { ($0, "error") }))
                case .text:
                    for issue in error.issues {
                        let place = [issue.file] + [issue.line, issue.column].compactMap { $0.map(String.init) }
                        printError("\(place.joined(separator: ":")): error: \(issue.message)\n    hint: \(issue.hint)")
                    }
                    printError("\(error.issues.count) error\(error.issues.count == 1 ? "" : "s") in \(options.config)")
                }
                throw ExitCode(1)
            }
            switch format {
            case .json: print(Self.json(config.warnings.map { ($0, "warning") }))
            case .text: print(ConfigSummary.render(config, now: Date()), terminator: "")
            }
        }

        /// The issues as a JSON array, one object each.
        static func json(_ issues: [(ConfigIssue, String)]) -> String {
            let objects: [[String: Any]] = issues.map { issue, severity in
                ["file": issue.file, "line": issue.line ?? NSNull(), "column": issue.column ?? NSNull(), "path": issue.path ?? NSNull(),
                 "message": issue.message, "hint": issue.hint, "severity": severity]
            }
            let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        }
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
            let channels = config.teams.filter { $0.webhook == nil }.count
            let needed = (channels + 9) / 10
            lines.append("irc connections: \(settings.connections.map(String.init) ?? "auto"), at most \(settings.maxConnections); "
                + "\(channels) team channel\(channels == 1 ? " needs" : "s need") at most \(needed) on a server allowing 10 channels per connection "
                + "(Debian's ngircd; the bot reads the server's CHANLIMIT)")
            if needed > settings.maxConnections {
                lines.append("warning: on such a server only \(settings.maxConnections * 10) of the \(channels) team channels can be served; raise irc.max_connections or the server's limit")
            }
        }
        if let listen = config.webhooks {
            lines.append("webhooks: replies at http://\(listen.host):\(listen.port)/<platform>/<team>, bodies up to \(listen.maxBodyBytes) bytes")
        }
        if config.teams.isEmpty { lines.append("no teams: the bot connects and idles") }
        if config.teams.contains(where: { !config.peers(of: $0.id).isEmpty }) {
            lines.append("questions between teams (!vraag): open ones reminded after \(DurationText.format(config.ask.remindAfter))")
        }
        for team in config.teams {
            var leaders = team.leaders.isEmpty ? "none" : team.leaders.joined(separator: ", ")
            if let webhook = team.webhook, !team.leaders.isEmpty { leaders += webhook.leadersByName ? " (user ids or names)" : " (user ids)" }
            let place = team.webhook.map { "on \($0.platform.rawValue)" + ($0.secret != nil ? " (replies at /\($0.platform.rawValue)/\(team.id))" : "") }
                ?? "in \(team.channel)"
            lines.append("team \(team.id) \"\(team.name)\" \(place) (\(team.language.rawValue), \(team.timeZone.identifier)), leaders: \(leaders)")
            var rules = ["reminder: \(team.remind.rawValue)\(team.remind == .quiet ? "" : " at \(Int((team.remindAt * 100).rounded()))%")"]
            rules.append("nudges: \(team.nudge.rawValue)\(team.nudge == .private && team.webhook != nil ? " (none on \(team.webhook!.platform.rawValue): no private messages)" : "")")
            if !team.urgentTags.isEmpty { rules.append("urgent tags: " + team.urgentTags.sorted().map { "#\($0)" }.joined(separator: ", ")) }
            if let webhook = team.webhook, webhook.secret != nil, webhook.platform == .discord || webhook.botToken != nil {
                rules.append("/huddle alone: the platform's own dialog of the open huddle")
            }
            let peers = config.peers(of: team.id)
            if !peers.isEmpty { rules.append("may ask: " + peers.map(\.id).joined(separator: ", ")) }
            if let holidays = team.holidays { rules.append("holidays: \(holidays.rawValue)") }
            if !team.skipDates.isEmpty { rules.append("skip dates: \(team.skipDates.sorted().map(\.description).joined(separator: ", "))") }
            lines.append("  " + rules.joined(separator: "; "))
            for source in team.today {
                lines.append("  today: \(source.name) (\(source.format.rawValue), \(source.shownLocation)\(source.auth == nil ? "" : ", with credentials"))")
            }
            if !team.counters.isEmpty { lines.append("  counters: " + team.counters.map(\.id).joined(separator: ", ")) }
            if !team.quickChecks.isEmpty {
                lines.append("  quick checks: " + team.quickChecks.sorted { $0.key < $1.key }.map { "question \($0.key) \($0.value.rawValue)" }.joined(separator: ", "))
            }
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
        for group in config.groups where !group.today.isEmpty || !group.lineup.isEmpty {
            lines.append("group \(group.id): \(group.today.count) source(s) for its teams; topic of the day on \(group.lineup.byWeekday.count) weekday(s), "
                + "\(group.lineup.byDate.count) date(s)\(group.lineup.sources.isEmpty ? "" : ", from \(group.lineup.sources.count) calendar(s)")")
        }
        for warning in config.warnings { lines.append("warning: \(warning)") }
        for team in config.teams {
            for leader in team.bareLeaderNames {
                lines.append("warning: team '\(team.id)': leader '\(leader)' is a bare name, trusted only as an account; on a server without accounts it grants nothing (anyone can take a nick). List a host mask such as \(leader)!*@10.1.2.* or give a one-time code: huddle leader-code --team \(team.id) --leader \(leader)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
