/// When to PING a silent server and when to give up on it. Pure: it is told when lines arrive
/// and asked at given instants, so the transport sleeps until `deadline` instead of polling.
public struct IRCKeepAlive<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// What the transport does at an instant.
    public enum Action: Sendable, Hashable {
        /// Nothing yet; ask again at `deadline`.
        case wait
        /// Send a PING: the server has been silent for `interval`.
        case ping
        /// Nothing answered the PING within `timeout`: drop the connection.
        case timedOut
    }

    /// Silence after which a PING goes out.
    public let interval: Duration
    /// How long the PING may go unanswered.
    public let timeout: Duration
    /// When the server last said anything.
    public private(set) var lastInbound: Instant
    /// When the unanswered PING went out, if one did.
    public private(set) var pingSentAt: Instant?

    /// A keep-alive for a connection opened at `now`.
    public init(interval: Duration, timeout: Duration, now: Instant) {
        self.interval = interval
        self.timeout = timeout
        lastInbound = now
    }

    /// A line arrived at `now`: the link is alive, and any PING counts as answered.
    public mutating func received(at now: Instant) {
        lastInbound = now
        pingSentAt = nil
    }

    /// The next instant at which `poll` has something to do (unless a line arrives first).
    public var deadline: Instant { pingSentAt.map { $0.advanced(by: timeout) } ?? lastInbound.advanced(by: interval) }

    /// What to do at `now`: a PING once the server was silent for `interval`, and the end of
    /// the connection once that PING went unanswered for `timeout`.
    public mutating func poll(at now: Instant) -> Action {
        if let sent = pingSentAt { return sent.duration(to: now) >= timeout ? .timedOut : .wait }
        guard lastInbound.duration(to: now) >= interval else { return .wait }
        pingSentAt = now
        return .ping
    }
}
