/// Answers CTCP VERSION, PING and TIME queries by NOTICE, at most three at once and then one
/// every five seconds; other queries get no answer. Pure: it is told the instant and the time text.
public struct CTCPResponder<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// The answer to VERSION.
    public let version: String
    private let origin: Instant
    private var bucket = TokenBucket(burst: 3, perSecond: 0.2)

    /// A responder for a connection opened at `now`.
    public init(version: String, now: Instant) {
        self.version = version
        origin = now
    }

    /// The NOTICE that answers `command` from `nick` at `now`, or nil when it is not answered
    /// (an unknown query, or too many lately). `time` gives the TIME answer, read only for TIME.
    public mutating func reply(to nick: String, command: String, argument: String, at now: Instant,
                               time: () -> String) -> IRCMessage? {
        let reply: String
        switch command {
        case "VERSION": reply = version
        case "PING": reply = String(argument.prefix(64))
        case "TIME": reply = time()
        default: return nil
        }
        guard bucket.takeIfAvailable(now: origin.duration(to: now) / .seconds(1)) else { return nil }
        return IRCMessage(command: "NOTICE", params: [nick, "\u{01}\(command)\(reply.isEmpty ? "" : " " + reply)\u{01}"])
    }
}
