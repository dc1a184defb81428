import Foundation
import Yams

extension EmailSettings {
    /// A digest's `email:` section.
    static func read(_ node: Node, path: String, reader: inout ConfigReader) -> EmailSettings? {
        guard let map = reader.mapping(node, path: path, allowed: ["to", "from", "subject", "smtp"]) else { return nil }
        func address(_ value: String, _ node: Node, _ key: String) -> MailAddress? {
            if let address = MailAddress(parsing: value) { return address }
            reader.fail(node, "'\(path).\(key)' holds '\(value)', which is not an e-mail address such as leiding@hotel.example or \"Leiding <leiding@hotel.example>\"")
            return nil
        }
        var to: [MailAddress] = []
        if let toNode = map["to"] {
            let before = reader.errors.count
            for (value, itemNode) in reader.stringList(toNode, path: "\(path).to") ?? [] {
                if let parsed = address(value, itemNode, "to") { to.append(parsed) }
            }
            if to.isEmpty && reader.errors.count == before { reader.fail(toNode, "'\(path).to' needs at least one address") }
        } else {
            reader.fail(node, "missing '\(path).to'; expected the leaders' addresses")
        }
        let from = map["from"].flatMap { fromNode in reader.nonEmptyString(fromNode, path: "\(path).from").flatMap { address($0, fromNode, "from") } }
        if map["from"] == nil { reader.fail(node, "missing '\(path).from'; expected the address the digest comes from, such as huddle@hotel.example") }
        let subject = map["subject"].flatMap { reader.nonEmptyString($0, path: "\(path).subject") }
        var smtp: SMTPSettings?
        if let smtpNode = map["smtp"] { smtp = SMTPSettings.read(smtpNode, path: "\(path).smtp", reader: &reader) } else {
            reader.fail(node, "missing '\(path).smtp'; expected {url: smtp://mail.example:587, user: ..., password_env: ...}")
        }
        guard let from, let smtp, !to.isEmpty else { return nil }
        return EmailSettings(to: to, from: from, subject: subject, smtp: smtp)
    }
}

extension SMTPSettings {
    /// `email.smtp`: the mail server, its TLS and its login.
    static func read(_ node: Node, path: String, reader: inout ConfigReader) -> SMTPSettings? {
        guard let map = reader.mapping(node, path: path, allowed: ["url", "starttls", "user", "password_env", "password_file", "ca_file"]) else { return nil }
        var url: String?
        if let urlNode = map["url"], let value = reader.nonEmptyString(urlNode, path: "\(path).url") {
            let lower = value.lowercased()
            if (lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://")) && !value.contains(where: { $0.isWhitespace }) && !value.dropFirst(7).contains("@") {
                url = value
            } else {
                reader.fail(urlNode, "'\(path).url' must be smtp://host:port (STARTTLS, usually 587) or smtps://host:port (TLS, usually 465), without a user or password in it, not '\(value)'")
            }
        } else if map["url"] == nil {
            reader.fail(node, "missing '\(path).url'; expected smtp://host:587 or smtps://host:465")
        }
        var startTLS = SMTPSettings.StartTLS.required
        if let tlsNode = map["starttls"], let value = reader.string(tlsNode, path: "\(path).starttls") {
            if let parsed = SMTPSettings.StartTLS(rawValue: value.lowercased()) { startTLS = parsed } else {
                reader.fail(tlsNode, "'\(path).starttls' must be required, optional or off, not '\(value)'")
            }
        }
        let user = map["user"].flatMap { reader.nonEmptyString($0, path: "\(path).user") }
        let password = reader.secretSource(map, env: "password_env", file: "password_file", path: path, node: node, required: false, what: "")
        if password != nil && user == nil { reader.fail(node, "'\(path)' has a password but no 'user'") }
        if user != nil && password == nil { reader.fail(node, "'\(path)' has a 'user' but no 'password_env' or 'password_file'") }
        if startTLS == .off, password != nil, url?.lowercased().hasPrefix("smtp://") == true {
            reader.warn(map["starttls"], "'\(path).starttls: off' sends the SMTP password unencrypted; use required, or smtps://")
        }
        let caFile = map["ca_file"].flatMap { reader.nonEmptyString($0, path: "\(path).ca_file") }.map { reader.resolve($0) }
        guard let url else { return nil }
        return SMTPSettings(url: url, startTLS: startTLS, user: user, password: password, caFile: caFile)
    }
}
