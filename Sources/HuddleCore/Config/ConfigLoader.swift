import Foundation
import IRCProtocol
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
        var reader = NodeReader(file: path)
        guard let root else {
            throw ConfigError(issues: [ConfigIssue(file: path, line: 1, column: 1, message: "the file is empty; expected at least an 'irc:' section")])
        }
        let config = reader.readConfig(root, path: path)
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

/// Walks the YAML node tree, collecting every error with its position.
struct NodeReader {
    let file: String
    var errors: [ConfigIssue] = []
    var warnings: [ConfigIssue] = []

    mutating func fail(_ node: Node?, _ message: String, path: String? = nil, hint: String? = nil) {
        errors.append(ConfigIssue(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message, path: path, hint: hint))
    }

    mutating func warn(_ node: Node?, _ message: String) {
        warnings.append(ConfigIssue(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    /// The entries of a mapping; unknown keys are errors naming the key and what is allowed.
    mutating func mapping(_ node: Node, path: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            fail(node, "'\(path)' must be a mapping of keys (\(allowed.joined(separator: ", ")))")
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                fail(key, "keys in '\(path)' must be plain names")
                continue
            }
            if allowed.contains(name) {
                result[name] = value
            } else {
                let place = path.isEmpty ? "at the top level" : "in '\(path)'"
                let hint = Self.closest(to: name, in: allowed).map { "did you mean '\($0)'?" }
                    ?? "expected one of: \(allowed.joined(separator: ", "))"
                fail(key, "unknown key '\(name)' \(place); expected one of: \(allowed.joined(separator: ", "))",
                     path: path.isEmpty ? name : "\(path).\(name)", hint: hint)
            }
        }
        return result
    }

    /// The allowed key nearest to a misspelt one by edit distance, if it is near enough to be meant.
    static func closest(to name: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(name.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= (best.count <= 3 ? 1 : best.count <= 6 ? 2 : 3), distance < name.count else { return nil }
        return best
    }

    /// Levenshtein distance between two strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : b.isEmpty ? a.count : previous[b.count]
    }

    mutating func string(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            fail(node, "'\(path)' must be text")
            return nil
        }
        if node.tag == Tag(.null) && (scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null") {
            fail(node, "'\(path)' has no value")
            return nil
        }
        return scalar.string
    }

    mutating func nonEmptyString(_ node: Node, path: String) -> String? {
        guard let text = string(node, path: path) else { return nil }
        if text.trimmingSpaces.isEmpty {
            fail(node, "'\(path)' must not be empty")
            return nil
        }
        return text
    }

    mutating func int(_ node: Node, path: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), range.contains(value) else {
            fail(node, "'\(path)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(node.string ?? "…")'")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, path: String) -> Bool? {
        guard case .scalar(let scalar) = node else {
            fail(node, "'\(path)' must be true or false")
            return nil
        }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(node, "'\(path)' must be true or false, not '\(scalar.string)'")
            return nil
        }
    }

    mutating func list(_ node: Node, path: String) -> [Node]? {
        if case .sequence(let sequence) = node { return Array(sequence) }
        fail(node, "'\(path)' must be a list")
        return nil
    }

    mutating func stringList(_ node: Node, path: String) -> [(String, Node)]? {
        guard let items = list(node, path: path) else { return nil }
        return items.enumerated().compactMap { index, item in
            nonEmptyString(item, path: "\(path)[\(index)]").map { ($0, item) }
        }
    }

    mutating func language(_ node: Node, path: String) -> Language? {
        guard let text = string(node, path: path) else { return nil }
        guard let language = Language(rawValue: text.lowercased()) else {
            fail(node, "'\(path)' must be nl or en, not '\(text)'")
            return nil
        }
        return language
    }

    mutating func timeZone(_ node: Node, path: String) -> TimeZone? {
        guard let text = string(node, path: path) else { return nil }
        guard text.contains("/") || text == "UTC", let zone = TimeZone(identifier: text) else {
            fail(node, "'\(path)' must be an IANA time zone such as Europe/Amsterdam, not '\(text)'")
            return nil
        }
        return zone
    }
}

extension NodeReader {
    static let topKeys = ["data_dir", "locale", "timezone", "holidays", "allow_nick_identity", "retention_weeks", "chat", "irc", "webhooks",
                          "metrics", "web", "teams", "groups"]
    static let chatKeys = ["prefix", "confirm", "notify_recipient", "kudos_per_day", "kudos_max_recipients", "rate_limit", "pii"]
    static let ircKeys = ["host", "port", "tls", "tls_fingerprints", "client_cert", "client_key", "nick", "alt_nicks", "username",
                          "realname", "password_env", "sasl", "flood", "ping_interval", "ping_timeout",
                          "connections", "max_connections"]
    static let teamKeys = ["id", "name", "channel", "leaders", "locale", "timezone", "holidays", "skip_dates", "intro",
                           "questions", "remind", "remind_at", "digest", "webhook", "webhooks", "shifts"]
    static let webhookKeys = ["platform", "url_env", "url_file", "leaders_url_env", "leaders_url_file", "secret_env", "secret_file",
                              "username", "icon_url", "channel", "leaders_by_name"]
    /// Other names the webhook section accepts for its keys (the words of the platforms' own docs).
    static let webhookAliases = ["flavour": "platform", "flavor": "platform", "token_env": "secret_env", "token_file": "secret_file",
                                 "signing_secret_env": "secret_env", "signing_secret_file": "secret_file"]
    /// Keys that may also be grouped under `outgoing:` in the webhook section.
    static let outgoingKeys = ["platform", "flavour", "flavor", "url_env", "url_file", "username", "icon_url", "channel"]
    static let shiftKeys = ["name", "start", "end", "days", "window", "grace", "skip_dates", "questions"]
    /// Placeholders a prompt text may use.
    static let placeholders = ["{team}", "{shift}", "{date}", "{top_pain}", "{open_actions}"]

    mutating func readConfig(_ root: Node, path: String) -> HuddleConfig? {
        guard let top = mapping(root, path: "", allowed: Self.topKeys) else { return nil }
        let language = top["locale"].flatMap { self.language($0, path: "locale") } ?? Language.nl
        let zone = top["timezone"].flatMap { self.timeZone($0, path: "timezone") } ?? TimeZone(identifier: "Europe/Amsterdam")!
        var dataDir = top["data_dir"].flatMap { nonEmptyString($0, path: "data_dir") } ?? "data"
        if !dataDir.hasPrefix("/") {
            let base = (path as NSString).deletingLastPathComponent
            dataDir = base.isEmpty ? dataDir : ((base as NSString).appendingPathComponent(dataDir) as NSString).standardizingPath
        }
        let irc = top["irc"].flatMap { readIRC($0) }
        let webhooks = top["webhooks"].flatMap { readListen($0) }
        let metrics = top["metrics"].flatMap { readMetrics($0) }
        let web = top["web"].flatMap { readWeb($0) }
        if let node = top["web"], web != nil, top["webhooks"] == nil {
            fail(node, "'web' serves digest pages on the bot's HTTP listener: add 'webhooks: {listen: 127.0.0.1:8080}' and point the HTTPS proxy at it")
        }
        let holidays = top["holidays"].flatMap { self.holidays($0, path: "holidays") } ?? nil
        var chat = top["chat"].flatMap { readChat($0) } ?? ChatSettings()
        if let node = top["allow_nick_identity"], let value = string(node, path: "allow_nick_identity") {
            switch value.lowercased() {
            case "auto": chat.nickIdentity = .auto
            case "true", "yes", "on": chat.nickIdentity = .true
            case "false", "no", "off": chat.nickIdentity = .false
            default: fail(node, "'allow_nick_identity' must be auto, true or false, not '\(value)'")
            }
        }
        let retention = top["retention_weeks"].flatMap { int($0, path: "retention_weeks", range: 1...5200) }
        var teams: [TeamConfig] = []
        if let node = top["teams"], node.tag != Tag(.null) {
            teams = readTeams(node, defaults: TeamDefaults(language: language, zone: zone, holidays: holidays))
        }
        if top["irc"] == nil {
            if teams.isEmpty {
                fail(root, "missing 'irc:' section; the bot needs a server to connect to (host, port, nick), or teams with a 'webhook:'")
            }
            for team in teams where team.webhook == nil {
                fail(top["teams"] ?? root, "team '\(team.id)' has no 'webhook:', so it is on IRC, but there is no 'irc:' section")
            }
        }
        if top["webhooks"] == nil, let team = teams.first(where: { $0.webhook?.secret != nil }) {
            fail(root, "team '\(team.id)' takes replies through its webhook (it has a secret) but there is no 'webhooks: {listen: 127.0.0.1:8080}' section for the bot's endpoint")
        }
        if top["irc"] != nil && irc == nil || top["webhooks"] != nil && webhooks == nil || top["metrics"] != nil && metrics == nil { return nil }
        var config = HuddleConfig(sourcePath: path, dataDirectory: dataDir, language: language, timeZone: zone, irc: irc, webhooks: webhooks,
                                  teams: teams, chat: chat, retentionWeeks: retention)
        config.metrics = metrics
        config.web = web
        if let node = top["groups"], node.tag != Tag(.null) { config.groups = readGroups(node, teams: teams, language: language, zone: zone) }
        return config
    }

    mutating func readGroups(_ node: Node, teams: [TeamConfig], language: Language, zone: TimeZone) -> [GroupConfig] {
        guard let items = list(node, path: "groups") else { return [] }
        var groups: [GroupConfig] = []
        for (index, item) in items.enumerated() {
            guard let map = mapping(item, path: "groups[\(index)]", allowed: ["id", "name", "teams", "leaders", "digest"]) else { continue }
            guard let idNode = map["id"], let id = nonEmptyString(idNode, path: "groups[\(index)].id") else {
                if map["id"] == nil { fail(item, "missing 'groups[\(index)].id'; expected a lower-case id such as hotel-zuid") }
                continue
            }
            let path = "groups.\(id)"
            guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                fail(idNode, "'groups[\(index)].id' must be lower-case letters, digits and '-' (it names files), not '\(id)'")
                continue
            }
            if groups.contains(where: { $0.id == id }) { fail(idNode, "group id '\(id)' is used twice") }
            var members: [String] = []
            for (team, teamNode) in map["teams"].flatMap({ stringList($0, path: "\(path).teams") }) ?? [] {
                if teams.contains(where: { $0.id == team }) { members.append(team) } else {
                    fail(teamNode, "'\(path).teams' names '\(team)', which is not a team id in 'teams'",
                         hint: Self.closest(to: team, in: teams.map(\.id)).map { "did you mean '\($0)'?" })
                }
            }
            if map["teams"] == nil { fail(item, "missing '\(path).teams'; expected the ids of the group's teams") }
            let leaders = (map["leaders"].flatMap { stringList($0, path: "\(path).leaders") } ?? []).map(\.0)
            let digest = map["digest"].map { readDigest($0, path: "\(path).digest") } ?? DigestSettings()
            groups.append(GroupConfig(id: id, name: map["name"].flatMap { nonEmptyString($0, path: "\(path).name") } ?? id, teams: members,
                                      leaders: leaders, digest: digest, language: language, timeZone: zone))
        }
        return groups
    }

    mutating func readWeb(_ node: Node) -> WebSettings? {
        guard let map = mapping(node, path: "web", allowed: ["public_url", "link_days"]) else { return nil }
        guard let urlNode = map["public_url"], let value = nonEmptyString(urlNode, path: "web.public_url") else {
            if map["public_url"] == nil { fail(node, "missing 'web.public_url'; expected the address people open, such as https://huddle.hotel.example") }
            return nil
        }
        let lower = value.lowercased()
        guard (lower.hasPrefix("https://") || lower.hasPrefix("http://")), !value.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) else {
            fail(urlNode, "'web.public_url' must be an http(s) address without query, such as https://huddle.hotel.example, not '\(value)'")
            return nil
        }
        let days = map["link_days"].flatMap { int($0, path: "web.link_days", range: 1...366) } ?? 14
        return WebSettings(publicURL: value.hasSuffix("/") ? String(value.dropLast()) : value, linkDays: days)
    }

    mutating func readIRC(_ node: Node) -> IRCSettings? {
        guard let map = mapping(node, path: "irc", allowed: Self.ircKeys) else { return nil }
        let host = map["host"].flatMap { nonEmptyString($0, path: "irc.host") }
        if map["host"] == nil { fail(node, "missing 'irc.host'; expected the IRC server's name or address") }
        let port = map["port"].flatMap { int($0, path: "irc.port", range: 1...65535) } ?? 6667
        let tls = map["tls"].flatMap { bool($0, path: "irc.tls") } ?? false
        var fingerprints: [String] = []
        for (value, itemNode) in map["tls_fingerprints"].flatMap({ stringList($0, path: "irc.tls_fingerprints") }) ?? [] {
            let hex = value.lowercased().filter(\.isHexDigit)
            if hex.count == 64 && value.allSatisfy({ $0.isHexDigit || $0 == ":" }) { fingerprints.append(hex) } else {
                fail(itemNode, "'irc.tls_fingerprints' holds '\(value)'; expected a SHA-256 fingerprint (64 hex digits, colons allowed)")
            }
        }
        let clientCert = map["client_cert"].flatMap { nonEmptyString($0, path: "irc.client_cert") }.map(resolve)
        let clientKey = map["client_key"].flatMap { nonEmptyString($0, path: "irc.client_key") }.map(resolve)
        if (clientCert == nil) != (clientKey == nil) {
            fail(node, "'irc.client_cert' and 'irc.client_key' go together; give both or neither")
        }
        if !tls, let tlsOnly = map["tls_fingerprints"] ?? map["client_cert"] {
            fail(tlsOnly, "TLS settings need 'irc.tls: true'")
        }
        let sasl = map["sasl"].flatMap { readSASL($0, hasClientCertificate: clientCert != nil) }
        var floodBurst = 4
        var floodPerSecond = 1.0
        var floodOff = false
        if let floodNode = map["flood"], floodNode.scalar != nil {
            if floodNode.scalar?.string == "off" {
                floodOff = true
                warn(floodNode, "'irc.flood: off': the bot sends without pacing; only for a server that exempts it from flood limits (an oper class or an exempt connect block), else the server drops it for flooding")
            } else {
                fail(floodNode, "'irc.flood' must be 'off' or a mapping such as {burst: 4, per_second: 1}")
            }
        } else if let floodNode = map["flood"], let flood = mapping(floodNode, path: "irc.flood", allowed: ["burst", "per_second"]) {
            floodBurst = flood["burst"].flatMap { int($0, path: "irc.flood.burst", range: 1...10_000) } ?? floodBurst
            if let perNode = flood["per_second"], let text = string(perNode, path: "irc.flood.per_second") {
                if let value = Double(text), value > 0, value <= 10_000 { floodPerSecond = value } else {
                    fail(perNode, "'irc.flood.per_second' must be a number above 0 and up to 10000, such as 1 or 0.5, not '\(text)'")
                }
            }
        }
        func pingSeconds(_ key: String) -> Int {
            guard let node = map[key], let value = string(node, path: "irc.\(key)") else { return 30 }
            if let seconds = DurationText.seconds(value), seconds >= 5, seconds <= 600 { return seconds }
            fail(node, "'irc.\(key)' must be a duration from 5s to 10m such as 30s, not '\(value)'")
            return 30
        }
        let pingInterval = pingSeconds("ping_interval"), pingTimeout = pingSeconds("ping_timeout")
        var nick = "huddle"
        if let nickNode = map["nick"], let value = nonEmptyString(nickNode, path: "irc.nick") {
            if isValidNick(value) { nick = value } else { fail(nickNode, "'irc.nick' is not a valid IRC nick: '\(value)'") }
        }
        var alternatives: [String] = []
        if let altNode = map["alt_nicks"] {
            for (value, itemNode) in stringList(altNode, path: "irc.alt_nicks") ?? [] {
                if isValidNick(value) { alternatives.append(value) } else { fail(itemNode, "'irc.alt_nicks' holds an invalid nick: '\(value)'") }
            }
        }
        let username = map["username"].flatMap { nonEmptyString($0, path: "irc.username") }
        let realname = map["realname"].flatMap { nonEmptyString($0, path: "irc.realname") }
        let passwordEnv = map["password_env"].flatMap { nonEmptyString($0, path: "irc.password_env") }
        guard let host else { return nil }
        var settings = IRCSettings(host: host, port: port, tls: tls, nick: nick, alternativeNicks: alternatives,
                                   username: username, realname: realname, passwordEnv: passwordEnv)
        settings.tlsFingerprints = fingerprints
        settings.clientCertificate = clientCert
        settings.clientKey = clientKey
        settings.sasl = sasl
        settings.floodBurst = floodBurst
        settings.floodPerSecond = floodPerSecond
        settings.floodOff = floodOff
        settings.pingInterval = pingInterval
        settings.pingTimeout = pingTimeout
        settings.maxConnections = map["max_connections"].flatMap { int($0, path: "irc.max_connections", range: 1...100) } ?? 10
        if let node = map["connections"], let value = string(node, path: "irc.connections"), value.lowercased() != "auto" {
            if let count = Int(value), (1...100).contains(count) {
                settings.connections = count
                if count > settings.maxConnections { fail(node, "'irc.connections' (\(count)) is more than 'irc.max_connections' (\(settings.maxConnections))") }
            } else {
                fail(node, "'irc.connections' must be auto or a number of connections from 1 to 100, not '\(value)'")
            }
        }
        return settings
    }

    mutating func readSASL(_ node: Node, hasClientCertificate: Bool) -> SASLSettings? {
        guard let map = mapping(node, path: "irc.sasl", allowed: ["mechanism", "account", "password_env", "password_file"]) else { return nil }
        var mechanism = SASLSettings.Mechanism.plain
        if let mechanismNode = map["mechanism"], let value = string(mechanismNode, path: "irc.sasl.mechanism") {
            if let found = SASLSettings.Mechanism(rawValue: value.uppercased()) { mechanism = found } else {
                fail(mechanismNode, "'irc.sasl.mechanism' must be PLAIN or EXTERNAL, not '\(value)'")
            }
        }
        let account = map["account"].flatMap { nonEmptyString($0, path: "irc.sasl.account") }
        let passwordEnv = map["password_env"].flatMap { nonEmptyString($0, path: "irc.sasl.password_env") }
        let passwordFile = map["password_file"].flatMap { nonEmptyString($0, path: "irc.sasl.password_file") }.map(resolve)
        switch mechanism {
        case .plain:
            if account == nil { fail(node, "'irc.sasl' with PLAIN needs 'account'") }
            if (passwordEnv == nil) == (passwordFile == nil) {
                fail(node, "'irc.sasl' with PLAIN needs exactly one of 'password_env' (an environment variable) or 'password_file'; a password never goes in this file")
            }
        case .external:
            if !hasClientCertificate { fail(node, "'irc.sasl' with EXTERNAL needs 'irc.client_cert' and 'irc.client_key'") }
        }
        return SASLSettings(mechanism: mechanism, account: account, passwordEnv: passwordEnv, passwordFile: passwordFile)
    }

    /// A path relative to the config file's folder (absolute paths stay as they are).
    /// A path under `${CREDENTIALS_DIRECTORY}` (systemd's `LoadCredential=`) stays as written and
    /// is expanded when the secret is read.
    func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), !path.hasPrefix("$") else { return path }
        let base = (file as NSString).deletingLastPathComponent
        return base.isEmpty ? path : ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    func isValidNick(_ nick: String) -> Bool {
        guard let first = nick.first, !first.isNumber, first != "-", nick.utf8.count <= 30 else { return false }
        return nick.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_[]\\`^{}|".contains($0)) }
    }

    /// What teams inherit from the top level.
    struct TeamDefaults {
        var language: Language
        var zone: TimeZone
        var holidays: HolidayCalendar?
    }

    mutating func readTeams(_ node: Node, defaults: TeamDefaults) -> [TeamConfig] {
        guard let items = list(node, path: "teams") else { return [] }
        var teams: [TeamConfig] = []
        var ids: Set<String> = []
        var channels: [String: String] = [:]
        for (index, item) in items.enumerated() {
            guard let team = readTeam(item, index: index, defaults: defaults) else { continue }
            if !ids.insert(team.id).inserted {
                fail(item, "team id '\(team.id)' is used twice; each team needs its own id")
            }
            let folded = Casefold.channel(team.channel)
            if let other = channels[folded] {
                fail(item, "channel '\(team.channel)' is used by team '\(other)' too; each team needs its own channel")
            }
            channels[folded] = team.id
            teams.append(team)
        }
        return teams
    }

    mutating func readTeam(_ node: Node, index: Int, defaults: TeamDefaults) -> TeamConfig? {
        let path = "teams[\(index)]"
        guard let map = mapping(node, path: path, allowed: Self.teamKeys) else { return nil }
        var id: String?
        if let idNode = map["id"], let value = nonEmptyString(idNode, path: "\(path).id") {
            if value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                id = value
            } else {
                fail(idNode, "'\(path).id' must use only a-z, 0-9 and '-' (it names files), not '\(value)'")
            }
        } else if map["id"] == nil {
            fail(node, "missing '\(path).id'; expected a short name such as receptie")
        }
        let teamPath = id.map { "teams.\($0)" } ?? path
        if map["webhook"] != nil, let both = map["webhooks"] {
            fail(both, "'\(teamPath)' has both 'webhook' and 'webhooks'; give one")
        }
        let webhookNode = map["webhook"] ?? map["webhooks"]
        let webhookKey = map["webhook"] != nil ? "webhook" : "webhooks"
        let webhook = webhookNode.flatMap { readTeamWebhook($0, path: "\(teamPath).\(webhookKey)") }
        var channel: String?
        if let channelNode = map["channel"], channelNode.tag == Tag(.null) {
            fail(channelNode, "'\(teamPath).channel' has no value; write the channel in quotes, such as \"#receptie\" (an unquoted # starts a YAML comment)")
        } else if let channelNode = map["channel"], let value = nonEmptyString(channelNode, path: "\(teamPath).channel") {
            if webhookNode != nil, !value.contains(where: { $0.isWhitespace || $0 == "," }) {
                channel = value
            } else if let first = value.first, "#&".contains(first), value.count > 1,
               !value.contains(where: { $0 == " " || $0 == "," || $0 == "\u{07}" || $0.isNewline }) {
                channel = value
            } else {
                fail(channelNode, "'\(teamPath).channel' must be an IRC channel such as \"#receptie\" (quoted, no spaces or commas), not '\(value)'")
            }
        } else if map["channel"] == nil {
            if webhookNode != nil {
                channel = id.map { "#\($0)" }
            } else {
                fail(node, "missing '\(teamPath).channel'; expected a channel such as \"#receptie\" (quote it: # starts a YAML comment)")
            }
        }
        let name = map["name"].flatMap { nonEmptyString($0, path: "\(teamPath).name") } ?? id ?? ""
        var leaders: [String] = []
        for (leader, leaderNode) in map["leaders"].flatMap({ stringList($0, path: "\(teamPath).leaders") }) ?? [] {
            if leader.contains(where: { $0 == " " || $0 == "," }) || leader.contains("!") != leader.contains("@") {
                fail(leaderNode, "'\(teamPath).leaders' holds '\(leader)'; expected an account (monique) or a host mask nick!user@host with * and ? (monique!*@10.1.2.*)")
            } else {
                leaders.append(leader)
            }
        }
        let teamLanguage = map["locale"].flatMap { self.language($0, path: "\(teamPath).locale") } ?? defaults.language
        let teamZone = map["timezone"].flatMap { timeZone($0, path: "\(teamPath).timezone") } ?? defaults.zone
        let holidays = map["holidays"].map { self.holidays($0, path: "\(teamPath).holidays") } ?? defaults.holidays
        let skipDates = map["skip_dates"].map { days($0, path: "\(teamPath).skip_dates") } ?? []
        let intro = map["intro"].flatMap { localized($0, path: "\(teamPath).intro") }
        let questions = map["questions"].flatMap { questionList($0, path: "\(teamPath).questions") }
        var remind = ReminderStyle.channel
        if let remindNode = map["remind"], let value = string(remindNode, path: "\(teamPath).remind") {
            if let style = ReminderStyle(rawValue: value.lowercased()) { remind = style } else {
                fail(remindNode, "'\(teamPath).remind' must be quiet, channel or mention, not '\(value)'")
            }
        }
        var remindAt = 0.8
        if let atNode = map["remind_at"], let value = string(atNode, path: "\(teamPath).remind_at") {
            if value.hasSuffix("%"), let percent = Int(value.dropLast()), (1...99).contains(percent) {
                remindAt = Double(percent) / 100
            } else {
                fail(atNode, "'\(teamPath).remind_at' must be a percentage of the window from 1% to 99% such as 80%, not '\(value)'")
            }
        }
        var shifts: [ShiftConfig] = []
        if let shiftsNode = map["shifts"], shiftsNode.tag != Tag(.null) {
            var names: Set<String> = []
            for (shiftIndex, shiftNode) in (list(shiftsNode, path: "\(teamPath).shifts") ?? []).enumerated() {
                guard let shift = readShift(shiftNode, path: "\(teamPath).shifts[\(shiftIndex)]") else { continue }
                if !names.insert(shift.name).inserted {
                    fail(shiftNode, "shift name '\(shift.name)' is used twice in team '\(id ?? "")'")
                }
                shifts.append(shift)
            }
        }
        if shifts.isEmpty { warn(node, "team '\(id ?? path)' has no shifts; it gets no huddle prompts") }
        guard let id, let channel else { return nil }
        var team = TeamConfig(id: id, name: name, channel: channel, leaders: leaders, language: teamLanguage,
                              timeZone: teamZone, shifts: shifts, holidays: holidays, skipDates: skipDates,
                              questions: questions, intro: intro, remind: remind, remindAt: remindAt)
        if let digestNode = map["digest"] { team.digest = readDigest(digestNode, path: "\(teamPath).digest") }
        if webhookNode != nil && webhook == nil { return nil }
        team.webhook = webhook
        if let webhook, webhook.secret == nil {
            warn(webhookNode, "team '\(id)' has no 'secret_env' or 'secret_file' in its webhook; it gets prompts and digests but its replies are refused")
        }
        if webhook != nil, team.digest.channel != nil {
            warn(map["digest"], "'\(teamPath).digest.channel' is an IRC channel and is not used by a webhook team; leaders get the digest through 'webhook.leaders_url_env' or 'leaders_url_file'")
        }
        if webhook == nil, let digestChannel = team.digest.channel, Casemapping.rfc1459.equal(digestChannel, channel) {
            warn(map["digest"], "'\(teamPath).digest.channel' is the team's own channel: the weekly summary goes there without the link to the digest page (it names who said what); name a leaders' channel instead")
        }
        for overlap in ShiftOverlap.find(in: team) {
            warn(map["shifts"], "shifts '\(overlap.0)' and '\(overlap.1)' of team '\(id)' overlap in \(channel); their huddles may run at the same time")
        }
        return team
    }

    mutating func readShift(_ node: Node, path: String) -> ShiftConfig? {
        guard let map = mapping(node, path: path, allowed: Self.shiftKeys) else { return nil }
        var name: String?
        if let nameNode = map["name"], let value = nonEmptyString(nameNode, path: "\(path).name") {
            if value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                name = value
            } else {
                fail(nameNode, "'\(path).name' must use only letters, digits, '-' and '_', not '\(value)'")
            }
        } else if map["name"] == nil {
            fail(node, "missing '\(path).name'; expected a name such as ochtend")
        }
        var start: LocalTime?
        if let startNode = map["start"], let value = string(startNode, path: "\(path).start") {
            start = LocalTime(parsing: value)
            if start == nil { fail(startNode, "'\(path).start' must be a time HH:MM such as \"07:00\" (quoted), not '\(value)'") }
        } else if map["start"] == nil {
            fail(node, "missing '\(path).start'; expected a time such as \"07:00\"")
        }
        var days = Set(Weekday.allCases)
        if let daysNode = map["days"] {
            days = []
            for (value, itemNode) in stringList(daysNode, path: "\(path).days") ?? [] {
                if let day = Weekday(parsing: value) {
                    days.insert(day)
                } else {
                    fail(itemNode, "'\(path).days' holds '\(value)'; expected mon, tue, wed, thu, fri, sat or sun")
                }
            }
            if days.isEmpty { warn(daysNode, "shift '\(name ?? path)' has no days; it never opens a huddle") }
        }
        var window = 15 * 60
        if let windowNode = map["window"], let value = string(windowNode, path: "\(path).window") {
            if let seconds = DurationText.seconds(value), seconds >= 60, seconds <= 12 * 3600 {
                window = seconds
            } else {
                fail(windowNode, "'\(path).window' must be a duration from 1m to 12h such as 15m or 1h30m, not '\(value)'")
            }
        }
        var end: LocalTime?
        if let endNode = map["end"], let value = string(endNode, path: "\(path).end") {
            end = LocalTime(parsing: value)
            if end == nil { fail(endNode, "'\(path).end' must be a time HH:MM such as \"15:00\" (quoted), not '\(value)'") }
            if let end, end == start { fail(endNode, "'\(path).end' must differ from its start") }
        }
        var grace = 15 * 60
        if let graceNode = map["grace"], let value = string(graceNode, path: "\(path).grace") {
            if let seconds = DurationText.seconds(value), seconds <= 12 * 3600 {
                grace = seconds
            } else {
                fail(graceNode, "'\(path).grace' must be a duration up to 12h such as 15m, not '\(value)'")
            }
        }
        if let end, let start {
            let shift = ShiftConfig(name: "", start: start, end: end)
            if window > shift.length, let windowNode = map["window"] {
                fail(windowNode, "'\(path).window' (\(DurationText.format(window))) is longer than the shift (\(DurationText.format(shift.length)))")
            }
        }
        let skipDates = map["skip_dates"].map { self.days($0, path: "\(path).skip_dates") } ?? []
        let questions = map["questions"].flatMap { questionList($0, path: "\(path).questions") }
        guard let name, let start else { return nil }
        return ShiftConfig(name: name, start: start, end: end, days: days, window: window, grace: grace,
                           skipDates: skipDates, questions: questions)
    }

    /// `webhooks: {listen: host:port, max_body_bytes}`: the bot's endpoint for replies.
    mutating func readListen(_ node: Node) -> WebhookListenSettings? {
        guard let map = mapping(node, path: "webhooks", allowed: ["listen", "max_body_bytes"]),
              let (host, port) = listenAddress(map, node: node, section: "webhooks", example: "127.0.0.1:8080") else { return nil }
        var settings = WebhookListenSettings(host: host, port: port)
        settings.maxBodyBytes = map["max_body_bytes"].flatMap { int($0, path: "webhooks.max_body_bytes", range: 1024...10_485_760) } ?? settings.maxBodyBytes
        return settings
    }

    /// The `metrics:` section: where Prometheus scrapes `/metrics`.
    mutating func readMetrics(_ node: Node) -> MetricsSettings? {
        guard let map = mapping(node, path: "metrics", allowed: ["listen"]),
              let (host, port) = listenAddress(map, node: node, section: "metrics", example: "127.0.0.1:9464") else { return nil }
        return MetricsSettings(host: host, port: port)
    }

    /// `<section>.listen`: an address and port; a warning when it is reachable from other machines.
    mutating func listenAddress(_ map: [String: Node], node: Node, section: String, example: String) -> (String, Int)? {
        guard let listenNode = map["listen"] else {
            fail(node, "missing '\(section).listen'; expected an address and port such as \(example)")
            return nil
        }
        guard let value = string(listenNode, path: "\(section).listen") else { return nil }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let port = Int(parts.last!), (0...65535).contains(port),
              case let host = parts.dropLast().joined(separator: ":").trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else {
            fail(listenNode, "'\(section).listen' must be an address and port such as \(example), not '\(value)'")
            return nil
        }
        if !(host == "localhost" || host == "::1" || host.hasPrefix("127.")) {
            warn(listenNode, "'\(section).listen' is \(host), reachable from other machines over plain HTTP; put a reverse proxy with HTTPS in front of it, or listen on 127.0.0.1 behind one")
        }
        return (host, port)
    }

    /// A team's `webhook:` section.
    mutating func readTeamWebhook(_ node: Node, path: String) -> TeamWebhook? {
        let allowed = Self.webhookKeys + Self.webhookAliases.keys.sorted() + ["outgoing"]
        guard let given = mapping(node, path: path, allowed: allowed) else { return nil }
        // `outgoing: {flavour, url_env}` may group the posting keys; aliases become their key.
        var entries = given.filter { $0.key != "outgoing" }.map { ($0.key, $0.value) }
        if let outgoingNode = given["outgoing"], let outgoing = mapping(outgoingNode, path: "\(path).outgoing", allowed: Self.outgoingKeys) {
            entries += outgoing.map { ($0.key, $0.value) }
        }
        var map: [String: Node] = [:]
        for (key, value) in entries.sorted(by: { ($0.1.mark?.line ?? 0, $0.1.mark?.column ?? 0) < ($1.1.mark?.line ?? 0, $1.1.mark?.column ?? 0) }) {
            let name = Self.webhookAliases[key] ?? key
            if map[name] != nil {
                fail(value, "'\(path)' gives '\(name)' twice (as '\(key)' too); give it once")
            }
            map[name] = value
        }
        var platform: WebhookPlatform?
        if let platformNode = map["platform"], let value = string(platformNode, path: "\(path).platform") {
            platform = WebhookPlatform(rawValue: value.lowercased())
            if platform == nil {
                fail(platformNode, "'\(path).platform' must be \(WebhookPlatform.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
            }
        } else if map["platform"] == nil {
            fail(node, "missing '\(path).platform'; expected one of \(WebhookPlatform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let url = secretSource(map, env: "url_env", file: "url_file", path: path, node: node, required: true,
                               what: "the platform's incoming-webhook URL")
        let leaders = secretSource(map, env: "leaders_url_env", file: "leaders_url_file", path: path, node: node, required: false, what: "")
        let secret = secretSource(map, env: "secret_env", file: "secret_file", path: path, node: node, required: false, what: "")
        let username = map["username"].flatMap { nonEmptyString($0, path: "\(path).username") }
        let iconURL = map["icon_url"].flatMap { nonEmptyString($0, path: "\(path).icon_url") }
        let channel = map["channel"].flatMap { nonEmptyString($0, path: "\(path).channel") }
        if platform != .mattermost, let extra = map["username"] ?? map["icon_url"] ?? map["channel"] {
            fail(extra, "'username', 'icon_url' and 'channel' in '\(path)' are Mattermost settings; the other platforms fix them in the webhook itself")
        }
        var leadersByName = false
        if let byNameNode = map["leaders_by_name"], let value = bool(byNameNode, path: "\(path).leaders_by_name"), value {
            if platform == .generic {
                fail(byNameNode, "'\(path).leaders_by_name' cannot be true on the generic platform, whose caller sends any user name",
                     hint: "list the leaders' user ids in 'leaders' and remove 'leaders_by_name'")
            } else {
                leadersByName = true
                warn(byNameNode, "'\(path).leaders_by_name' is true, so a user name in 'leaders' makes its bearer a leader; names can be changed and reused by someone else, user ids cannot: list the leaders' user ids and remove 'leaders_by_name'")
            }
        }
        guard let platform, let url else { return nil }
        return TeamWebhook(platform: platform, url: url, leadersURL: leaders, secret: secret, username: username,
                           iconURL: iconURL, channelOverride: channel, leadersByName: leadersByName)
    }

    /// A secret named by exactly one of an environment variable or a file (relative to the config).
    mutating func secretSource(_ map: [String: Node], env: String, file: String, path: String, node: Node,
                               required: Bool, what: String) -> SecretSource? {
        let name = map[env].flatMap { nonEmptyString($0, path: "\(path).\(env)") }
        let filePath = map[file].flatMap { nonEmptyString($0, path: "\(path).\(file)") }.map(resolve)
        switch (name, filePath) {
        case (let name?, nil): return .environment(name)
        case (nil, let filePath?): return .file(filePath)
        case (.some, .some):
            fail(map[file], "'\(path)' has both '\(env)' and '\(file)'; give one")
        case (nil, nil):
            if required && map[env] == nil && map[file] == nil {
                fail(node, "'\(path)' needs '\(env)' (an environment variable) or '\(file)' holding \(what); it never goes in this file")
            }
        }
        return nil
    }

    mutating func readDigest(_ node: Node, path: String) -> DigestSettings {
        var settings = DigestSettings()
        guard let map = mapping(node, path: path, allowed: ["post_at", "channel", "recap", "email"]) else { return settings }
        if let atNode = map["post_at"], let value = string(atNode, path: "\(path).post_at") {
            let parts = value.split(separator: " ")
            if parts.count == 2, let day = Weekday(parsing: String(parts[0])), let time = LocalTime(parsing: String(parts[1])) {
                settings.weekday = day
                settings.time = time
            } else {
                fail(atNode, "'\(path).post_at' must be a weekday and a time such as \"mon 08:00\", not '\(value)'")
            }
        }
        if let channelNode = map["channel"], let value = nonEmptyString(channelNode, path: "\(path).channel") {
            if let first = value.first, "#&".contains(first), !value.contains(" ") { settings.channel = value } else {
                fail(channelNode, "'\(path).channel' must be a channel such as \"#leiding\" (quoted), not '\(value)'")
            }
        }
        settings.recap = map["recap"].flatMap { bool($0, path: "\(path).recap") } ?? settings.recap
        settings.email = map["email"].flatMap { readEmail($0, path: "\(path).email") }
        return settings
    }

    mutating func readEmail(_ node: Node, path: String) -> EmailSettings? {
        guard let map = mapping(node, path: path, allowed: ["to", "from", "subject", "smtp"]) else { return nil }
        func address(_ value: String, _ node: Node, _ key: String) -> MailAddress? {
            if let address = MailAddress(parsing: value) { return address }
            fail(node, "'\(path).\(key)' holds '\(value)', which is not an e-mail address such as leiding@hotel.example or \"Leiding <leiding@hotel.example>\"")
            return nil
        }
        var to: [MailAddress] = []
        if let toNode = map["to"] {
            let before = errors.count
            for (value, itemNode) in stringList(toNode, path: "\(path).to") ?? [] {
                if let parsed = address(value, itemNode, "to") { to.append(parsed) }
            }
            if to.isEmpty && errors.count == before { fail(toNode, "'\(path).to' needs at least one address") }
        } else {
            fail(node, "missing '\(path).to'; expected the leaders' addresses")
        }
        let from = map["from"].flatMap { fromNode in nonEmptyString(fromNode, path: "\(path).from").flatMap { address($0, fromNode, "from") } }
        if map["from"] == nil { fail(node, "missing '\(path).from'; expected the address the digest comes from, such as huddle@hotel.example") }
        let subject = map["subject"].flatMap { nonEmptyString($0, path: "\(path).subject") }
        var smtp: SMTPSettings?
        if let smtpNode = map["smtp"] { smtp = readSMTP(smtpNode, path: "\(path).smtp") } else {
            fail(node, "missing '\(path).smtp'; expected {url: smtp://mail.example:587, user: ..., password_env: ...}")
        }
        guard let from, let smtp, !to.isEmpty else { return nil }
        return EmailSettings(to: to, from: from, subject: subject, smtp: smtp)
    }

    mutating func readSMTP(_ node: Node, path: String) -> SMTPSettings? {
        guard let map = mapping(node, path: path, allowed: ["url", "starttls", "user", "password_env", "password_file", "ca_file"]) else { return nil }
        var url: String?
        if let urlNode = map["url"], let value = nonEmptyString(urlNode, path: "\(path).url") {
            let lower = value.lowercased()
            if (lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://")) && !value.contains(where: { $0.isWhitespace }) && !value.dropFirst(7).contains("@") {
                url = value
            } else {
                fail(urlNode, "'\(path).url' must be smtp://host:port (STARTTLS, usually 587) or smtps://host:port (TLS, usually 465), without a user or password in it, not '\(value)'")
            }
        } else if map["url"] == nil {
            fail(node, "missing '\(path).url'; expected smtp://host:587 or smtps://host:465")
        }
        var startTLS = SMTPSettings.StartTLS.required
        if let tlsNode = map["starttls"], let value = string(tlsNode, path: "\(path).starttls") {
            if let parsed = SMTPSettings.StartTLS(rawValue: value.lowercased()) { startTLS = parsed } else {
                fail(tlsNode, "'\(path).starttls' must be required, optional or off, not '\(value)'")
            }
        }
        let user = map["user"].flatMap { nonEmptyString($0, path: "\(path).user") }
        let password = secretSource(map, env: "password_env", file: "password_file", path: path, node: node, required: false, what: "")
        if password != nil && user == nil { fail(node, "'\(path)' has a password but no 'user'") }
        if user != nil && password == nil { fail(node, "'\(path)' has a 'user' but no 'password_env' or 'password_file'") }
        if startTLS == .off, password != nil, url?.lowercased().hasPrefix("smtp://") == true {
            warn(map["starttls"], "'\(path).starttls: off' sends the SMTP password unencrypted; use required, or smtps://")
        }
        let caFile = map["ca_file"].flatMap { nonEmptyString($0, path: "\(path).ca_file") }.map(resolve)
        guard let url else { return nil }
        return SMTPSettings(url: url, startTLS: startTLS, user: user, password: password, caFile: caFile)
    }

    mutating func readChat(_ node: Node) -> ChatSettings? {
        guard let map = mapping(node, path: "chat", allowed: Self.chatKeys) else { return nil }
        var chat = ChatSettings()
        if let prefixNode = map["prefix"], let value = string(prefixNode, path: "chat.prefix") {
            if (1...3).contains(value.count), !value.contains(where: { $0.isLetter || $0.isNumber || $0.isWhitespace }) {
                chat.prefix = value
            } else {
                fail(prefixNode, "'chat.prefix' must be 1 to 3 punctuation characters such as \"!\" or \".\" (quoted), not '\(value)'")
            }
        }
        chat.confirm = choice(map["confirm"], path: "chat.confirm", default: chat.confirm)
        chat.notifyRecipient = choice(map["notify_recipient"], path: "chat.notify_recipient", default: chat.notifyRecipient)
        chat.pii = choice(map["pii"], path: "chat.pii", default: chat.pii)
        chat.kudosPerDay = map["kudos_per_day"].flatMap { int($0, path: "chat.kudos_per_day", range: 1...1000) } ?? chat.kudosPerDay
        chat.kudosMaxRecipients = map["kudos_max_recipients"].flatMap { int($0, path: "chat.kudos_max_recipients", range: 1...50) }
            ?? chat.kudosMaxRecipients
        if let rateNode = map["rate_limit"], let rate = mapping(rateNode, path: "chat.rate_limit", allowed: ["burst", "per_minute"]) {
            chat.rateBurst = rate["burst"].flatMap { int($0, path: "chat.rate_limit.burst", range: 1...1000) } ?? chat.rateBurst
            chat.ratePerMinute = rate["per_minute"].flatMap { int($0, path: "chat.rate_limit.per_minute", range: 1...6000) } ?? chat.ratePerMinute
        }
        return chat
    }

    /// One of an enum's values, named by its raw value.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node?, path: String, default value: T) -> T where T.RawValue == String {
        guard let node, let text = string(node, path: path) else { return value }
        if let found = T(rawValue: text.lowercased()) { return found }
        fail(node, "'\(path)' must be \(T.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
        return value
    }

    mutating func holidays(_ node: Node, path: String) -> HolidayCalendar? {
        guard let value = string(node, path: path) else { return nil }
        if value.lowercased() == "none" { return nil }
        guard let calendar = HolidayCalendar(rawValue: value.lowercased()) else {
            fail(node, "'\(path)' must be nl (Dutch public holidays) or none, not '\(value)'")
            return nil
        }
        return calendar
    }

    mutating func days(_ node: Node, path: String) -> Set<CalendarDay> {
        var result: Set<CalendarDay> = []
        for (value, itemNode) in stringList(node, path: path) ?? [] {
            if let day = CalendarDay(parsing: value) { result.insert(day) } else {
                fail(itemNode, "'\(path)' holds '\(value)'; expected a date YYYY-MM-DD")
            }
        }
        return result
    }

    /// A text in both languages: `{nl: …, en: …}`; placeholders must be known.
    mutating func localized(_ node: Node, path: String) -> LocalizedText? {
        guard let map = mapping(node, path: path, allowed: ["nl", "en"]) else { return nil }
        var texts: [String: String] = [:]
        for language in ["nl", "en"] {
            guard let textNode = map[language] else {
                fail(node, "'\(path)' needs a text in both languages (nl and en); '\(language)' is missing")
                continue
            }
            guard let text = nonEmptyString(textNode, path: "\(path).\(language)") else { continue }
            for placeholder in Self.placeholderPattern(in: text) where !Self.placeholders.contains(placeholder) {
                fail(textNode, "'\(path).\(language)' uses unknown placeholder \(placeholder); known: \(Self.placeholders.joined(separator: ", "))")
            }
            texts[language] = text
        }
        guard let nl = texts["nl"], let en = texts["en"] else { return nil }
        return LocalizedText(nl: nl, en: en)
    }

    mutating func questionList(_ node: Node, path: String) -> [LocalizedText]? {
        guard let items = list(node, path: path) else { return nil }
        guard (1...9).contains(items.count) else {
            fail(node, "'\(path)' must hold 1 to 9 questions, not \(items.count)")
            return nil
        }
        let questions = items.enumerated().compactMap { index, item in localized(item, path: "\(path)[\(index)]") }
        return questions.count == items.count ? questions : nil
    }

    static func placeholderPattern(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}

/// Case folding for names compared across the config (channels compare case-insensitively on IRC).
enum Casefold {
    static func channel(_ name: String) -> String { name.lowercased() }
}
