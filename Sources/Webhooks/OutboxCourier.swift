import Foundation
import HuddleStore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs an outbox's delivery: whenever something was written to it, when a retry falls due, and
/// every minute (for messages put back with `huddle outbox --retry-failed`), until shutdown.
/// What a previous run left is delivered first.
public final class OutboxCourier: Service, CustomStringConvertible {
    public let sender: OutboxSender
    let doorbell = Doorbell()
    let now: @Sendable () -> Date
    let pollInterval: Duration
    public var outbox: Outbox { sender.outbox }
    public var description: String { "OutboxCourier(\(sender.what))" }

    /// A courier for `sender`'s outbox; it looks at the clock every `pollInterval`.
    public init(sender: OutboxSender, now: @escaping @Sendable () -> Date, pollInterval: Duration = .milliseconds(250)) {
        self.sender = sender
        self.now = now
        self.pollInterval = pollInterval
    }

    /// Stores a message and wakes the delivery; returns once it is on disk.
    public func add(_ message: OutboxMessage) async throws {
        try await outbox.add(message)
        doorbell.ring()
    }

    /// Says that something new is in the outbox.
    public func ring() { doorbell.ring() }

    public func run() async throws {
        var next: Date?
        var lastLook = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = now()
            if doorbell.take() || next.map({ $0 <= now }) == true || Date().timeIntervalSince(lastLook) >= 60 {
                lastLook = Date()
                do {
                    next = try await sender.deliverDue(now: now)
                } catch {
                    sender.logger.error("cannot read or update the outbox", metadata: ["file.path": "\(outbox.directory)", "error": "\(error)"])
                    next = now.addingTimeInterval(10)
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) }
        }
    }
}

/// A flag the outbox writers set and the delivery loop takes.
final class Doorbell: Sendable {
    private let rung = Mutex(true)

    /// Something new is in the outbox.
    func ring() { rung.withLock { $0 = true } }

    /// Whether it rang since the last take.
    func take() -> Bool { rung.withLock { state in defer { state = false }; return state } }
}
