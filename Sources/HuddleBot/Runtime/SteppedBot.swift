import Foundation
import HuddleCore
import Synchronization

/// Drives a bot one step at a time with none of its services running: each chat event of a
/// route handled to completion, each scheduler wake awaited, huddles opened one after the other.
/// The deterministic simulator (`huddle-sim`, `Scripts/simulate`) runs the runtime through it;
/// `huddle run` never does.
public final class SteppedBot: Sendable {
    public let bot: HuddleBot
    private let chats = Mutex<[String: ChatService]>([:])
    private let scheduler: SchedulerService

    /// A driver of `bot`, with a chat handler per route made when the route first has an event.
    public init(bot: HuddleBot) {
        self.bot = bot
        var scheduler = SchedulerService(bot: bot)
        // Side-by-side opens would make the order of ledger lines and entry ids a matter of timing.
        scheduler.parallelOpens = 1
        self.scheduler = scheduler
    }

    private func chat(_ route: String) -> ChatService {
        chats.withLock { chats in
            if let known = chats[route] { return known }
            let made = ChatService(bot: bot, routeID: route)
            chats[route] = made
            return made
        }
    }

    /// Handles one event of `route`'s transport as `ChatService.run` does, to completion: a line's
    /// entry is on disk and confirmed (or refused) when this returns.
    public func handle(_ event: ChatEvent, route: String) async {
        let chat = chat(route)
        switch event {
        case .message(let message):
            if await chat.transport.stillWanted(message) { await chat.handle(message) }
            await chat.transport.finished(message)
        case .connected(let nick, let accountsAvailable):
            let report = chat.memory.state.withLock { state -> Bool in
                state.botNick = nick
                state.accountsAvailable = accountsAvailable
                defer { if !accountsAvailable { state.reportedBareLeaders = true } }
                return !accountsAvailable && !state.reportedBareLeaders
            }
            if report { chat.reportBareLeaders() }
        case .disconnected:
            bot.leaderSightings.forgetAll()
        case .nickGone(let nick):
            bot.leaderSightings.forget(nick)
        case .arrived(let nick):
            await chat.deliverHeld(to: nick, privately: chat.transport.hasPrivateMessages)
        }
    }

    /// Does everything the scheduler finds due at `now`, as one wake of `SchedulerService.run`
    /// (without the daily retention).
    public func tick(now: Date) async { await scheduler.tick(now: now) }

    /// When the scheduler would wake next after `now` (at most 30 seconds later).
    public func nextWake(after now: Date) async -> Date { await scheduler.nextWake(after: now) }

    /// What the bot keeps in memory that grows with the people it meets, by name: nicks with a
    /// known account, people with a rate-limit bucket, and notices held for someone.
    public var footprint: [String: Int] {
        var sizes = ["held_notices": bot.heldNotices.count]
        for chat in chats.withLock({ Array($0.values) }) {
            let (accounts, limited) = chat.memory.state.withLock { ($0.accounts.count, $0.rateLimiter.people) }
            sizes["accounts", default: 0] += accounts
            sizes["rate_limited", default: 0] += limited
        }
        return sizes
    }
}
