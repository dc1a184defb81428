import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Logging
import Testing
@testable import Webhooks

@Suite struct OutageTests {
    /// A platform down for an hour of simulated time (503 to every try), with a message written
    /// every five minutes and the bot restarted halfway: the outbox keeps every message, tries no
    /// more often than its backoff allows, and once the platform is back delivers all of them in
    /// order, each once. `Scripts/faults` prints the figure line.
    @Test func platformDownForAnHour() async throws {
        let peer = try await WebhookPeer.started()
        peer.setDown(true)
        let data = try temporaryDirectory()
        let logger = Logger(label: "outage")
        func sender() -> OutboxSender {
            OutboxSender(client: CurlHTTPClient(), outbox: Outbox(dataDirectory: data), logger: logger) { _ in peer.url("/outage") }
        }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let hour: TimeInterval = 3600
        var current = sender()
        var now = start
        var next: Date?
        var written: [String] = []
        var restarted = false
        // Time moves from one event to the next: a message written, a try due, the restart.
        while now < start.addingTimeInterval(hour) {
            let elapsed = now.timeIntervalSince(start)
            if elapsed >= Double(written.count) * 300 && written.count < 12 {
                let text = "bericht \(written.count + 1)"
                try await current.outbox.add(OutboxMessage(id: "m\(written.count + 1)", createdAt: now, team: "keuken", kind: "post",
                                                           body: #"{"text":"\#(text)"}"#))
                written.append(text)
            }
            if !restarted && elapsed >= hour / 2 {
                current = sender()
                restarted = true
            }
            next = try await current.deliverDue(now: now) ?? next
            let nextWrite = written.count < 12 ? start.addingTimeInterval(Double(written.count) * 300) : .distantFuture
            let nextRestart = restarted ? Date.distantFuture : start.addingTimeInterval(hour / 2)
            now = max(now.addingTimeInterval(0.001), min(next ?? .distantFuture, nextWrite, nextRestart, start.addingTimeInterval(hour)))
        }
        let triesWhileDown = peer.requests.count
        let pendingAtEnd = try await current.outbox.pending().count
        peer.setDown(false)
        let back = now
        var rounds = 0
        while try await !current.outbox.pending().isEmpty && rounds < 10 {
            now = max(now, try await current.outbox.pending().first?.message.nextAttemptAt ?? now)
            _ = try await current.deliverDue(now: now)
            rounds += 1
        }
        let delivered = peer.requests.dropFirst(triesWhileDown).map { $0.body }
        let expected = written.map { #"{"text":"\#($0)"}"# }
        #expect(pendingAtEnd == 12)
        #expect(delivered == expected)
        let left = try await current.outbox.pending().count + current.outbox.failures().count
        #expect(left == 0)
        // The backoff reaches a minute: about one try a minute for the hour, never a storm.
        #expect(triesWhileDown >= 50 && triesWhileDown <= 90)
        print("FIGURE webhook platform down 60 min (simulated time, restart at 30 min): \(written.count) messages written, "
              + "\(pendingAtEnd) kept, \(triesWhileDown) tries while down (backoff 2 s doubling to 60 s), "
              + "\(delivered.count) delivered in order \(Int(now.timeIntervalSince(back))) s after it came back, "
              + "\(expected.count - Set(delivered).intersection(expected).count) lost, \(delivered.count - Set(delivered).count) twice")
    }
}
