import Foundation
import Metrics
import HuddleCore
import HuddleStore
import Logging
import Synchronization

/// What one delivery attempt came to.
public enum DeliveryOutcome: Sendable, Hashable {
    case delivered
    /// Try again at this time (408, 429, 5xx, or no answer).
    case retry(at: Date, reason: String)
    /// The platform refused the message for good (another 4xx).
    case refused(reason: String)
}

/// One try of one message: what came of it, or nil when it has nowhere to go (its team has no
/// destination in the config). `fallback` is the backoff to use when the peer names no wait.
public typealias OutboxAttempt = @Sendable (_ message: OutboxMessage, _ now: Date, _ fallback: TimeInterval) async -> DeliveryOutcome?

/// Delivers an outbox in order: a message is retried with exponential backoff and jitter,
/// honouring the waits a peer asks for; later messages of the same team wait. Webhook posts and
/// e-mail share it, each with its own way of making one try.
public struct OutboxSender: Sendable {
    public let outbox: Outbox
    public let logger: Logger
    /// What the messages are, for the log and the metrics ("webhook", "email").
    public let what: String
    let attemptOne: OutboxAttempt
    /// Until when each team's peer asked to be left alone (a 429, a 5xx, no answer).
    public let backoff = TeamBackoff()
    public var firstDelay: TimeInterval = 2
    /// A minute at most between tries: a prompt is only useful during its huddle window.
    public var maxDelay: TimeInterval = 60

    /// A sender whose tries are made by `attempt`.
    public init(outbox: Outbox, logger: Logger, what: String, attempt: @escaping OutboxAttempt) {
        self.outbox = outbox
        self.logger = logger
        self.what = what
        self.attemptOne = attempt
    }

    /// A sender of webhook posts: each message to the URL `url` gives for it (read from the
    /// environment or a file), none where it gives nil.
    public init(client: CurlHTTPClient, outbox: Outbox, logger: Logger, url: @escaping @Sendable (OutboxMessage) -> String?) {
        self.init(outbox: outbox, logger: logger, what: "webhook") { message, now, fallback in
            guard let target = url(message) else { return nil }
            return await Self.post(message, url: target, client: client, now: now, fallback: fallback)
        }
    }

    /// Tries every message that is due at `now`, each team's oldest first and the teams side by
    /// side (a platform that is down or slow delays only its own teams); returns when the next
    /// try is due.
    @discardableResult
    public func deliverDue(now: Date) async throws -> Date? {
        let known = await outbox.unreadable.count
        let pending = try await outbox.pending()
        for path in await outbox.unreadable.dropFirst(known) {
            logger.error("unreadable outbox message moved aside", metadata: ["file.path": "\(path)"])
        }
        let queues = Dictionary(grouping: pending, by: \.message.team)
        let (next, removed) = try await withThrowingTaskGroup(of: (Date?, Int).self) { group in
            for queue in queues.values {
                group.addTask { try await self.deliver(queue, now: now) }
            }
            var next: Date?
            var removed = 0
            for try await (date, count) in group {
                if let date { next = min(next ?? date, date) }
                removed += count
            }
            return (next, removed)
        }
        Gauge(label: "huddle_outbox_depth", dimensions: [("outbox", what)]).record(pending.count - removed)
        return next
    }

    /// Delivers one team's messages in order, stopping at the first that must wait; returns when it is
    /// due, and how many messages left the outbox (delivered or refused).
    func deliver(_ queue: [(file: String, message: OutboxMessage)], now: Date) async throws -> (Date?, Int) {
        var removed = 0
        for (file, message) in queue {
            guard message.nextAttemptAt <= now else { return (message.nextAttemptAt, removed) }
            guard let outcome = await attemptOne(message, now, delay(attempts: message.attempts + 1)) else {
                logger.warning("outbox message kept: its team has no \(what) destination in the config", metadata: [
                    "team.id": "\(message.team)", "file.path": "\(outbox.directory)/\(file)"])
                return (nil, removed)
            }
            switch outcome {
            case .delivered:
                try await outbox.delivered(file)
                backoff.clear(message.team)
                removed += 1
            case .retry(let at, let reason):
                backoff.set(message.team, until: at)
                var updated = message
                updated.attempts += 1
                updated.nextAttemptAt = at
                updated.lastError = reason
                try await outbox.retry(file, updated)
                logger.warning("\(what) delivery postponed", metadata: ["team.id": "\(message.team)", "delivery.reason": "\(reason)",
                                                                        "delivery.retry_at": "\(HuddleJSON.timestamp(at))"])
                return (at, removed)
            case .refused(let reason):
                var updated = message
                updated.attempts += 1
                updated.lastError = reason
                try await outbox.failed(file, updated)
                Counter(label: "huddle_outbox_refused_total", dimensions: [("outbox", what)]).increment()
                removed += 1
                logger.error("\(what) refused for good; kept in \(outbox.directory)/failed", metadata: [
                    "team.id": "\(message.team)", "delivery.reason": "\(reason)"])
            }
        }
        return (nil, removed)
    }

    /// One POST and what it means for the message.
    public static func post(_ message: OutboxMessage, url: String, client: CurlHTTPClient, now: Date, fallback: TimeInterval) async -> DeliveryOutcome {
        let response: HTTPResponse
        do {
            // The same key on every try of a message: a receiver that keeps the keys it has seen can
            // drop the repeat the outbox sends when the bot died between a 2xx and removing the file.
            response = try await client.post(url: url, headers: ["Content-Type": "application/json", "Idempotency-Key": message.id],
                                             body: Data(message.body.utf8),
                                             timeout: .seconds(15))
        } catch {
            return .retry(at: now.addingTimeInterval(fallback), reason: "\(error)")
        }
        let text = String(decoding: response.body.prefix(300), as: UTF8.self)
        switch response.status {
        case 200..<300:
            return .delivered
        case 408, 429, 500..<600:
            return .retry(at: now.addingTimeInterval(retryAfter(response) ?? fallback), reason: "HTTP \(response.status) \(text)")
        default:
            return .refused(reason: "HTTP \(response.status) \(text)")
        }
    }

    /// Exponential backoff with ±20% jitter, capped.
    public func delay(attempts: Int) -> TimeInterval {
        min(maxDelay, firstDelay * pow(2, Double(max(0, attempts - 1)))) * Double.random(in: 0.8...1.2)
    }

    /// The wait a platform asks for: `Retry-After` seconds, or Discord's `retry_after` in the JSON body.
    public static func retryAfter(_ response: HTTPResponse) -> TimeInterval? {
        if let header = response.headers["retry-after"], let seconds = TimeInterval(header.trimmingSpaces) {
            return max(0, seconds)
        }
        if let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
           let seconds = (object["retry_after"] as? NSNumber)?.doubleValue {
            return max(0, seconds)
        }
        return nil
    }
}

/// The teams whose platform asked for a pause, and until when: what goes out at once (a prompt)
/// waits for it too, so one platform's 429 slows only its own teams.
public final class TeamBackoff: Sendable {
    private let until = Mutex<[String: Date]>([:])

    /// Creates an empty table.
    public init() {}

    func set(_ team: String, until date: Date) { until.withLock { $0[team] = date } }

    func clear(_ team: String) { _ = until.withLock { $0.removeValue(forKey: team) } }

    /// Whether `team`'s peer should be left alone at `now`.
    public func isWaiting(_ team: String, now: Date) -> Bool { until.withLock { ($0[team] ?? .distantPast) > now } }
}
