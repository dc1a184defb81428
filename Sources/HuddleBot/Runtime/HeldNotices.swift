import Foundation
import Synchronization

/// What the bot could not tell a person at once, kept (in memory) until they are next seen on
/// the same route: a compliment's notice for someone who was away, an action's reminder for
/// someone the platform cannot write to privately now. Bounded: the oldest goes first when full,
/// and a notice older than two weeks is dropped.
final class HeldNotices: Sendable {
    /// One text waiting for its person.
    struct Notice: Sendable, Hashable {
        var text: String
        var at: Date
        /// Only for the person's eyes: given on IRC (private messages) or in the answer to a line
        /// only they see (a slash command), never in an answer the channel sees.
        var privateOnly: Bool
    }

    /// How long a notice waits, and how many wait for one person and in all.
    static let limits: (seconds: TimeInterval, perPerson: Int, people: Int) = (14 * 86_400, 20, 10_000)
    private let waiting = Mutex<[String: [Notice]]>([:])

    /// How many notices wait, for everyone.
    var count: Int { waiting.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    private static func key(_ nick: String, route: String) -> String { route + "\u{0}" + nick.lowercased() }

    /// Keeps `text` for `nick` on `route` until they are next seen.
    func hold(_ text: String, for nick: String, route: String, at: Date, privateOnly: Bool) {
        let key = Self.key(nick, route: route)
        waiting.withLock { waiting in
            guard waiting[key] != nil || waiting.count < Self.limits.people else { return }
            waiting[key, default: []].append(Notice(text: text, at: at, privateOnly: privateOnly))
            if waiting[key]!.count > Self.limits.perPerson { waiting[key]!.removeFirst() }
        }
    }

    /// The notices for `nick` that are not too old, taken; private ones only when `privately`
    /// (the others stay).
    func take(for nick: String, route: String, now: Date, privately: Bool) -> [Notice] {
        // Every line asks, and nearly always nothing is held: no key is made then.
        guard !waiting.withLock({ $0.isEmpty }) else { return [] }
        let key = Self.key(nick, route: route)
        return waiting.withLock { waiting in
            guard let held = waiting.removeValue(forKey: key) else { return [] }
            let kept = held.filter { $0.privateOnly && !privately }
            if !kept.isEmpty { waiting[key] = kept }
            return held.filter { (privately || !$0.privateOnly) && now.timeIntervalSince($0.at) < Self.limits.seconds }
        }
    }
}
