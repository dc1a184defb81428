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
    /// Which teams may ask each other questions beyond their groups, and when they are reminded.
    public var ask = AskSettings()
    public var teams: [TeamConfig]
    /// How people talk to the bot: prefix, confirmations, limits, privacy, identity.
    public var chat: ChatSettings
    /// Journal weeks older than this are deleted; nil keeps everything.
    public var retentionWeeks: Int?
    /// How the prompt opens: lines before question 1, and how early sources are fetched.
    public var opening = OpeningSettings()
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

    /// The groups a team is in, in config order.
    public func groups(of team: String) -> [GroupConfig] { groups.filter { $0.teams.contains(team) } }
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
    /// Sources whose facts every team of the group shows.
    public var today: [DaySource] = []
    /// The topic of the day every team of the group shares.
    public var lineup = Lineup()

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
