import Foundation
import Yams

/// Reads and validates `huddle.yaml`. Every problem names the file, line and column.
public enum ConfigLoader {
    /// Parses configuration text. `path` is used in messages and to resolve `data_dir`;
    /// the caller reads the file, so this never touches the disk.
    public static func load(yaml text: String, path: String) throws(ConfigError) -> HuddleConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(issues: [issue(for: error, path: path)])
        } catch {
            throw ConfigError(issues: [ConfigIssue(file: path, line: nil, column: nil, message: "cannot read YAML: \(error)")])
        }
        var reader = ConfigReader(file: path)
        guard let root else {
            throw ConfigError(issues: [ConfigIssue(file: path, line: 1, column: 1, message: "the file is empty; expected at least an 'irc:' section")])
        }
        let config = HuddleConfig.read(root, path: path, reader: &reader)
        if let config, reader.errors.isEmpty {
            var result = config
            result.warnings = reader.warnings
            return result
        }
        throw ConfigError(issues: reader.errors.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) })
    }

    static func issue(for error: YamlError, path: String) -> ConfigIssue {
        func firstLine(_ text: String) -> String { String(text.split(separator: "\n").first ?? "") }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let what = [context.map { $0.text }, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return ConfigIssue(file: path, line: mark.line, column: mark.column, message: "invalid YAML: \(what)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return ConfigIssue(file: path, line: context.mark.line, column: context.mark.column,
                               message: "key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) appears more than once")
        default:
            return ConfigIssue(file: path, line: nil, column: nil, message: "invalid YAML: \(firstLine(error.description))")
        }
    }
}

extension HuddleConfig {
    /// The keys of the top level.
    static let configKeys = ["data_dir", "locale", "timezone", "holidays", "allow_nick_identity", "retention_weeks", "chat", "irc", "webhooks",
                             "metrics", "web", "prompt", "teams", "groups", "ask"]

    /// The whole file: the top-level keys, then each section through its own reader.
    static func read(_ root: Node, path: String, reader: inout ConfigReader) -> HuddleConfig? {
        guard let top = reader.mapping(root, path: "", allowed: Self.configKeys) else { return nil }
        let language = top["locale"].flatMap { reader.language($0, path: "locale") } ?? Language.nl
        let zone = top["timezone"].flatMap { reader.timeZone($0, path: "timezone") } ?? TimeZone(identifier: "Europe/Amsterdam")!
        var dataDir = top["data_dir"].flatMap { reader.nonEmptyString($0, path: "data_dir") } ?? "data"
        if !dataDir.hasPrefix("/") {
            let base = (path as NSString).deletingLastPathComponent
            dataDir = base.isEmpty ? dataDir : ((base as NSString).appendingPathComponent(dataDir) as NSString).standardizingPath
        }
        let irc = top["irc"].flatMap { IRCSettings.read($0, reader: &reader) }
        let webhooks = top["webhooks"].flatMap { WebhookListenSettings.read($0, reader: &reader) }
        let metrics = top["metrics"].flatMap { MetricsSettings.read($0, reader: &reader) }
        let web = top["web"].flatMap { WebSettings.read($0, reader: &reader) }
        if let node = top["web"], web != nil, top["webhooks"] == nil {
            reader.fail(node, "'web' serves digest pages on the bot's HTTP listener: add 'webhooks: {listen: 127.0.0.1:8080}' and point the HTTPS proxy at it")
        }
        let holidays = top["holidays"].flatMap { reader.holidays($0, path: "holidays") } ?? nil
        var chat = top["chat"].flatMap { ChatSettings.read($0, reader: &reader) } ?? ChatSettings()
        if let node = top["allow_nick_identity"], let value = reader.string(node, path: "allow_nick_identity") {
            switch value.lowercased() {
            case "auto": chat.nickIdentity = .auto
            case "true", "yes", "on": chat.nickIdentity = .true
            case "false", "no", "off": chat.nickIdentity = .false
            default: reader.fail(node, "'allow_nick_identity' must be auto, true or false, not '\(value)'")
            }
        }
        let retention = top["retention_weeks"].flatMap { reader.int($0, path: "retention_weeks", range: 1...5200) }
        var teams: [TeamConfig] = []
        if let node = top["teams"], node.tag != Tag(.null) {
            teams = TeamConfig.readAll(node, defaults: TeamDefaults(language: language, zone: zone, holidays: holidays), reader: &reader)
        }
        if top["irc"] == nil {
            if teams.isEmpty {
                reader.fail(root, "missing 'irc:' section; the bot needs a server to connect to (host, port, nick), or teams with a 'webhook:'")
            }
            for team in teams where team.webhook == nil {
                reader.fail(top["teams"] ?? root, "team '\(team.id)' has no 'webhook:', so it is on IRC, but there is no 'irc:' section")
            }
        }
        if top["webhooks"] == nil, let team = teams.first(where: { $0.webhook?.secret != nil }) {
            reader.fail(root, "team '\(team.id)' takes replies through its webhook (it has a secret) but there is no 'webhooks: {listen: 127.0.0.1:8080}' section for the bot's endpoint")
        }
        if top["irc"] != nil && irc == nil || top["webhooks"] != nil && webhooks == nil || top["metrics"] != nil && metrics == nil { return nil }
        var config = HuddleConfig(sourcePath: path, dataDirectory: dataDir, language: language, timeZone: zone, irc: irc, webhooks: webhooks,
                                  teams: teams, chat: chat, retentionWeeks: retention)
        config.metrics = metrics
        config.web = web
        if let node = top["prompt"] { config.opening = OpeningSettings.read(node, reader: &reader) }
        if let node = top["groups"], node.tag != Tag(.null) { config.groups = GroupConfig.readAll(node, teams: teams, language: language, zone: zone, reader: &reader) }
        if let node = top["ask"], node.tag != Tag(.null) { config.ask = AskSettings.read(node, teams: teams, reader: &reader) }
        return config
    }
}
