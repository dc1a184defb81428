import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import Synchronization
import Webhooks

/// The webhook platforms over simulated time: each team's is up, down (503), throttling (429
/// with Retry-After) or silent (no answer), and answers an occasional 500 even when up. An
/// attempt's outcome follows from the platform's mood, the message and the seed alone, so the
/// outbox's side-by-side deliveries come out the same in every run.
final class Platforms: Sendable {
    enum Mood: Sendable, Hashable { case up, down, throttled(retryAfter: Int), silent }
    struct State {
        var moods: [String: Mood] = [:]
        /// The chance that a delivered message is taken and the bot dies before removing it.
        var crashAfterDelivery = 0.0
        var crashed = false
    }
    private let state = Mutex(State())
    let seed: UInt64
    let observer: Observer

    init(seed: UInt64, observer: Observer) {
        self.seed = seed
        self.observer = observer
    }

    func set(_ team: String, _ mood: Mood) { state.withLock { $0.moods[team] = mood } }
    func mood(_ team: String) -> Mood { state.withLock { $0.moods[team] ?? .up } }
    func setCrashAfterDelivery(_ chance: Double) { state.withLock { $0.crashAfterDelivery = chance } }

    /// Whether a delivery since the last call ended with the bot dying (and resets it).
    func takeCrash() -> Bool { state.withLock { state in defer { state.crashed = false }; return state.crashed } }

    /// One POST of `message` at `now`; `prompt` for a prompt posted at once (never crashes after).
    func attempt(_ message: OutboxMessage, now: Date, prompt: Bool = false) -> DeliveryOutcome {
        let draw = stableHash([seed, fnv1a(message.id), UInt64(message.attempts), UInt64(now.timeIntervalSince1970)])
        let backoff = min(60, 2 * pow(2, Double(message.attempts)))
        observer.state.withLock { $0.webhookAttempts += 1 }
        switch mood(message.team) {
        case .down:
            return .retry(at: now.addingTimeInterval(backoff), reason: "HTTP 503")
        case .silent:
            return .retry(at: now.addingTimeInterval(backoff), reason: "timed out")
        case .throttled(let seconds):
            return .retry(at: now.addingTimeInterval(TimeInterval(seconds)), reason: "HTTP 429")
        case .up:
            if draw % 100 < 4 { return .retry(at: now.addingTimeInterval(backoff), reason: "HTTP 500") }
            observer.state.withLock { $0.delivered[message.team, default: []].append((message.id, message.kind, message.body)) }
            let crash = state.withLock { state -> Bool in
                guard !prompt, Double((draw >> 11) % 1000) / 1000 < state.crashAfterDelivery else { return false }
                state.crashed = true
                return true
            }
            guard crash else { return .delivered }
            observer.state.withLock { _ = $0.deliveredBeforeCrash.insert(message.id) }
            // The platform has it; the bot dies before it can remove it from the outbox.
            return .retry(at: now.addingTimeInterval(1), reason: "crashed")
        }
    }
}

/// One process's webhook outbox (the real `Outbox` in the data directory, delivered by the
/// real `OutboxSender`) with the simulated platforms as its peer; `postNow` is `WebhookHub.postNow`.
final class SimCourier: Sendable {
    let outbox: Outbox
    let sender: OutboxSender
    let platforms: Platforms
    let process: SimProcess
    let clock: SimClock
    private let rang = Mutex(false)
    /// Until when each team's platform asked a prompt to wait.
    private let promptWait = Mutex<[String: Date]>([:])

    init(outbox: Outbox, platforms: Platforms, process: SimProcess, clock: SimClock, logger: Logger) {
        self.outbox = outbox
        self.platforms = platforms
        self.process = process
        self.clock = clock
        sender = OutboxSender(outbox: outbox, logger: logger, what: "webhook") { message, now, _ in
            process.alive ? platforms.attempt(message, now: now) : .retry(at: now.addingTimeInterval(1), reason: "process gone")
        }
    }

    /// Whether something was written since the last call (the courier's doorbell).
    func takeRing() -> Bool { rang.withLock { rang in defer { rang = false }; return rang } }

    /// Writes a team's message, split for its platform, to the outbox.
    func enqueue(_ text: String, team: String, channel: String, platform: WebhookPlatform, kind: String) async {
        guard process.alive else { return }
        let at = clock.now()
        for body in platform.payloads(text: text, team: team, channel: channel, kind: kind) {
            let message = OutboxMessage(id: RandomID.uuid(), createdAt: at, team: team, kind: kind, body: body)
            do {
                try await outbox.add(message)
                platforms.observer.state.withLock { $0.enqueued[team, default: []].append(message.id) }
            } catch {
                sender.logger.error("could not write to the outbox; the message is lost", metadata: ["error": "\(error)"])
            }
        }
        rang.withLock { $0 = true }
    }

    /// Posts a prompt at once, as `WebhookHub.postNow`: true on a 2xx for its first part.
    func postNow(_ text: String, lines: [String], team: String, channel: String, platform: WebhookPlatform) async -> Bool {
        guard process.alive else { return false }
        let at = clock.now()
        guard !sender.backoff.isWaiting(team, now: at), promptWait.withLock({ ($0[team] ?? .distantPast) <= at }) else { return false }
        let bodies = platform.payloads(text: text, team: team, channel: channel, kind: "prompt")
        guard let first = bodies.first else { return false }
        let message = OutboxMessage(id: RandomID.uuid(), createdAt: at, team: team, kind: "prompt", body: first)
        switch platforms.attempt(message, now: at, prompt: true) {
        case .delivered:
            platforms.observer.prompt(lines, channel: channel, at: at)
            for body in bodies.dropFirst() {
                let rest = OutboxMessage(id: RandomID.uuid(), createdAt: at, team: team, kind: "prompt", body: body)
                try? await outbox.add(rest)
                platforms.observer.state.withLock { $0.enqueued[team, default: []].append(rest.id) }
                rang.withLock { $0 = true }
            }
            return true
        case .retry(let until, _):
            promptWait.withLock { $0[team] = until }
            return false
        case .refused:
            return false
        }
    }

    /// Delivers what is due at `now`; returns when the next try is due.
    func deliver(now: Date) async -> Date? {
        guard process.alive else { return nil }
        do {
            return try await sender.deliverDue(now: now)
        } catch {
            return now.addingTimeInterval(10)
        }
    }
}
