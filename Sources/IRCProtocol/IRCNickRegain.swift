/// When to ask for the configured nick back while registered under another: every `interval`
/// from the start of the connection. Pure: the state machine decides whether a NICK goes out.
public struct IRCNickRegain<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// Time between attempts.
    public let interval: Duration
    /// When the next attempt is due.
    public private(set) var deadline: Instant

    /// Attempts for a connection opened at `now`: the first one `interval` later.
    public init(interval: Duration, now: Instant) {
        self.interval = interval
        deadline = now.advanced(by: interval)
    }

    /// Whether an attempt is due at `now`; if so, the next one is due `interval` later.
    public mutating func isDue(at now: Instant) -> Bool {
        guard now >= deadline else { return false }
        deadline = now.advanced(by: interval)
        return true
    }
}
