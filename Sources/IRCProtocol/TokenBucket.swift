/// A token bucket for outbound flood control: `burst` lines at once, then `perSecond` lines a second.
public struct TokenBucket: Sendable, Hashable {
    public let burst: Double
    public let perSecond: Double
    private var tokens: Double
    private var last: Double?

    /// Creates a full bucket.
    public init(burst: Int, perSecond: Double) {
        precondition(burst >= 1 && perSecond > 0)
        self.burst = Double(burst)
        self.perSecond = perSecond
        self.tokens = Double(burst)
    }

    /// Takes one token at time `now` (seconds on any monotonic scale) and returns how many
    /// seconds the caller must wait before sending; zero when a token was available.
    public mutating func take(now: Double) -> Double {
        if let last { tokens = min(burst, tokens + (now - last) * perSecond) }
        last = now
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / perSecond
    }

    /// Whether the bucket has filled up again by `now`: it is then as good as a new one.
    public func isFull(at now: Double) -> Bool {
        guard let last else { return true }
        return tokens + (now - last) * perSecond >= burst
    }

    /// Takes a token only if one is available at `now`; a refused call costs nothing.
    public mutating func takeIfAvailable(now: Double) -> Bool {
        var probe = self
        guard probe.take(now: now) == 0 else { return false }
        self = probe
        return true
    }
}
