import Synchronization

/// The fate of a group of lines that must go out together now (a prompt): told to one waiter.
final class IRCDelivery: Sendable {
    private struct State {
        var remaining: Int
        var started = false
        var abandoned = false
        var waiter: CheckedContinuation<Bool, Never>?
    }
    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(remaining: count)) }

    /// Waits for the outcome (resumed at once when it is known already).
    func wait(_ continuation: CheckedContinuation<Bool, Never>) {
        let known = state.withLock { state -> Bool? in
            if state.abandoned { return false }
            if state.remaining == 0 { return true }
            state.waiter = continuation
            return nil
        }
        if let known { continuation.resume(returning: known) }
    }

    /// A line is about to go out; false when the delivery was given up (skip the line).
    func begin() -> Bool {
        state.withLock { state in
            guard !state.abandoned else { return false }
            state.started = true
            return true
        }
    }

    /// A line went out.
    func sent() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.remaining -= 1
            guard state.remaining <= 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: true)
    }

    /// The lines cannot all go out: the rest are skipped.
    func finish(_ delivered: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.abandoned = !delivered
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: delivered)
    }

    /// Gives up if nothing went out yet; once lines are going out, the delivery runs its course.
    func abandon() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.started, !state.abandoned, state.remaining > 0 else { return nil }
            state.abandoned = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }
}
