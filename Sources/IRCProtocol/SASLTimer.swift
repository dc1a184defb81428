/// How long a SASL exchange may take: each exchange that starts sets a new deadline, and the
/// exchange is given up once that deadline passes. Pure: the transport sleeps until `deadline`.
public struct SASLTimer<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// How long an exchange may take.
    public let timeout: Duration
    /// When the running exchange is given up, if one runs.
    public private(set) var deadline: Instant?

    /// A timer with no exchange running.
    public init(timeout: Duration) { self.timeout = timeout }

    /// An exchange started at `now`; returns its deadline (an earlier exchange's no longer counts).
    public mutating func start(at now: Instant) -> Instant {
        let deadline = now.advanced(by: timeout)
        self.deadline = deadline
        return deadline
    }

    /// Whether the exchange has run out of time at `now`; true once per exchange.
    public mutating func expire(at now: Instant) -> Bool {
        guard let deadline, now >= deadline else { return false }
        self.deadline = nil
        return true
    }
}
