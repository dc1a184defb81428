import Foundation
import Yams

extension IRCSettings {
    /// The keys of the `irc:` section.
    static let configKeys = ["host", "port", "tls", "tls_fingerprints", "client_cert", "client_key", "nick", "alt_nicks", "username",
                             "realname", "password_env", "sasl", "flood", "ping_interval", "ping_timeout",
                             "connections", "max_connections"]

    /// The `irc:` section.
    static func read(_ node: Node, reader: inout ConfigReader) -> IRCSettings? {
        guard let map = reader.mapping(node, path: "irc", allowed: Self.configKeys) else { return nil }
        let host = map["host"].flatMap { reader.nonEmptyString($0, path: "irc.host") }
        if map["host"] == nil { reader.fail(node, "missing 'irc.host'; expected the IRC server's name or address") }
        let port = map["port"].flatMap { reader.int($0, path: "irc.port", range: 1...65535) } ?? 6667
        let tls = map["tls"].flatMap { reader.bool($0, path: "irc.tls") } ?? false
        var fingerprints: [String] = []
        for (value, itemNode) in map["tls_fingerprints"].flatMap({ reader.stringList($0, path: "irc.tls_fingerprints") }) ?? [] {
            let hex = value.lowercased().filter(\.isHexDigit)
            if hex.count == 64 && value.allSatisfy({ $0.isHexDigit || $0 == ":" }) { fingerprints.append(hex) } else {
                reader.fail(itemNode, "'irc.tls_fingerprints' holds '\(value)'; expected a SHA-256 fingerprint (64 hex digits, colons allowed)")
            }
        }
        let clientCert = map["client_cert"].flatMap { reader.nonEmptyString($0, path: "irc.client_cert") }.map { reader.resolve($0) }
        let clientKey = map["client_key"].flatMap { reader.nonEmptyString($0, path: "irc.client_key") }.map { reader.resolve($0) }
        if (clientCert == nil) != (clientKey == nil) {
            reader.fail(node, "'irc.client_cert' and 'irc.client_key' go together; give both or neither")
        }
        if !tls, let tlsOnly = map["tls_fingerprints"] ?? map["client_cert"] {
            reader.fail(tlsOnly, "TLS settings need 'irc.tls: true'")
        }
        let sasl = map["sasl"].flatMap { SASLSettings.read($0, hasClientCertificate: clientCert != nil, reader: &reader) }
        var floodBurst = 4
        var floodPerSecond = 1.0
        var floodOff = false
        if let floodNode = map["flood"], floodNode.scalar != nil {
            if floodNode.scalar?.string == "off" {
                floodOff = true
                reader.warn(floodNode, "'irc.flood: off': the bot sends without pacing; only for a server that exempts it from flood limits (an oper class or an exempt connect block), else the server drops it for flooding")
            } else {
                reader.fail(floodNode, "'irc.flood' must be 'off' or a mapping such as {burst: 4, per_second: 1}")
            }
        } else if let floodNode = map["flood"], let flood = reader.mapping(floodNode, path: "irc.flood", allowed: ["burst", "per_second"]) {
            floodBurst = flood["burst"].flatMap { reader.int($0, path: "irc.flood.burst", range: 1...10_000) } ?? floodBurst
            if let perNode = flood["per_second"], let text = reader.string(perNode, path: "irc.flood.per_second") {
                if let value = Double(text), value > 0, value <= 10_000 { floodPerSecond = value } else {
                    reader.fail(perNode, "'irc.flood.per_second' must be a number above 0 and up to 10000, such as 1 or 0.5, not '\(text)'")
                }
            }
        }
        func pingSeconds(_ key: String) -> Int {
            guard let node = map[key], let value = reader.string(node, path: "irc.\(key)") else { return 30 }
            if let seconds = DurationText.seconds(value), seconds >= 5, seconds <= 600 { return seconds }
            reader.fail(node, "'irc.\(key)' must be a duration from 5s to 10m such as 30s, not '\(value)'")
            return 30
        }
        let pingInterval = pingSeconds("ping_interval"), pingTimeout = pingSeconds("ping_timeout")
        var nick = "huddle"
        if let nickNode = map["nick"], let value = reader.nonEmptyString(nickNode, path: "irc.nick") {
            if isValidNick(value) { nick = value } else { reader.fail(nickNode, "'irc.nick' is not a valid IRC nick: '\(value)'") }
        }
        var alternatives: [String] = []
        if let altNode = map["alt_nicks"] {
            for (value, itemNode) in reader.stringList(altNode, path: "irc.alt_nicks") ?? [] {
                if isValidNick(value) { alternatives.append(value) } else { reader.fail(itemNode, "'irc.alt_nicks' holds an invalid nick: '\(value)'") }
            }
        }
        let username = map["username"].flatMap { reader.nonEmptyString($0, path: "irc.username") }
        let realname = map["realname"].flatMap { reader.nonEmptyString($0, path: "irc.realname") }
        let passwordEnv = map["password_env"].flatMap { reader.nonEmptyString($0, path: "irc.password_env") }
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
        settings.maxConnections = map["max_connections"].flatMap { reader.int($0, path: "irc.max_connections", range: 1...100) } ?? 10
        if let node = map["connections"], let value = reader.string(node, path: "irc.connections"), value.lowercased() != "auto" {
            if let count = Int(value), (1...100).contains(count) {
                settings.connections = count
                if count > settings.maxConnections { reader.fail(node, "'irc.connections' (\(count)) is more than 'irc.max_connections' (\(settings.maxConnections))") }
            } else {
                reader.fail(node, "'irc.connections' must be auto or a number of connections from 1 to 100, not '\(value)'")
            }
        }
        return settings
    }

    /// Whether a nick is one IRC servers accept: up to 30 letters, digits and specials, not starting with a digit or `-`.
    static func isValidNick(_ nick: String) -> Bool {
        guard let first = nick.first, !first.isNumber, first != "-", nick.utf8.count <= 30 else { return false }
        return nick.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_[]\\`^{}|".contains($0)) }
    }
}

extension SASLSettings {
    /// `irc.sasl`: the mechanism and where the password comes from.
    static func read(_ node: Node, hasClientCertificate: Bool, reader: inout ConfigReader) -> SASLSettings? {
        guard let map = reader.mapping(node, path: "irc.sasl", allowed: ["mechanism", "account", "password_env", "password_file"]) else { return nil }
        var mechanism = SASLSettings.Mechanism.plain
        if let mechanismNode = map["mechanism"], let value = reader.string(mechanismNode, path: "irc.sasl.mechanism") {
            if let found = SASLSettings.Mechanism(rawValue: value.uppercased()) { mechanism = found } else {
                reader.fail(mechanismNode, "'irc.sasl.mechanism' must be PLAIN or EXTERNAL, not '\(value)'")
            }
        }
        let account = map["account"].flatMap { reader.nonEmptyString($0, path: "irc.sasl.account") }
        let passwordEnv = map["password_env"].flatMap { reader.nonEmptyString($0, path: "irc.sasl.password_env") }
        let passwordFile = map["password_file"].flatMap { reader.nonEmptyString($0, path: "irc.sasl.password_file") }.map { reader.resolve($0) }
        switch mechanism {
        case .plain:
            if account == nil { reader.fail(node, "'irc.sasl' with PLAIN needs 'account'") }
            if (passwordEnv == nil) == (passwordFile == nil) {
                reader.fail(node, "'irc.sasl' with PLAIN needs exactly one of 'password_env' (an environment variable) or 'password_file'; a password never goes in this file")
            }
        case .external:
            if !hasClientCertificate { reader.fail(node, "'irc.sasl' with EXTERNAL needs 'irc.client_cert' and 'irc.client_key'") }
        }
        return SASLSettings(mechanism: mechanism, account: account, passwordEnv: passwordEnv, passwordFile: passwordFile)
    }
}
