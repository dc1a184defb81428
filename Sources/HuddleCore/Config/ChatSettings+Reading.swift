import Foundation
import Yams

extension ChatSettings {
    /// The keys of the `chat:` section.
    static let configKeys = ["prefix", "confirm", "notify_recipient", "kudos_per_day", "kudos_max_recipients", "rate_limit", "pii"]

    /// The `chat:` section.
    static func read(_ node: Node, reader: inout ConfigReader) -> ChatSettings? {
        guard let map = reader.mapping(node, path: "chat", allowed: Self.configKeys) else { return nil }
        var chat = ChatSettings()
        if let prefixNode = map["prefix"], let value = reader.string(prefixNode, path: "chat.prefix") {
            if (1...3).contains(value.count), !value.contains(where: { $0.isLetter || $0.isNumber || $0.isWhitespace }) {
                chat.prefix = value
            } else {
                reader.fail(prefixNode, "'chat.prefix' must be 1 to 3 punctuation characters such as \"!\" or \".\" (quoted), not '\(value)'")
            }
        }
        chat.confirm = reader.choice(map["confirm"], path: "chat.confirm", default: chat.confirm)
        chat.notifyRecipient = reader.choice(map["notify_recipient"], path: "chat.notify_recipient", default: chat.notifyRecipient)
        chat.pii = reader.choice(map["pii"], path: "chat.pii", default: chat.pii)
        chat.kudosPerDay = map["kudos_per_day"].flatMap { reader.int($0, path: "chat.kudos_per_day", range: 1...1000) } ?? chat.kudosPerDay
        chat.kudosMaxRecipients = map["kudos_max_recipients"].flatMap { reader.int($0, path: "chat.kudos_max_recipients", range: 1...50) }
            ?? chat.kudosMaxRecipients
        if let rateNode = map["rate_limit"], let rate = reader.mapping(rateNode, path: "chat.rate_limit", allowed: ["burst", "per_minute"]) {
            chat.rateBurst = rate["burst"].flatMap { reader.int($0, path: "chat.rate_limit.burst", range: 1...1000) } ?? chat.rateBurst
            chat.ratePerMinute = rate["per_minute"].flatMap { reader.int($0, path: "chat.rate_limit.per_minute", range: 1...6000) } ?? chat.ratePerMinute
        }
        return chat
    }
}
