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

/// Each route's `ChatMemory`, so that every handler of a route's lines (its chat service, a form's
/// submission) shares its rate limits and what it knows of people.
final class ChatMemories: Sendable {
    private let memories = Mutex<[String: ChatMemory]>([:])

    /// The memory of route `id`.
    func memory(route id: String) -> ChatMemory {
        memories.withLock { memories in
            if let known = memories[id] { return known }
            let memory = ChatMemory()
            memories[id] = memory
            return memory
        }
    }
}
