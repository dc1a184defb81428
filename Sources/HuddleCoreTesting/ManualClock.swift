import Foundation
import HuddleCore
import Synchronization

/// A clock that moves only when a test says so; sleepers wake when it passes their deadline.
public final class ManualClock: HuddleClock {
    private struct Sleeper {
        var id: Int
        var deadline: Date
        var continuation: CheckedContinuation<Void, Error>
    }
    private struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var nextID = 0
    }
    private let state: Mutex<State>

    /// A clock standing at `now`.
    public init(now: Date) { state = Mutex(State(now: now)) }

    public func now() -> Date { state.withLock { $0.now } }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let resumeNow: Result<Void, Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `date` and wakes every sleeper whose deadline has come.
    public func advance(to date: Date) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, date)
            let due = state.sleepers.filter { $0.deadline <= state.now }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) { advance(to: now().addingTimeInterval(seconds)) }
}

/// The real clock shifted by a fixed offset, so an integration test can start just before a
/// shift without waiting for the wall clock; time still passes at the real rate.
public struct OffsetClock: HuddleClock {
    public let offset: TimeInterval

    /// A clock that reads `offset` seconds ahead of the system clock.
    public init(offset: TimeInterval) { self.offset = offset }

    /// A clock that reads `date` now.
    public init(startingAt date: Date) { offset = date.timeIntervalSinceNow }

    public func now() -> Date { Date().addingTimeInterval(offset) }

    public func sleep(until deadline: Date) async throws {
        try await SystemClock().sleep(until: deadline.addingTimeInterval(-offset))
    }
}

extension OffsetClock {
    /// A shift start on a whole minute, and a clock that reads `lead` seconds before it: a test
    /// that starts a bot now sees its shift begin in `lead` seconds, on the minute a schedule can name.
    public static func beforeShift(lead: TimeInterval) -> (clock: OffsetClock, shiftStart: Date) {
        let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + 120
        return (OffsetClock(startingAt: Date(timeIntervalSince1970: minute - lead)), Date(timeIntervalSince1970: minute))
    }
}

/// The instant an ISO 8601 UTC timestamp such as `2026-11-23T06:00:00Z` names.
public func utc(_ text: String) -> Date { HuddleJSON.parseTimestamp(text)! }
