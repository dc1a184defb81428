import Foundation
import HuddleCore

/// The chat platforms Huddle posts to through incoming webhooks, each with its payload and length limit.
public typealias WebhookFlavour = WebhookPlatform

extension WebhookPlatform {
    /// The longest text of one message, in characters.
    public var limit: Int {
        switch self {
        case .discord: return 2000
        case .slack, .mattermost, .teams, .generic: return 4000
        }
    }

    /// Optional Mattermost presentation.
    public struct Options: Sendable, Hashable {
        public var username: String?
        public var channel: String?
        public var iconURL: String?

        /// Creates options.
        public init(username: String? = nil, channel: String? = nil, iconURL: String? = nil) {
            self.username = username
            self.channel = channel
            self.iconURL = iconURL
        }
    }

    /// The JSON bodies that carry `text` (split at line ends, else at spaces, to fit the limit).
    public func payloads(text: String, team: String, channel: String, kind: String, options: Options = Options()) -> [String] {
        Self.split(text, limit: limit).map { piece in
            let object: [String: Any]
            switch self {
            case .slack:
                object = ["text": piece]
            case .mattermost:
                var fields: [String: Any] = ["text": piece]
                if let username = options.username { fields["username"] = username }
                if let channel = options.channel { fields["channel"] = channel }
                if let icon = options.iconURL { fields["icon_url"] = icon }
                object = fields
            case .discord:
                // No @everyone or role pings from staff text; only the people the bot names by id.
                object = ["content": piece, "allowed_mentions": ["parse": [String](), "users": Self.discordUserMentions(in: piece)]]
            case .teams:
                object = ["type": "message", "attachments": [[
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": ["$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
                                "body": piece.split(separator: "\n", omittingEmptySubsequences: false).map {
                                    ["type": "TextBlock", "text": String($0), "wrap": true] as [String: Any]
                                }] as [String: Any],
                ] as [String: Any]]]
            case .generic:
                object = ["team": team, "channel": channel, "text": piece, "kind": kind]
            }
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The ids of `<@id>` mentions in a Discord text, in order, once each.
    static func discordUserMentions(in text: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<@"), let close = rest[open.upperBound...].firstIndex(of: ">") {
            let id = String(rest[open.upperBound..<close].drop { $0 == "!" })
            if !id.isEmpty, id.allSatisfy(\.isNumber), !ids.contains(id) { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    /// Pieces of at most `limit` characters, broken at a newline or space in the second half where possible.
    public static func split(_ text: String, limit: Int) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.count > limit {
            let window = rest.prefix(limit)
            let breakAt = window.lastIndex(of: "\n").flatMap { rest.distance(from: rest.startIndex, to: $0) > limit / 2 ? $0 : nil }
                ?? window.lastIndex(of: " ").flatMap { rest.distance(from: rest.startIndex, to: $0) > limit / 2 ? $0 : nil }
            if let breakAt {
                pieces.append(String(rest[..<breakAt]))
                rest = rest[rest.index(after: breakAt)...]
            } else {
                pieces.append(String(window))
                rest = rest.dropFirst(limit)
            }
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append(String(rest)) }
        return pieces
    }
}

extension WebhookPlatform {
    /// `text` as the platform shows it, never as markup it acts on: no mention (`@all`, `@here`,
    /// `@everyone`, `<!channel>`, `<@id>`), link, image or HTML tag comes out of it. Slack's three
    /// characters are escaped as Slack asks; elsewhere an invisible word joiner (U+2060) after `@`,
    /// after `<` and between `]` and `(` keeps the characters as they were typed but the markup from
    /// forming. Applied once to what the bot posts, before it adds mentions of its own.
    public func neutralised(_ text: String) -> String {
        let marks: [UInt8] = self == .slack ? [UInt8(ascii: "@"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&")]
            : [UInt8(ascii: "@"), UInt8(ascii: "<"), UInt8(ascii: "]")]
        // Most texts hold none of these characters: one pass over the bytes says so.
        guard text.utf8.contains(where: marks.contains) else { return text }
        let joiner: Character = "\u{2060}"
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var characters = text[...]
        while let character = characters.popFirst() {
            let next = characters.first
            switch character {
            case "&" where self == .slack: out += "&amp;"
            case "<" where self == .slack: out += "&lt;"
            case ">" where self == .slack: out += "&gt;"
            case "@", "<":
                out.append(character)
                if let next, next != joiner, !next.isWhitespace { out.append(joiner) }
            case "]":
                out.append(character)
                if next == "(" { out.append(joiner) }
            default:
                out.append(character)
            }
        }
        return out
    }
}
