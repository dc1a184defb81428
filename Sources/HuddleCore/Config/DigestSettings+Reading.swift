import Foundation
import Yams

extension DigestSettings {
    /// A `digest:` section of a team or a group; defaults where it is silent.
    static func read(_ node: Node, path: String, reader: inout ConfigReader) -> DigestSettings {
        var settings = DigestSettings()
        guard let map = reader.mapping(node, path: path, allowed: ["post_at", "channel", "recap", "email"]) else { return settings }
        if let atNode = map["post_at"], let value = reader.string(atNode, path: "\(path).post_at") {
            let parts = value.split(separator: " ")
            if parts.count == 2, let day = Weekday(parsing: String(parts[0])), let time = LocalTime(parsing: String(parts[1])) {
                settings.weekday = day
                settings.time = time
            } else {
                reader.fail(atNode, "'\(path).post_at' must be a weekday and a time such as \"mon 08:00\", not '\(value)'")
            }
        }
        if let channelNode = map["channel"], let value = reader.nonEmptyString(channelNode, path: "\(path).channel") {
            if let first = value.first, "#&".contains(first), !value.contains(" ") { settings.channel = value } else {
                reader.fail(channelNode, "'\(path).channel' must be a channel such as \"#leiding\" (quoted), not '\(value)'")
            }
        }
        settings.recap = map["recap"].flatMap { reader.bool($0, path: "\(path).recap") } ?? settings.recap
        settings.email = map["email"].flatMap { EmailSettings.read($0, path: "\(path).email", reader: &reader) }
        return settings
    }
}
