import Foundation
import HuddleTesting
import Logging
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
}
