import Foundation
import IRCProtocol

/// The per-person limit on what the bot answers: a token bucket each (a burst, then a steady
/// rate), and one "slow down" per flood — again only after a minute without one.
public struct RateLimiter: Sendable {
    /// What to do with one line.
    public enum Verdict: Sendable, Hashable {
        case allowed
        /// Refused; `warn` when the person should be told to slow down (once per flood).
        case refused(warn: Bool)
    }

    private var buckets: [String: TokenBucket] = [:]
    /// When each person was last told to slow down (reference-date seconds).
    private var warned: [String: TimeInterval] = [:]

    /// A limiter with no one's lines counted yet.
    public init() {}

    /// How many people it keeps a bucket for (what it holds in memory).
    public var people: Int { buckets.count }

    /// Takes a line from `person` at `at`, allowing `burst` lines at once, then `perMinute` a
    /// minute (the settings in force when the person's first line came).
    public mutating func check(_ person: String, at: Date, burst: Int, perMinute: Int) -> Verdict {
        let now = at.timeIntervalSinceReferenceDate
        var bucket = buckets[person] ?? TokenBucket(burst: burst, perSecond: Double(perMinute) / 60)
        guard bucket.takeIfAvailable(now: now) else {
            guard now - (warned[person] ?? -.infinity) >= 60 else { return .refused(warn: false) }
            warned[person] = now
            return .refused(warn: true)
        }
        buckets[person] = bucket
        return .allowed
    }
}
