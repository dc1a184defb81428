import Foundation

/// A first configuration with one team, commented for the admin who edits it next: what
/// `huddle init` writes. It loads without errors for every platform (`ConfigLoader`).
public struct StarterConfig: Sendable {
    /// Where the team chats: an IRC server, or one of the webhook platforms.
    public enum Platform: String, Sendable, CaseIterable {
        case irc, mattermost, slack, discord, teams, generic

        /// The webhook platform, nil for IRC.
        public var webhook: WebhookPlatform? { WebhookPlatform(rawValue: rawValue) }
    }

    public var platform: Platform
    /// The team's id: a-z, 0-9 and '-'.
    public var team: String
    /// The IRC channel (with # or &), or on a webhook platform the channel the platform posts in.
    public var channel: String
    /// When the shifts start, in the team's zone.
    public var shifts: [LocalTime]
    public var language: Language
    /// An IANA zone identifier.
    public var timeZone: String
    /// As written in the file: absolute, or relative to the file.
    public var dataDirectory: String
    /// The IRC server's host and port (IRC only).
    public var server: (host: String, port: Int)

    /// Creates a starter configuration.
    public init(platform: Platform, team: String, channel: String, shifts: [LocalTime], language: Language, timeZone: String,
                dataDirectory: String, server: (host: String, port: Int) = ("127.0.0.1", 6667)) {
        self.platform = platform
        self.team = team
        self.channel = channel
        self.shifts = shifts
        self.language = language
        self.timeZone = timeZone
        self.dataDirectory = dataDirectory
        self.server = server
    }

    // MARK: Checking what the admin typed

    /// Why `id` cannot be a team id, or nil when it can.
    public static func problem(teamID id: String) -> String? {
        guard id.count <= 40, TeamConfig.isValidID(id) else {
            return "a team id uses only a-z, 0-9 and '-' (at most 40), such as receptie; not '\(id)'"
        }
        return nil
    }

    /// Why `channel` cannot be the team's channel on `platform`, or nil when it can.
    public static func problem(channel: String, platform: Platform) -> String? {
        // What the loader takes, without quotes or tabs either (they would need escaping in the file).
        let plain = !channel.isEmpty && TeamConfig.isWebhookChannel(channel) && !channel.contains { $0 == "\"" || $0 == "\u{07}" }
        if platform == .irc {
            guard plain, TeamConfig.isIRCChannel(channel), channel.utf8.count <= 50 else {
                return "an IRC channel starts with # or & and has no spaces or commas, such as #receptie; not '\(channel)'"
            }
        } else if !plain || channel.utf8.count > 80 {
            return "a channel name has no spaces, commas or quotes, such as receptie; not '\(channel)'"
        }
        return nil
    }

    /// The shift starts in `text` ("07:00, 15:00" or "07:00 15:00"), or why they cannot be read.
    public static func shifts(from text: String) -> Result<[LocalTime], StarterConfigError> {
        let parts = text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        guard !parts.isEmpty else { return .failure(StarterConfigError("give at least one shift start, such as 07:00")) }
        var starts: [LocalTime] = []
        for part in parts {
            guard let time = LocalTime(parsing: part) else {
                return .failure(StarterConfigError("a shift start is a time HH:MM such as 07:00; not '\(part)'"))
            }
            guard !starts.contains(time) else { return .failure(StarterConfigError("the shift start \(time) is given twice")) }
            starts.append(time)
        }
        return .success(starts.sorted())
    }

    /// Why `identifier` is no time zone, or nil when it is one.
    public static func problem(timeZone identifier: String) -> String? {
        TimeZone(identifier: identifier) == nil || !identifier.contains(where: \.isLetter)
            ? "'\(identifier)' is not an IANA time zone such as Europe/Amsterdam" : nil
    }

    /// Why `server` (host or host:port) is no IRC server address, or its parts.
    public static func server(from text: String) -> Result<(host: String, port: Int), StarterConfigError> {
        var host = text
        var port = 6667
        if let colon = text.lastIndex(of: ":"), !text.hasPrefix("[") {
            guard let number = Int(text[text.index(after: colon)...]), (1...65_535).contains(number) else {
                return .failure(StarterConfigError("the port in '\(text)' must be a number from 1 to 65535"))
            }
            host = String(text[..<colon])
            port = number
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.".contains($0)) }) else {
            return .failure(StarterConfigError("an IRC server is a host name or address, with :port if not 6667, such as irc.example.org:6697; not '\(text)'"))
        }
        return .success((host, port))
    }

    // MARK: The file

    /// The shift names, by start: morning, afternoon, evening or night in the team's language,
    /// numbered when two fall in the same part of the day.
    var shiftNames: [String] {
        let names = shifts.map { time -> String in
            let part = time.hour < 5 ? 3 : time.hour < 12 ? 0 : time.hour < 17 ? 1 : time.hour < 22 ? 2 : 3
            return (language == .nl ? ["ochtend", "middag", "avond", "nacht"] : ["morning", "afternoon", "evening", "night"])[part]
        }
        return names.enumerated().map { index, name in
            let same = names.indices.filter { names[$0] == name }
            return same.count > 1 ? "\(name)-\(same.firstIndex(of: index)! + 1)" : name
        }
    }

    /// The environment variables a webhook team reads its URL and secret from.
    public var environment: (url: String, secret: String)? {
        guard let webhook = platform.webhook else { return nil }
        let prefix = "HUDDLE_" + team.uppercased().replacingOccurrences(of: "-", with: "_")
        let secret = switch webhook {
        case .slack: "SIGNING_SECRET"
        case .discord: "PUBLIC_KEY"
        case .mattermost: "TOKENS"
        case .teams: "SECURITY_TOKEN"
        case .generic: "SECRET"
        }
        return ("\(prefix)_WEBHOOK_URL", "\(prefix)_\(secret)")
    }

    /// The configuration file's text.
    public func render() -> String {
        var lines = [
            "# Huddle: the shift-start huddle for team \(team). Written by `huddle init`; edit freely.",
            "# Check it with: huddle check-config --config <this file>. Every key: docs/configuration.md",
            "# (installed: /usr/share/doc/huddle/configuration.md) and `man huddle`.",
            "data_dir: \(Self.quoted(dataDirectory))\(dataDirectory.hasPrefix("/") ? "" : "  # relative to this file")",
            "locale: \(language.rawValue)                     # nl | en: the language the bot speaks",
            "timezone: \(timeZone)",
            "# holidays: nl                 # no huddle on public holidays (nl, be, de, gb)",
            "",
        ]
        if let webhook = platform.webhook, let environment {
            lines += [
                "webhooks:",
                "  listen: 127.0.0.1:8080       # where replies arrive: put a reverse proxy with HTTPS in front",
                "",
                "teams:",
                "  - id: \(team)",
                "    channel: \(Self.quoted(channel))",
                "    leaders: []                # the leaders' \(webhook == .generic ? "" : "\(webhook.displayName) ")user ids: they get the weekly digest and may change the schedule",
                "    webhook:",
                "      platform: \(webhook.rawValue)",
                "      url_env: \(environment.url)       # the incoming webhook's URL (or url_file: /etc/huddle/secrets/…)",
                "      secret_env: \(environment.secret)  # \(Self.secretHint(webhook))",
                "      # leaders_url_env: HUDDLE_LEADERS_WEBHOOK_URL   # where the whole weekly digest goes",
            ]
        } else {
            lines += [
                "irc:",
                "  host: \(Self.quoted(server.host))",
                "  port: \(server.port)",
                "  tls: \(server.port == 6697 ? "true " : "false")                   # true for TLS (usually port 6697)",
                "  nick: huddle",
                "  # sasl: {account: huddle, password_file: /etc/huddle/secrets/irc-password}   # never the password itself",
                "  #   (under systemd: password_file: ${CREDENTIALS_DIRECTORY}/irc-password, see `man huddle` and running.md)",
                "",
                "teams:",
                "  - id: \(team)",
                "    channel: \(Self.quoted(channel))",
                "    leaders: []                # accounts or host masks (monique!*@10.1.2.*): they get the weekly digest",
            ]
        }
        lines.append("    shifts:")
        for (time, name) in zip(shifts, shiftNames) {
            lines.append("      - {name: \(name), start: \"\(time)\", window: 15m}")
        }
        lines += [
            "        # questions:             # the bot's three questions unless you give your own",
            "        #   - {nl: \"Wie verwachten we vandaag?\", en: \"Who do we expect today?\"}",
        ]
        lines += [
            "    # today:                     # what the huddle opens with: reports of the property system (docs/today.md)",
            "    #   - {name: arrivals, path: /var/lib/pms/arrivals.csv, date: Arrival, count: arrivals}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func secretHint(_ platform: WebhookPlatform) -> String {
        switch platform {
        case .slack: "the Slack app's signing secret, for replies"
        case .discord: "the Discord application's public key (64 hex digits), for replies"
        case .mattermost: "the outgoing webhook's and slash command's tokens, comma-separated"
        case .teams: "the outgoing webhook's security token (base64), for replies"
        case .generic: "the HMAC key the caller signs replies with"
        }
    }

    /// A YAML scalar for `text`: plain when YAML reads it back as the same string, else in double quotes.
    static func quoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
            && !["true", "false", "yes", "no", "on", "off", "null", "~"].contains(text.lowercased())
            && Double(text) == nil
        guard !plain else { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

extension WebhookPlatform {
    /// The platform's name as its users write it.
    public var displayName: String {
        switch self {
        case .slack: "Slack"
        case .mattermost: "Mattermost"
        case .discord: "Discord"
        case .teams: "Teams"
        case .generic: "generic"
        }
    }
}

/// Why what was typed for `huddle init` cannot go in the configuration.
public struct StarterConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
