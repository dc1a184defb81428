import Foundation

/// A language the bot speaks; Dutch first, English second.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case nl, en
}

/// The whole configuration of one bot, as read from `Config/huddle.yaml` and validated.
public struct HuddleConfig: Sendable {
    /// The file the configuration was read from, for messages.
    public var sourcePath: String
    /// Where journal, digests, ledger and lock live (absolute, or relative to the working directory).
    public var dataDirectory: String
    public var language: Language
    public var timeZone: TimeZone
    public var irc: IRCSettings
    public var teams: [TeamConfig]
    /// Non-fatal remarks found while validating (an admin sees them in `check-config`).
    public var warnings: [ConfigIssue]

    /// Creates a configuration from its parts.
    public init(sourcePath: String, dataDirectory: String, language: Language, timeZone: TimeZone,
                irc: IRCSettings, teams: [TeamConfig], warnings: [ConfigIssue] = []) {
        self.sourcePath = sourcePath
        self.dataDirectory = dataDirectory
        self.language = language
        self.timeZone = timeZone
        self.irc = irc
        self.teams = teams
        self.warnings = warnings
    }

    /// The team with this id.
    public func team(id: String) -> TeamConfig? { teams.first { $0.id == id } }
}

/// How the bot reaches the IRC server.
public struct IRCSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var tls: Bool
    public var nick: String
    public var alternativeNicks: [String]
    public var username: String?
    public var realname: String?
    /// Environment variable holding the server password (PASS), if the server needs one.
    public var passwordEnv: String?

    /// Creates IRC settings; only host and nick have no default.
    public init(host: String, port: Int = 6667, tls: Bool = false, nick: String, alternativeNicks: [String] = [],
                username: String? = nil, realname: String? = nil, passwordEnv: String? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
        self.nick = nick
        self.alternativeNicks = alternativeNicks
        self.username = username
        self.realname = realname
        self.passwordEnv = passwordEnv
    }
}

/// One team: its channel, leaders, language, time zone and shifts.
public struct TeamConfig: Sendable, Hashable {
    /// Lower-case id (`[a-z0-9-]+`), used in file names.
    public var id: String
    public var name: String
    public var channel: String
    /// Accounts (or nicks) of the team's leaders.
    public var leaders: [String]
    public var language: Language
    public var timeZone: TimeZone
    public var shifts: [ShiftConfig]

    /// Creates a team.
    public init(id: String, name: String, channel: String, leaders: [String] = [], language: Language = .nl,
                timeZone: TimeZone, shifts: [ShiftConfig]) {
        self.id = id
        self.name = name
        self.channel = channel
        self.leaders = leaders
        self.language = language
        self.timeZone = timeZone
        self.shifts = shifts
    }
}

/// One recurring shift whose start opens a huddle.
public struct ShiftConfig: Sendable, Hashable {
    public var name: String
    /// Start in the team's local time.
    public var start: LocalTime
    public var days: Set<Weekday>
    /// How long the huddle collects answers, in seconds.
    public var window: Int

    /// Creates a shift; by default every day with a 15-minute window.
    public init(name: String, start: LocalTime, days: Set<Weekday> = Set(Weekday.allCases), window: Int = 15 * 60) {
        self.name = name
        self.start = start
        self.days = days
        self.window = window
    }
}

/// A problem found in a configuration file, with where it is.
public struct ConfigIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    /// Creates an issue at a position in a file.
    public init(file: String, line: Int?, column: Int?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, as compilers print it.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message)"
    }
}

/// A configuration that cannot be used, with every problem found in it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    /// Creates an error from the issues found.
    public init(issues: [ConfigIssue]) { self.issues = issues }

    public var description: String { issues.map { "\($0.description)" }.joined(separator: "\n") }
}
