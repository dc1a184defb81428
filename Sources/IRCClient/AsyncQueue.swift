import Synchronization

/// A FIFO that many tasks push to and one task pops from, waiting when it is empty. A pop that
/// is cancelled takes nothing from the queue, so nothing is lost between connections.
public final class AsyncQueue<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var waiter: (id: Int, continuation: CheckedContinuation<Element?, Never>)?
        var nextID = 0
    }
    private let state = Mutex(State())

    /// Creates an empty queue.
    public init() {}

    /// Adds an element at the end.
    public func push(_ element: Element) {
        let waiter: CheckedContinuation<Element?, Never>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.items.append(element)
            return nil
        }
        waiter?.resume(returning: element)
    }

    /// Puts elements back at the front, in order (used when a send failed).
    public func pushFront(_ elements: [Element]) {
        guard !elements.isEmpty else { return }
        var rest = elements[...]
        let waiter: CheckedContinuation<Element?, Never>? = state.withLock { state in
            state.items.insert(contentsOf: elements.dropFirst(state.waiter == nil ? 0 : 1), at: 0)
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            rest = []
            return nil
        }
        if let waiter, let first = rest.first { waiter.resume(returning: first) }
    }

    /// Takes out, in order, up to `limit` waiting elements that match; the others keep their place.
    public func take(where matches: (Element) -> Bool, limit: Int) -> [Element] {
        state.withLock { state in
            var taken: [Element] = []
            state.items.removeAll { item in
                guard taken.count < limit, matches(item) else { return false }
                taken.append(item)
                return true
            }
            return taken
        }
    }

    /// Whether any waiting element matches.
    public func contains(where matches: (Element) -> Bool) -> Bool {
        state.withLock { $0.items.contains(where: matches) }
    }

    /// The number of elements waiting.
    public var count: Int { state.withLock { $0.items.count } }

    /// Takes the first element, waiting for one; nil when the task is cancelled.
    public func pop() async -> Element? {
        if let item = state.withLock({ state -> Element? in state.items.isEmpty ? nil : state.items.removeFirst() }) {
            return item
        }
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
                let immediate: Element?? = state.withLock { state in
                    if !state.items.isEmpty { return .some(state.items.removeFirst()) }
                    if Task.isCancelled { return .some(nil) }
                    precondition(state.waiter == nil, "AsyncQueue supports one consumer at a time")
                    state.waiter = (id, continuation)
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume(returning: nil)
        }
    }
}
