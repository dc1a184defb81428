import Foundation

/// Private lines waiting for their sender to say which team they are for ("Voor welk team is
/// dit?"), each for `lifetime` seconds.
public struct TeamChoice: Sendable {
    /// How long a line waits for the answer.
    public static let lifetime: TimeInterval = 300
    private var waiting: [String: (text: String, at: Date)] = [:]

    /// No line waiting.
    public init() {}

    /// The team `answer` names among `teams`: its id, name or channel, in any case.
    public static func team(named answer: String, among teams: [TeamConfig]) -> TeamConfig? {
        let answer = answer.trimmingSpaces.lowercased()
        return teams.first { $0.id == answer || $0.name.lowercased() == answer || $0.channel.lowercased() == answer }
    }

    /// Keeps `text` until `person` names a team (replacing a line of theirs already waiting).
    public mutating func wait(_ text: String, from person: String, at: Date) {
        waiting[person] = (text, at)
        // Lines nobody answered for are dropped once there are many.
        if waiting.count > 1000 { waiting = waiting.filter { at.timeIntervalSince($0.value.at) < Self.lifetime } }
    }

    /// The line `person` sent before naming a team, taken, if it has not waited too long.
    public mutating func take(for person: String, at: Date) -> String? {
        guard let line = waiting.removeValue(forKey: person), at.timeIntervalSince(line.at) < Self.lifetime else { return nil }
        return line.text
    }
}
