import Foundation

/// How each platform writes a line, turned back into the text a person typed.
extension InboundGate {
    /// A slash command's options as typed: subcommand names and values in order, users and
    /// `<@id>` mentions as `@name`.
    static func discordText(_ options: [[String: Any]], users: [String: [String: Any]]) -> String {
        func name(of id: String) -> String { "@" + ((users[id]?["username"] as? String) ?? id) }
        var words: [String] = []
        for option in options {
            let type = (option["type"] as? NSNumber)?.intValue ?? 3
            if type == 1 || type == 2 {
                words.append(option["name"] as? String ?? "")
                words.append(discordText(option["options"] as? [[String: Any]] ?? [], users: users))
            } else if type == 6, let id = option["value"] as? String {
                words.append(name(of: id))
            } else if let text = option["value"] as? String {
                var rest = Substring(text)
                var out = ""
                while let open = rest.range(of: "<@"), let close = rest[open.upperBound...].firstIndex(of: ">") {
                    let id = rest[open.upperBound..<close].drop { $0 == "!" }
                    out += rest[..<open.lowerBound]
                    out += id.allSatisfy(\.isNumber) && !id.isEmpty ? name(of: String(id)) : String(rest[open.lowerBound...close])
                    rest = rest[rest.index(after: close)...]
                }
                words.append(out + rest)
            } else if let value = option["value"] {
                words.append("\(value)")
            }
        }
        return words.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A Teams message as typed: the leading mention of the bot dropped, other mentions as
    /// `@Name` (spaces removed), tags removed, entities decoded.
    static func teamsPlainText(_ html: String) -> String {
        var text = html
        if let range = text.range(of: #"^\s*<at>[^<]*</at>"#, options: .regularExpression) { text.removeSubrange(range) }
        while let range = text.range(of: #"<at>[^<]*</at>"#, options: .regularExpression) {
            let name = text[range].dropFirst(4).dropLast(5).replacingOccurrences(of: " ", with: "")
            text.replaceSubrange(range, with: "@" + name)
        }
        text = text.replacingOccurrences(of: #"<br\s*/?>|</p>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The user ids of Slack's `<@U123|anna>` mentions, by lower-case name.
    static func slackMentions(_ text: String) -> [String: String] {
        var found: [String: String] = [:]
        var rest = Substring(text)
        while let open = rest.range(of: "<@"), let close = rest[open.upperBound...].firstIndex(of: ">") {
            let parts = rest[open.upperBound..<close].split(separator: "|", maxSplits: 1)
            if parts.count == 2 { found[parts[1].lowercased()] = String(parts[0]) }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    /// Slack's escaped text as typed: `<@U123|anna>` → `@anna`, `<#C1|keuken>` → `#keuken`,
    /// `<https://x|label>` → `https://x`, and `&lt; &gt; &amp;` unescaped.
    static func slackPlainText(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            result += rest[..<open]
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "|", maxSplits: 1)
            if let first = parts.first, first.hasPrefix("!") {
                result += "@" + first.dropFirst()
            } else if let first = parts.first, first.hasPrefix("@") || first.hasPrefix("#") {
                result += parts.count > 1 ? "\(first.prefix(1))\(parts[1])" : String(first)
            } else {
                result += parts.first.map(String.init) ?? ""
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
