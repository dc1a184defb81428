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
    /// How many people it keeps before it forgets those it would treat as new anyway.
    private var forgetAbove = 256
    /// When it last forgot (reference-date seconds): it does at least once a minute, so a wave of
    /// strangers is not kept after it passed because the table stayed under `forgetAbove`.
    private var lastForgot = -TimeInterval.infinity

    /// A limiter with no one's lines counted yet.
    public init() {}

    /// How many people it keeps a bucket for (what it holds in memory).
    public var people: Int { buckets.count }

    /// Forgets everyone whose bucket is full again and who was not told to slow down in the last
    /// minute: a bot in channels that strangers pass through kept one bucket for every nick it
    /// ever heard (found by Scripts/simulate, seed 104: spam waves). Done when the table doubled
    /// since the last time, so each line pays for it only once on average, and at most a minute
    /// after the last time (found by Scripts/simulate, seed 1043: a day after a spam wave its 200
    /// strangers were still kept, the table being under the size that made it forget).
    private mutating func forgetIdle(now: TimeInterval) {
        lastForgot = now
        warned = warned.filter { now - $0.value < 60 }
        buckets = buckets.filter { !$0.value.isFull(at: now) || warned[$0.key] != nil }
        forgetAbove = max(256, 2 * buckets.count)
    }

    /// Takes a line from `person` at `at`, allowing `burst` lines at once, then `perMinute` a
    /// minute (the settings in force when the person's first line came).
    public mutating func check(_ person: String, at: Date, burst: Int, perMinute: Int) -> Verdict {
        let now = at.timeIntervalSinceReferenceDate
        if buckets.count > forgetAbove || now - lastForgot >= 60 { forgetIdle(now: now) }
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
