import Foundation
import HuddleCore
import Synchronization

/// What the chat handler remembers between lines: who it is, who is who, how fast people
/// send commands, and private lines waiting for the person to say which team they are for.
final class ChatMemory: Sendable {
    struct State {
        var botNick: String?
        var accountsAvailable = false
        var accounts: [String: String] = [:]
        var rateLimiter = RateLimiter()
        var teamChoice = TeamChoice()
        /// Whether the bare-name leaders were reported for a server without accounts.
        var reportedBareLeaders = false
        /// Compliments for colleagues who were not online, by lower-case nick: told when next seen.
        var heldKudos: [String: [HeldKudos]] = [:]
    }
    /// A compliment's notice waiting for its recipient.
    struct HeldKudos {
        var text: String
        var at: Date
    }
    /// How long a compliment waits for its recipient, and how many wait for one person and in all.
    static let holdKudos: (seconds: TimeInterval, perPerson: Int, people: Int) = (14 * 86_400, 20, 10_000)

    /// Keeps a compliment's notice until `nick` is next seen (the oldest goes first when full).
    func hold(_ text: String, for nick: String, at: Date) {
        state.withLock { state in
            let key = nick.lowercased()
            guard state.heldKudos[key] != nil || state.heldKudos.count < Self.holdKudos.people else { return }
            state.heldKudos[key, default: []].append(HeldKudos(text: text, at: at))
            if state.heldKudos[key]!.count > Self.holdKudos.perPerson { state.heldKudos[key]!.removeFirst() }
        }
    }

    /// The notices held for `nick` that are not too old, taken.
    func takeHeld(for nick: String, now: Date) -> [String] {
        state.withLock { state in
            guard !state.heldKudos.isEmpty, let held = state.heldKudos.removeValue(forKey: nick.lowercased()) else { return [] }
            return held.filter { now.timeIntervalSince($0.at) < Self.holdKudos.seconds }.map(\.text)
        }
    }
    let state = Mutex(State())
}
