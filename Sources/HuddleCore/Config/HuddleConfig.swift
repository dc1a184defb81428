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
    /// The IRC server, when any team is on IRC.
    public var irc: IRCSettings?
    /// The endpoint for replies from webhook platforms, when any team receives them.
    public var webhooks: WebhookListenSettings?
    /// Where `/metrics` is served for Prometheus; nil (the default) serves none.
    public var metrics: MetricsSettings?
    /// The address people reach the bot's digest pages at; nil: no links, file paths only.
    public var web: WebSettings?
    /// Groups of teams with a digest across them.
    public var groups: [GroupConfig] = []
    public var teams: [TeamConfig]
    /// How people talk to the bot: prefix, confirmations, limits, privacy, identity.
    public var chat: ChatSettings
    /// Journal weeks older than this are deleted; nil keeps everything.
    public var retentionWeeks: Int?
    /// Non-fatal remarks found while validating (an admin sees them in `check-config`).
    public var warnings: [ConfigIssue]

    /// Creates a configuration from its parts.
    public init(sourcePath: String, dataDirectory: String, language: Language, timeZone: TimeZone,
                irc: IRCSettings?, webhooks: WebhookListenSettings? = nil, teams: [TeamConfig], chat: ChatSettings = ChatSettings(),
                retentionWeeks: Int? = nil, warnings: [ConfigIssue] = []) {
        self.sourcePath = sourcePath
        self.dataDirectory = dataDirectory
        self.language = language
        self.timeZone = timeZone
        self.irc = irc
        self.webhooks = webhooks
        self.teams = teams
        self.chat = chat
        self.retentionWeeks = retentionWeeks
        self.warnings = warnings
    }

    /// The team with this id.
    public func team(id: String) -> TeamConfig? { teams.first { $0.id == id } }
}

/// Teams whose leaders read one picture across them (a hotel's kitchen, floor and front desk).
public struct GroupConfig: Sendable, Hashable {
    /// Lower-case id (`[a-z0-9-]+`), used in file names.
    public var id: String
    public var name: String
    /// The ids of its teams, in the order the digest shows them.
    public var teams: [String]
    /// Accounts or host masks of the group's leaders (as a team's).
    public var leaders: [String]
    public var digest: DigestSettings
    public var language: Language
    public var timeZone: TimeZone

    /// The group in the ledger and the mail outbox, where records are keyed by team: `group:<id>`,
    /// which no team id can be.
    public var recordKey: String { "group:\(id)" }

    /// Creates a group.
    public init(id: String, name: String, teams: [String], leaders: [String] = [], digest: DigestSettings = DigestSettings(),
                language: Language = .nl, timeZone: TimeZone = TimeZone(identifier: "Europe/Amsterdam")!) {
        self.id = id
        self.name = name
        self.teams = teams
        self.leaders = leaders
        self.digest = digest
        self.language = language
        self.timeZone = timeZone
    }
}

/// Where the bot serves its metrics in the Prometheus text format.
public struct MetricsSettings: Sendable, Hashable {
    public var host: String
    public var port: Int

    /// Creates metrics settings.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
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
    /// SHA-256 fingerprints of server certificates to trust instead of the system store.
    public var tlsFingerprints: [String] = []
    /// PEM client certificate and key (for SASL EXTERNAL).
    public var clientCertificate: String?
    public var clientKey: String?
    public var sasl: SASLSettings?
    /// Lines sent at once, then lines per second.
    public var floodBurst = 4
    public var floodPerSecond = 1.0
    /// `irc.flood: off`: no pacing at all, for servers that exempt the bot from flood limits.
    public var floodOff = false
    /// Seconds of silence from the server before the bot sends a PING, and how long it then
    /// waits for any reply before it drops the connection and reconnects.
    public var pingInterval = 30
    public var pingTimeout = 30
    /// Connections to open from the start; nil (`auto`): one, and more when the server's channel
    /// limit leaves team channels out.
    public var connections: Int?
    /// The most connections the bot opens to the server.
    public var maxConnections = 10

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

/// How the bot reminds the channel before a huddle closes.
public enum ReminderStyle: String, Sendable, Hashable, CaseIterable {
    /// No reminder.
    case quiet
    /// One reminder line in the channel.
    case channel
    /// One reminder that names the regulars who have not answered yet.
    case mention
}

/// How the bot logs in to its account. The password is never in the file itself.
public struct SASLSettings: Sendable, Hashable {
    public enum Mechanism: String, Sendable, Hashable, CaseIterable { case plain = "PLAIN", external = "EXTERNAL" }
    public var mechanism: Mechanism
    public var account: String?
    /// Environment variable holding the password.
    public var passwordEnv: String?
    /// File holding the password (first line).
    public var passwordFile: String?

    /// Creates SASL settings.
    public init(mechanism: Mechanism, account: String? = nil, passwordEnv: String? = nil, passwordFile: String? = nil) {
        self.mechanism = mechanism
        self.account = account
        self.passwordEnv = passwordEnv
        self.passwordFile = passwordFile
    }
}

/// When and where a team's weekly digest is posted for its leaders.
public struct DigestSettings: Sendable, Hashable {
    /// The weekday and local time of the post (default Monday 08:00); it reports the week before.
    public var weekday: Weekday = .monday
    public var time = LocalTime(hour: 8, minute: 0)!
    /// A leaders' channel; without one each leader gets a private message.
    public var channel: String?
    /// Whether the first prompt of the week names last week's top pain and the open actions.
    public var recap = true
    /// Where the digest is mailed at `post_at`, if anywhere.
    public var email: EmailSettings?

    /// The defaults.
    public init() {}
}

/// Digest pages on the bot's HTTP listener (`webhooks.listen`), behind the admin's HTTPS proxy.
public struct WebSettings: Sendable, Hashable {
    /// The address the proxy serves the listener at, such as `https://huddle.hotel.example` (no trailing slash).
    public var publicURL: String
    /// How long a link opens the page.
    public var linkDays: Int

    /// Creates the settings.
    public init(publicURL: String, linkDays: Int = 14) {
        self.publicURL = publicURL
        self.linkDays = linkDays
    }
}

/// Who gets the weekly digest by e-mail, and through which SMTP server.
public struct EmailSettings: Sendable, Hashable {
    public var to: [MailAddress]
    public var from: MailAddress
    /// The subject; the digest's title when nil.
    public var subject: String?
    public var smtp: SMTPSettings

    /// Creates the settings.
    public init(to: [MailAddress], from: MailAddress, subject: String? = nil, smtp: SMTPSettings) {
        self.to = to
        self.from = from
        self.subject = subject
        self.smtp = smtp
    }
}

/// How the bot reaches its mail server: `smtp://host:587` with STARTTLS, or `smtps://host:465`.
public struct SMTPSettings: Sendable, Hashable {
    /// Whether a plain `smtp://` connection must, may or must not switch to TLS with STARTTLS.
    public enum StartTLS: String, Sendable, Hashable, CaseIterable {
        case required, optional, off
    }

    public var url: String
    public var startTLS: StartTLS
    public var user: String?
    public var password: SecretSource?
    /// PEM file of the certificate authorities to trust instead of the system's (an internal CA).
    public var caFile: String?

    /// Creates the settings.
    public init(url: String, startTLS: StartTLS = .required, user: String? = nil, password: SecretSource? = nil, caFile: String? = nil) {
        self.url = url
        self.startTLS = startTLS
        self.user = user
        self.password = password
        self.caFile = caFile
    }
}

/// One team: its channel, leaders, language, time zone, shifts and days off.
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
    /// Public holidays on which no huddle is held.
    public var holidays: HolidayCalendar?
    /// Days on which no huddle of this team is held.
    public var skipDates: Set<CalendarDay>
    /// Questions replacing the three default ones, for every shift without its own.
    public var questions: [LocalizedText]?
    /// A line posted before the questions.
    public var intro: LocalizedText?
    public var remind: ReminderStyle
    /// When in the window the reminder comes, as a fraction (0.8 = at 80%).
    public var remindAt: Double
    /// When and where the weekly digest goes to the leaders.
    public var digest = DigestSettings()
    /// The team's webhook platform; nil for a team on IRC.
    public var webhook: TeamWebhook?

    /// Creates a team.
    public init(id: String, name: String, channel: String, leaders: [String] = [], language: Language = .nl,
                timeZone: TimeZone, shifts: [ShiftConfig], holidays: HolidayCalendar? = nil, skipDates: Set<CalendarDay> = [],
                questions: [LocalizedText]? = nil, intro: LocalizedText? = nil, remind: ReminderStyle = .channel, remindAt: Double = 0.8) {
        self.id = id
        self.name = name
        self.channel = channel
        self.leaders = leaders
        self.language = language
        self.timeZone = timeZone
        self.shifts = shifts
        self.holidays = holidays
        self.skipDates = skipDates
        self.questions = questions
        self.intro = intro
        self.remind = remind
        self.remindAt = remindAt
    }

    /// The questions a shift's huddle asks: the shift's own, else the team's, else the three defaults.
    public func questions(forShift name: String) -> [LocalizedText] {
        shift(named: name)?.questions ?? questions ?? LocalizedText.defaultQuestions
    }

    /// Why `shift` has no huddle on `day` (calendar rules only), or nil when it has one.
    public func skipReason(_ shift: ShiftConfig, on day: CalendarDay) -> SkipReason? {
        if let holiday = holidays?.holiday(on: day) { return .holiday(holiday) }
        if skipDates.contains(day) || shift.skipDates.contains(day) { return .skipDate }
        return nil
    }
}

/// One recurring shift whose start opens a huddle.
public struct ShiftConfig: Sendable, Hashable {
    public var name: String
    /// Start in the team's local time.
    public var start: LocalTime
    /// End of the shift in local time, when given; before `start` means the next day.
    public var end: LocalTime?
    public var days: Set<Weekday>
    /// How long the huddle collects answers, in seconds.
    public var window: Int
    /// How late (seconds) a huddle may still be posted when the bot was down at the start.
    public var grace: Int
    /// Days on which this shift has no huddle.
    public var skipDates: Set<CalendarDay>
    /// Questions of this shift's huddle, replacing the team's.
    public var questions: [LocalizedText]?

    /// Creates a shift; by default every day with a 15-minute window and 15 minutes of grace.
    public init(name: String, start: LocalTime, end: LocalTime? = nil, days: Set<Weekday> = Set(Weekday.allCases),
                window: Int = 15 * 60, grace: Int = 15 * 60, skipDates: Set<CalendarDay> = [], questions: [LocalizedText]? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.days = days
        self.window = window
        self.grace = grace
        self.skipDates = skipDates
        self.questions = questions
    }

    /// How long the shift lasts in seconds: to `end` (across midnight if needed), else the window.
    public var length: Int {
        guard let end else { return window }
        let minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return (minutes > 0 ? minutes : minutes + 24 * 60) * 60
    }
}

/// A problem found in a configuration file, with where it is.
public struct ConfigIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// The key the problem is about, dotted (`irc.port`, `teams[0].shifts[1].start`), when known.
    public var path: String?
    /// What to do about it.
    public var hint: String

    /// Creates an issue at a position in a file; without a hint, the expectation the message
    /// states after `; `, else a pointer to the reference.
    public init(file: String, line: Int?, column: Int?, message: String, path: String? = nil, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.path = path ?? Self.quotedPath(in: message)
        self.hint = hint ?? message.range(of: "; ").map { String(message[$0.upperBound...]) }
            ?? "see the configuration reference in README.md"
    }

    /// The first quoted dotted key in a message (`'irc.flood.burst'`), as the loader quotes them.
    static func quotedPath(in message: String) -> String? {
        for piece in message.split(separator: "'", omittingEmptySubsequences: false).enumerated() where piece.offset % 2 == 1 {
            let text = piece.element
            if !text.isEmpty, text.allSatisfy({ $0.isLowercase || $0.isNumber || "._[]".contains($0) }), text.first!.isLetter {
                return String(text)
            }
        }
        return nil
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
