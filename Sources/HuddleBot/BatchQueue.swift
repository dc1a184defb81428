import Synchronization

/// Items handed from producers to one consuming task in batches (all that came while the consumer
/// handled the ones before), in order, with one lock per item and at most one wake-up per batch:
/// webhook lines on their way to the chat handler, entries on their way to be confirmed. An
/// `AsyncStream` did the same with a generic buffer and more work per item, most of it the
/// runtime's generic lookups.
final class BatchQueue<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var waiter: UnsafeContinuation<Void, Never>?
        var finished = false
    }
    private let state = Mutex(State())

    /// Queues an item (after the ones before it); false (and dropped) once the queue is finished.
    @discardableResult
    func add(_ item: Item) -> Bool {
        let (added, waiter) = state.withLock { state -> (Bool, UnsafeContinuation<Void, Never>?) in
            guard !state.finished else { return (false, nil) }
            state.items.append(item)
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume()
        return added
    }

    /// No more items come: `next` hands out what is queued, then nil (as a finished stream does).
    func finish() {
        let waiter = state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The items queued since the last call, in order, waiting for one if there are none; nil
    /// once the queue is finished and empty. One task only may call it.
    func next() async -> [Item]? {
        while true {
            let batch = state.withLock { state -> [Item]?? in
                guard state.items.isEmpty else {
                    defer { state.items = [] }
                    return .some(state.items)
                }
                return state.finished ? .some(nil) : nil
            }
            if let batch { return batch }
            await withUnsafeContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    guard state.items.isEmpty, !state.finished else { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}
