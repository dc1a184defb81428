import Foundation
import Yams

extension WebSettings {
    /// The `web:` section: the public address of the digest pages.
    static func read(_ node: Node, reader: inout ConfigReader) -> WebSettings? {
        guard let map = reader.mapping(node, path: "web", allowed: ["public_url", "link_days"]) else { return nil }
        guard let urlNode = map["public_url"], let value = reader.nonEmptyString(urlNode, path: "web.public_url") else {
            if map["public_url"] == nil { reader.fail(node, "missing 'web.public_url'; expected the address people open, such as https://huddle.hotel.example") }
            return nil
        }
        let lower = value.lowercased()
        guard (lower.hasPrefix("https://") || lower.hasPrefix("http://")), !value.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) else {
            reader.fail(urlNode, "'web.public_url' must be an http(s) address without query, such as https://huddle.hotel.example, not '\(value)'")
            return nil
        }
        let days = map["link_days"].flatMap { reader.int($0, path: "web.link_days", range: 1...366) } ?? 14
        return WebSettings(publicURL: value.hasSuffix("/") ? String(value.dropLast()) : value, linkDays: days)
    }
}
