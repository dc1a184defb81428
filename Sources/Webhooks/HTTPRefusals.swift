import Foundation
import Logging
import Metrics

/// Why the HTTP listener turned a request or a connection away: a small fixed set, the `reason`
/// of `huddle_http_refused_total` (never text a client sent).
public enum HTTPRefusal: String, Sendable, Hashable, CaseIterable {
    /// A missing or wrong signature, token or authorization header (or digest link signature).
    case badSignature = "bad_signature"
    /// A signature seen before within the window.
    case replay
    /// A signed timestamp outside the five-minute window.
    case staleTimestamp = "stale_timestamp"
    /// A signed body that is not what the platform sends.
    case badBody = "bad_body"
    /// A path that is no route.
    case noRoute = "no_route"
    /// A method the route does not take.
    case method
    /// A body over the size limit.
    case tooLarge = "too_large"
    /// A request for a team whose webhook has no secret.
    case noSecret = "no_secret"
    /// A connection that did not send its request head or body in time (closed).
    case slowClient = "slow_client"
    /// A connection over the listener's limit of open connections (closed at once).
    case tooManyConnections = "too_many_connections"
    /// A connection with more pipelined requests waiting than the server keeps (closed).
    case tooManyPipelined = "too_many_pipelined"

    /// What the log line says was refused, in the plural.
    var summary: String {
        switch self {
        case .badSignature: "requests with a missing or wrong signature or token"
        case .replay: "replayed requests"
        case .staleTimestamp: "requests with a timestamp outside the five-minute window"
        case .badBody: "signed requests with a body the platform does not send"
        case .noRoute: "requests for no route"
        case .method: "requests with a method the route does not take"
        case .tooLarge: "requests with a body over the size limit"
        case .noSecret: "requests for a team whose webhook has no secret"
        case .slowClient: "connections that did not send their request in time (closed)"
        case .tooManyConnections: "connections over the limit of open connections (closed at once)"
        case .tooManyPipelined: "connections with too many pipelined requests (closed)"
        }
    }
}

/// Counts a listener's refusals in `huddle_http_refused_total{listener, reason}` and logs them in
/// summaries: the first of a reason at once, then at most one line a minute per reason with the
/// count since the last line. A flood of bad requests costs a counter and a line a minute.
public final class HTTPRefusals: Sendable {
    /// The listener's name in logs and in the counter (`webhooks`, `metrics`).
    public let listener: String
    let counters: [HTTPRefusal: Counter]
    let log: LogSummary<HTTPRefusal>

    /// Refusals of the listener `listener`, logged to `logger`; tests pass a clock and a metrics factory.
    public init(listener: String, logger: Logger, interval: TimeInterval = 60, now: @escaping @Sendable () -> Date = Date.init,
                metrics: (any MetricsFactory)? = nil) {
        self.listener = listener
        var counters: [HTTPRefusal: Counter] = [:]
        for reason in HTTPRefusal.allCases {
            let dimensions = [("listener", listener), ("reason", reason.rawValue)]
            counters[reason] = metrics.map { Counter(label: "huddle_http_refused_total", dimensions: dimensions, factory: $0) }
                ?? Counter(label: "huddle_http_refused_total", dimensions: dimensions)
        }
        self.counters = counters
        log = LogSummary(logger: logger, interval: interval, now: now) { reason, count, first in
            first ? "\(listener) listener refused \(reason.summary) (\(reason.rawValue)); further ones are summarised once a minute"
                : "\(listener) listener refused \(count) \(reason.summary) (\(reason.rawValue)) in the last minute"
        }
    }

    /// Counts one refusal and notes it for the log; `metadata` says what it was (team, status),
    /// never the request's own text.
    public func record(_ reason: HTTPRefusal, metadata: Logger.Metadata = [:]) {
        counters[reason]?.increment()
        log.record(reason, metadata: metadata)
    }

    /// Logs the summaries that are due.
    public func flush() { log.flush() }
}
