import Foundation
import HuddleCore
import Synchronization

/// Simulated time: it moves only when the simulation steps to its next event. Nothing in the
/// stepped runtime sleeps on it; a sleep would mean a service runs, which the simulator never starts.
public final class SimClock: HuddleClock {
    private let current: Mutex<Date>

    /// A clock standing at `start`.
    public init(start: Date) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock to `date` (never back).
    public func set(_ date: Date) { current.withLock { $0 = max($0, date) } }

    public func sleep(until deadline: Date) async throws {
        // Nothing in a stepped bot sleeps; were something to, it must not hold the run up.
        throw CancellationError()
    }
}
