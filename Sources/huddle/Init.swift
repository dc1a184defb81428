import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore

extension StarterConfig.Platform: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}

extension HuddleCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Writes a commented starter configuration with one team, that check-config accepts.",
            discussion: """
                Asks in the terminal for what the options leave out (Enter takes the default shown); when \
                standard input is not a terminal it asks nothing and takes the defaults. Does not overwrite \
                an existing file without --force. --config - writes to standard output.
                """)

        @Option(name: .shortAndLong, help: "The file to write, or - for standard output.")
        var config: String = "Config/huddle.yaml"

        @Option(help: "Where the team chats: irc, mattermost, slack, discord, teams or generic (default irc).")
        var platform: StarterConfig.Platform?

        @Option(help: "The team's id: a-z, 0-9 and '-' (default team).")
        var team: String?

        @Option(help: "The team's channel (default #<team> on IRC, <team> on the other platforms).")
        var channel: String?

        @Option(help: "A shift's start, HH:MM; repeat it or separate with commas for more shifts (default 07:00).")
        var shift: [String] = []

        @Option(help: "The language the bot speaks: nl or en (default nl).")
        var language: Language?

        @Option(help: "The team's IANA time zone (default the machine's).")
        var timezone: String?

        @Option(help: "The IRC server, host or host:port (default 127.0.0.1:6667); IRC only.")
        var server: String?

        @Option(help: "The data directory (default /var/lib/huddle for a file under /etc, else data beside the file).")
        var dataDir: String?

        @Flag(help: "Overwrite the file if it exists.")
        var force = false

        func validate() throws {
            if let team, let problem = StarterConfig.problem(teamID: team) { throw ValidationError("--team: \(problem)") }
            if let timezone, let problem = StarterConfig.problem(timeZone: timezone) { throw ValidationError("--timezone: \(problem)") }
            if case .failure(let error) = StarterConfig.shifts(from: shift.joined(separator: ",")), !shift.isEmpty {
                throw ValidationError("--shift: \(error)")
            }
            if let server, case .failure(let error) = StarterConfig.server(from: server) { throw ValidationError("--server: \(error)") }
            if server != nil, let platform, platform != .irc { throw ValidationError("--server is for IRC; a \(platform.rawValue) team posts through its webhook") }
            if let channel, let platform, let problem = StarterConfig.problem(channel: channel, platform: platform) {
                throw ValidationError("--channel: \(problem)")
            }
            if config != "-", !force, FileManager.default.fileExists(atPath: config) {
                throw ValidationError("\(config) exists; give --force to overwrite it, or --config to write another file")
            }
        }

        func run() throws {
            var ask: InitQuestion.Asker?
            if isatty(0) == 1 { ask = { InitQuestion.askInTerminal($0) } }
            let starter = try resolve(ask: ask)
            let text = starter.render()
            if config == "-" {
                print(text, terminator: "")
                return
            }
            let url = URL(fileURLWithPath: config)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                printError("huddle: cannot write \(config): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            let loaded: HuddleConfig
            do {
                loaded = try ConfigFile.load(config)
            } catch {
                // Each answer was checked as it came; a file that still does not load is a bug to report.
                for issue in error.issues { printError("\(issue.file):\(issue.line ?? 0): error: \(issue.message)") }
                throw ExitCode(1)
            }
            print("wrote \(config): team \(starter.team) in \(starter.channel) on \(starter.platform.rawValue), \(starter.shifts.count) shift\(starter.shifts.count == 1 ? "" : "s")")
            for warning in loaded.warnings { print("note: \(warning.message)") }
            print("next: huddle check-config --config \(config)")
            if let environment = starter.environment {
                print("then: set \(environment.url) (the incoming webhook's URL) and \(environment.secret) for the bot (docs/webhooks.md),")
                print("      and point the platform's replies at https://<this host>/\(starter.platform.rawValue)/\(starter.team)")
            }
            print("run:  huddle run --config \(config)   (as a service: systemctl enable --now huddle)")
        }

        /// The configuration from the options, asking `ask` (when given) for each one left out.
        func resolve(ask: InitQuestion.Asker?) throws -> StarterConfig {
            func value<T>(_ given: T?, _ question: String, default fallback: T, shown: (T) -> String,
                          parse: (String) -> Result<T, StarterConfigError>) throws -> T {
                if let given { return given }
                guard let ask else { return fallback }
                return try InitQuestion(text: question, fallback: shown(fallback)).answer(with: ask) { parse($0) }
            }
            let platform = try value(platform, "Platform (irc, mattermost, slack, discord, teams, generic)", default: .irc, shown: \.rawValue) {
                StarterConfig.Platform(rawValue: $0.lowercased()).map(Result.success)
                    ?? .failure(StarterConfigError("choose irc, mattermost, slack, discord, teams or generic"))
            }
            let team = try value(team, "Team id (a-z, 0-9, -)", default: "team", shown: { $0 }) { id in
                accepted(id, unless: StarterConfig.problem(teamID: id))
            }
            if let channel, let problem = StarterConfig.problem(channel: channel, platform: platform) {
                throw ValidationError("--channel: \(problem)")
            }
            let channel = try value(channel, "Channel", default: platform == .irc ? "#\(team)" : team, shown: { $0 }) { name in
                accepted(name, unless: StarterConfig.problem(channel: name, platform: platform))
            }
            let shifts = try value(shift.isEmpty ? nil : try StarterConfig.shifts(from: shift.joined(separator: ",")).get(),
                                   "Shift starts (HH:MM, separated by commas)", default: [LocalTime(hour: 7, minute: 0)!],
                                   shown: { $0.map(\.description).joined(separator: ", ") }, parse: StarterConfig.shifts(from:))
            var server: (host: String, port: Int) = ("127.0.0.1", 6667)
            if platform == .irc {
                server = try value(try self.server.map { try StarterConfig.server(from: $0).get() }, "IRC server (host or host:port)",
                                   default: server, shown: { $0.port == 6667 ? $0.host : "\($0.host):\($0.port)" }, parse: StarterConfig.server(from:))
            }
            let language = try value(language, "Language the bot speaks (nl, en)", default: .nl, shown: \.rawValue) {
                Language(rawValue: $0.lowercased()).map(Result.success) ?? .failure(StarterConfigError("choose nl or en"))
            }
            let zone = try value(timezone, "Time zone", default: Self.machineZone, shown: { $0 }) { name in
                accepted(name, unless: StarterConfig.problem(timeZone: name))
            }
            let data = dataDir ?? (config.hasPrefix("/etc/") ? "/var/lib/huddle" : "data")
            return StarterConfig(platform: platform, team: team, channel: channel, shifts: shifts, language: language, timeZone: zone,
                                 dataDirectory: data, server: server)
        }

        /// `text`, or the problem with it.
        private func accepted(_ text: String, unless problem: String?) -> Result<String, StarterConfigError> {
            problem.map { .failure(StarterConfigError($0)) } ?? .success(text)
        }

        /// The machine's zone, by its IANA name (UTC when it has none).
        static var machineZone: String {
            let name = TimeZone.current.identifier
            return StarterConfig.problem(timeZone: name) == nil ? name : "UTC"
        }
    }
}

/// One question `huddle init` asks, with the answer Enter gives.
struct InitQuestion {
    /// Shows a prompt and returns the line typed, nil at the end of input.
    typealias Asker = (String) -> String?
    var text: String
    var fallback: String

    /// Asks until `parse` takes the answer (an empty one is the fallback); throws at the end of input.
    func answer<T>(with ask: Asker, parse: (String) -> Result<T, StarterConfigError>) throws -> T {
        while true {
            guard let line = ask("\(text) [\(fallback)]: ") else {
                throw ValidationError("no answer to '\(text)'; give it as an option instead")
            }
            let typed = line.trimmingCharacters(in: .whitespaces)
            switch parse(typed.isEmpty ? fallback : typed) {
            case .success(let value): return value
            case .failure(let error): printError("  \(error.message)")
            }
        }
    }

    /// The prompt on standard error (standard output may be the file), the answer from standard input.
    static func askInTerminal(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        return readLine(strippingNewline: true)
    }
}
