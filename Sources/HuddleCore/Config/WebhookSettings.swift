import Foundation

/// The chat platforms a team can use through webhooks instead of IRC.
public enum WebhookPlatform: String, Sendable, Hashable, CaseIterable {
    case slack, mattermost, discord, teams, generic
}

/// Where a secret comes from: an environment variable or a file. Secrets never go in the config,
/// and the configuration never reads them: the runtime does (`Secrets` in HuddleBot).
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): return "the environment variable \(name)"
        case .file(let path): return "the file \(path)"
        }
    }
}

extension SecretSource {
    /// Variables a secret file's path may start with (systemd's credentials folder), expanded by the runtime.
    public static let pathVariables = ["CREDENTIALS_DIRECTORY"]
}

/// A secret the config refers to could not be read.
public struct SecretError: Error, Sendable, CustomStringConvertible {
    public var description: String

    /// An error saying what could not be read.
    public init(description: String) { self.description = description }
}

/// How one team talks through webhooks: where the bot posts, and how replies are checked.
public struct TeamWebhook: Sendable, Hashable {
    public var platform: WebhookPlatform
    /// The platform's incoming-webhook URL (a secret: anyone who has it can post).
    public var url: SecretSource
    /// An incoming-webhook URL into a leaders' channel, for what leaders get privately on IRC.
    public var leadersURL: SecretSource?
    /// What replies are checked with: the Mattermost token(s), the Slack signing secret, the Teams
    /// outgoing webhook's security token, the Discord application's public key (hex) or the
    /// generic route's HMAC key. Without it the team only receives posts.
    public var secret: SecretSource?
    /// Mattermost presentation: the name and icon the posts show, and a channel override.
    public var username: String?
    public var iconURL: String?
    public var channelOverride: String?
    /// Whether a `leaders` entry may also match the platform's user name (`leaders_by_name: true`),
    /// not only the user id. Names can be changed and reused, so only on the admin's explicit word,
    /// and never on the generic route, whose caller sends any name.
    public var leadersByName: Bool
    /// Slack's bot token (`xoxb-…`) or a Mattermost bot's access token: with it `/huddle` alone
    /// opens the platform's own dialog (Slack `views.open`, Mattermost `dialogs/open`).
    public var botToken: SecretSource?
    /// Where the platform's API is: Slack's by default, a Mattermost server's from its webhook URL.
    public var apiURL: String?

    /// Creates webhook settings.
    public init(platform: WebhookPlatform, url: SecretSource, leadersURL: SecretSource? = nil, secret: SecretSource? = nil,
                username: String? = nil, iconURL: String? = nil, channelOverride: String? = nil, leadersByName: Bool = false) {
        self.platform = platform
        self.url = url
        self.leadersURL = leadersURL
        self.secret = secret
        self.username = username
        self.iconURL = iconURL
        self.channelOverride = channelOverride
        self.leadersByName = leadersByName
    }
}

/// The bot's HTTP endpoint for replies from webhook platforms.
public struct WebhookListenSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Larger requests are refused with 413.
    public var maxBodyBytes = 64 * 1024

    /// Creates listen settings.
    public init(host: String, port: Int, maxBodyBytes: Int = 64 * 1024) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}
