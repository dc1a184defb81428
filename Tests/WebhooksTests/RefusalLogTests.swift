import Foundation
import HuddleCore
import HuddleTesting
import Logging
import Metrics
import MetricsTestKit
import Synchronization
import Testing
@testable import Webhooks

@Suite struct RefusalLogTests {
    /// A clock a test moves by hand.
    final class Clock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        func now() -> Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    /// The first event of a kind is logged at once; the ones after it within the minute make one
    /// line once the minute is over (at the next event, or at a flush), with their count; each
    /// kind has its own minute.
    @Test func summarisesOncePerInterval() {
        let (log, clock) = (CapturingLogHandler(), Clock())
        let summary = LogSummary<String>(logger: log.logger(), interval: 60, now: clock.now) { kind, count, first in
            "\(kind) \(count)\(first ? " first" : "")"
        }
        summary.record("a", metadata: ["n": "1"])
        for n in 2...100 {
            clock.advance(0.5)
            summary.record("a", metadata: ["n": "\(n)"])
        }
        summary.record("b")
        summary.flush()
        #expect(log.captured.map(\.message) == ["a 1 first", "b 1 first"])
        clock.advance(11)
        summary.record("a", metadata: ["n": "101"])
        #expect(log.captured.map(\.message) == ["a 1 first", "b 1 first", "a 100"])
        #expect(log.captured.last?.metadata["n"] == "101" && log.captured.last?.metadata["log.count"] == "100")
        clock.advance(30)
        summary.record("a")
        summary.flush()
        #expect(log.captured.count == 3)
        clock.advance(30)
        summary.flush()
        #expect(log.captured.map(\.message).last == "a 1")
        clock.advance(120)
        summary.record("a")
        #expect(log.captured.map(\.message).last == "a 1 first")
        #expect(log.captured.count == 5)
    }

    /// 500 unsigned requests to a team's route are each refused with 401 and counted in
    /// `huddle_http_refused_total{reason="bad_signature"}`, but make two log lines: the first at
    /// once, the rest as one summary a minute later, with the team and status.
    @Test func refusedRequestsAreCountedAndSummarised() async throws {
        let (log, clock, metrics) = (CapturingLogHandler(), Clock(), TestMetrics())
        let refusals = HTTPRefusals(listener: "webhooks", logger: log.logger(), now: clock.now, metrics: metrics)
        let webhook = TeamWebhook(platform: .generic, url: .environment("URL"), secret: .environment("SECRET"))
        let route = WebhookRoute(team: "receptie", webhook: webhook, channel: "#receptie", url: "http://127.0.0.1:1/", secrets: ["s3cret"])
        let gates = ["receptie": InboundGate(platform: .generic, secrets: ["s3cret"])]
        let request = HTTPRequest(method: "POST", path: "/generic/receptie", headers: ["content-type": "application/json"],
                                  body: Data(#"{"user_id":"u1","user_name":"ana","text":"hallo"}"#.utf8))
        var statuses: Set<Int> = []
        for _ in 0..<500 {
            clock.advance(0.05)
            let reply = await WebhookHub.route(request, routes: ["receptie": route], gates: gates, handler: { _ in nil }, now: clock.now(),
                                               refusals: refusals)
            statuses.insert(reply.status)
        }
        #expect(statuses == [401])
        #expect(log.captured.count == 1)
        clock.advance(60)
        refusals.flush()
        #expect(log.captured.count == 2)
        #expect(log.captured.last?.message.contains("refused 499 requests with a missing or wrong signature") == true)
        #expect(log.captured.last?.metadata["team.id"] == "receptie" && log.captured.last?.metadata["http.status"] == "401")
        let counter = try metrics.expectCounter("huddle_http_refused_total", [("listener", "webhooks"), ("reason", "bad_signature")])
        #expect(counter.totalValue == 500)
        // A path that is no route is its own reason, and never text from the request.
        _ = await WebhookHub.route(HTTPRequest(method: "GET", path: "/wp-admin/x", headers: [:], body: Data()), routes: ["receptie": route],
                                   gates: gates, handler: { _ in nil }, now: clock.now(), refusals: refusals)
        #expect(try metrics.expectCounter("huddle_http_refused_total", [("listener", "webhooks"), ("reason", "no_route")]).totalValue == 1)
    }
}
