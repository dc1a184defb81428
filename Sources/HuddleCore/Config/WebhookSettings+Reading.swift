import Foundation
import Yams

extension TeamWebhook {
    /// The keys of a team's webhook section.
    static let configKeys = ["platform", "url_env", "url_file", "leaders_url_env", "leaders_url_file", "secret_env", "secret_file",
                             "username", "icon_url", "channel", "leaders_by_name", "bot_token_env", "bot_token_file", "api_url"]

    /// Other names the webhook section accepts for its keys (the words of the platforms' own docs).
    static let configAliases = ["flavour": "platform", "flavor": "platform", "token_env": "secret_env", "token_file": "secret_file",
                                "signing_secret_env": "secret_env", "signing_secret_file": "secret_file"]

    /// Keys that may also be grouped under `outgoing:` in the webhook section.
    static let outgoingKeys = ["platform", "flavour", "flavor", "url_env", "url_file", "username", "icon_url", "channel"]

    /// A team's `webhook:` section.
    static func read(_ node: Node, path: String, reader: inout ConfigReader) -> TeamWebhook? {
        let allowed = Self.configKeys + Self.configAliases.keys.sorted() + ["outgoing"]
        guard let given = reader.mapping(node, path: path, allowed: allowed) else { return nil }
        // `outgoing: {flavour, url_env}` may group the posting keys; aliases become their key.
        var entries = given.filter { $0.key != "outgoing" }.map { ($0.key, $0.value) }
        if let outgoingNode = given["outgoing"], let outgoing = reader.mapping(outgoingNode, path: "\(path).outgoing", allowed: Self.outgoingKeys) {
            entries += outgoing.map { ($0.key, $0.value) }
        }
        var map: [String: Node] = [:]
        for (key, value) in entries.sorted(by: { ($0.1.mark?.line ?? 0, $0.1.mark?.column ?? 0) < ($1.1.mark?.line ?? 0, $1.1.mark?.column ?? 0) }) {
            let name = Self.configAliases[key] ?? key
            if map[name] != nil {
                reader.fail(value, "'\(path)' gives '\(name)' twice (as '\(key)' too); give it once")
            }
            map[name] = value
        }
        var platform: WebhookPlatform?
        if let platformNode = map["platform"], let value = reader.string(platformNode, path: "\(path).platform") {
            platform = WebhookPlatform(rawValue: value.lowercased())
            if platform == nil {
                reader.fail(platformNode, "'\(path).platform' must be \(WebhookPlatform.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
            }
        } else if map["platform"] == nil {
            reader.fail(node, "missing '\(path).platform'; expected one of \(WebhookPlatform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let url = reader.secretSource(map, env: "url_env", file: "url_file", path: path, node: node, required: true,
                               what: "the platform's incoming-webhook URL")
        let leaders = reader.secretSource(map, env: "leaders_url_env", file: "leaders_url_file", path: path, node: node, required: false, what: "")
        let secret = reader.secretSource(map, env: "secret_env", file: "secret_file", path: path, node: node, required: false, what: "")
        let username = map["username"].flatMap { reader.nonEmptyString($0, path: "\(path).username") }
        let iconURL = map["icon_url"].flatMap { reader.nonEmptyString($0, path: "\(path).icon_url") }
        let channel = map["channel"].flatMap { reader.nonEmptyString($0, path: "\(path).channel") }
        if platform != .mattermost, let extra = map["username"] ?? map["icon_url"] ?? map["channel"] {
            reader.fail(extra, "'username', 'icon_url' and 'channel' in '\(path)' are Mattermost settings; the other platforms fix them in the webhook itself")
        }
        var leadersByName = false
        if let byNameNode = map["leaders_by_name"], let value = reader.bool(byNameNode, path: "\(path).leaders_by_name"), value {
            if platform == .generic {
                reader.fail(byNameNode, "'\(path).leaders_by_name' cannot be true on the generic platform, whose caller sends any user name",
                     hint: "list the leaders' user ids in 'leaders' and remove 'leaders_by_name'")
            } else {
                leadersByName = true
                reader.warn(byNameNode, "'\(path).leaders_by_name' is true, so a user name in 'leaders' makes its bearer a leader; names can be changed and reused by someone else, user ids cannot: list the leaders' user ids and remove 'leaders_by_name'")
            }
        }
        let botToken = reader.secretSource(map, env: "bot_token_env", file: "bot_token_file", path: path, node: node, required: false, what: "")
        let apiURL = map["api_url"].flatMap { reader.nonEmptyString($0, path: "\(path).api_url") }
        if platform != .slack && platform != .mattermost, let extra = map["bot_token_env"] ?? map["bot_token_file"] ?? map["api_url"] {
            reader.fail(extra, "'bot_token_env', 'bot_token_file' and 'api_url' in '\(path)' are for Slack and Mattermost, whose dialogs the bot opens through their API; Discord's modal needs no token")
        }
        if let apiURL, let node = map["api_url"], !(apiURL.hasPrefix("https://") || apiURL.hasPrefix("http://")) {
            reader.fail(node, "'\(path).api_url' must be an http(s) URL such as https://slack.com/api, not '\(apiURL)'")
        }
        guard let platform, let url else { return nil }
        var webhook = TeamWebhook(platform: platform, url: url, leadersURL: leaders, secret: secret, username: username,
                                  iconURL: iconURL, channelOverride: channel, leadersByName: leadersByName)
        webhook.botToken = botToken
        webhook.apiURL = apiURL
        return webhook
    }
}

extension WebhookListenSettings {
    /// `webhooks: {listen: host:port, max_body_bytes}`: the bot's endpoint for replies.
    static func read(_ node: Node, reader: inout ConfigReader) -> WebhookListenSettings? {
        guard let map = reader.mapping(node, path: "webhooks", allowed: ["listen", "max_body_bytes"]),
              let (host, port) = reader.listenAddress(map, node: node, section: "webhooks", example: "127.0.0.1:8080") else { return nil }
        var settings = WebhookListenSettings(host: host, port: port)
        settings.maxBodyBytes = map["max_body_bytes"].flatMap { reader.int($0, path: "webhooks.max_body_bytes", range: 1024...10_485_760) } ?? settings.maxBodyBytes
        return settings
    }
}
