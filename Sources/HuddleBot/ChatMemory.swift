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
    }
    let state = Mutex(State())
}
