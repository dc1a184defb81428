import Synchronization

/// The entries a chat handler took, waiting to be confirmed once on disk: handed from the
/// handler's loop to its settling task in batches (all that came while the ones before were
/// settled), with one lock per entry and at most one wake-up per batch. An `AsyncStream` did the
/// same with a generic buffer and more work per entry, most of it the runtime's generic lookups.
final class SettleQueue: Sendable {
    private struct State {
        var entries: [PendingEntry] = []
        var waiter: UnsafeContinuation<Void, Never>?
        var finished = false
    }
    private let state = Mutex(State())

    /// Queues an entry (after the ones before it); dropped once the queue is finished.
    func add(_ entry: PendingEntry) {
        let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.entries.append(entry)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// No more entries come: `next` hands out what is queued, then nil.
    func finish() {
        let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The entries queued since the last call, in order, waiting for one if there are none; nil
    /// once the queue is finished and empty. One task only may call it.
    func next() async -> [PendingEntry]? {
        while true {
            let batch = state.withLock { state -> [PendingEntry]?? in
                guard state.entries.isEmpty else {
                    defer { state.entries = [] }
                    return .some(state.entries)
                }
                return state.finished ? .some(nil) : nil
            }
            if let batch { return batch }
            await withUnsafeContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    guard state.entries.isEmpty, !state.finished else { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}
