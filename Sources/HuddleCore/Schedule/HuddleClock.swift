import Foundation

/// The runtime's source of wall-clock time; tests use a manual one and never sleep.
public protocol HuddleClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends until `deadline` (or returns at once if it has passed); throws when cancelled.
    func sleep(until deadline: Date) async throws
}

/// The real clock.
public struct SystemClock: HuddleClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000) + 1)) }
    }
}
