import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Logging
import Testing
@testable import Webhooks

@Suite struct OutboxTests {
    func message(_ id: String, team: String = "receptie", at: Date) -> OutboxMessage {
        OutboxMessage(id: id, createdAt: at, team: team, kind: "prompt", body: #"{"text":"bericht \#(id)"}"#)
    }

    /// Delivered messages leave the outbox; the platform gets them in order.
    @Test func deliversInOrder() async throws {
        let peer = try await WebhookPeer.started()
        let outbox = Outbox(dataDirectory: try temporaryDirectory())
        let now = Date()
        for index in 1...3 { try await outbox.add(message("m\(index)", at: now.addingTimeInterval(Double(index) / 1000))) }
        let sender = OutboxSender(client: CurlHTTPClient(), outbox: outbox, logger: Logger(label: "test")) { _ in peer.url("/ok") }
        #expect(try await sender.deliverDue(now: now.addingTimeInterval(1)) == nil)
        #expect(try await outbox.pending().isEmpty)
        #expect(peer.requests.map(\.body) == [#"{"text":"bericht m1"}"#, #"{"text":"bericht m2"}"#, #"{"text":"bericht m3"}"#])
    }

    /// A 429 with Retry-After holds the message (and those after it) until then; then all go, once
    /// each, every try with the message's own Idempotency-Key.
    @Test func honoursRetryAfter() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let outbox = Outbox(dataDirectory: data)
        let now = Date()
        try await outbox.add(message("a", at: now))
        try await outbox.add(message("b", at: now.addingTimeInterval(0.001)))
        let sender = OutboxSender(client: CurlHTTPClient(), outbox: outbox, logger: Logger(label: "test")) { _ in peer.url("/ratelimit") }
        let next = try #require(try await sender.deliverDue(now: now.addingTimeInterval(0.01)))
        #expect(abs(next.timeIntervalSince(now) - 1.01) < 0.01)
        #expect(peer.requests.count == 1)
        let pending = try await outbox.pending()
        #expect(pending.map(\.message.id) == ["a", "b"] && pending[0].message.attempts == 1 && pending[0].message.lastError?.contains("429") == true)
        // After a restart the outbox is read from disk again, in order.
        let restarted = OutboxSender(client: CurlHTTPClient(), outbox: Outbox(dataDirectory: data), logger: Logger(label: "test")) { _ in
            peer.url("/ratelimit")
        }
        _ = try await restarted.deliverDue(now: now.addingTimeInterval(1.5))
        _ = try await restarted.deliverDue(now: now.addingTimeInterval(3))
        #expect(try await outbox.pending().isEmpty)
        #expect(peer.requests.map(\.body).filter { $0.contains("bericht a") }.count == 3)
        #expect(peer.requests.map(\.body).filter { $0.contains("bericht b") }.count == 1)
        // Every try of a message, before and after the restart, carries its id as the same key.
        #expect(peer.idempotencyKeys == ["a", "a", "a", "b"])
    }

    /// A 5xx or an unreachable endpoint is retried with growing delays; a 400 is kept in failed/ with the reason.
    @Test func failures() async throws {
        let peer = try await WebhookPeer.started()
        let outbox = Outbox(dataDirectory: try temporaryDirectory())
        let now = Date()
        try await outbox.add(message("e", team: "keuken", at: now))
        try await outbox.add(message("x", team: "receptie", at: now.addingTimeInterval(0.001)))
        let sender = OutboxSender(client: CurlHTTPClient(), outbox: outbox, logger: Logger(label: "test")) { message in
            message.team == "keuken" ? peer.url("/error") : peer.url("/bad")
        }
        let next = try #require(try await sender.deliverDue(now: now.addingTimeInterval(0.01)))
        #expect(next.timeIntervalSince(now) >= 1.6 && next.timeIntervalSince(now) <= 2.5)
        let pending = try await outbox.pending()
        #expect(pending.map(\.message.id) == ["e"] && pending[0].message.lastError?.hasPrefix("HTTP 500") == true)
        #expect(await outbox.failures().count == 1)
        let failed = try String(contentsOfFile: "\(outbox.directory)/failed/\(await outbox.failures()[0])", encoding: .utf8)
        #expect(failed.contains("invalid_payload"))
        #expect(sender.delay(attempts: 5) <= 32 * 1.2 && sender.delay(attempts: 30) <= 60 * 1.2 && sender.delay(attempts: 30) >= 60 * 0.8)
        #expect(OutboxSender.retryAfter(HTTPResponse(status: 429, headers: [:], body: Data(#"{"retry_after": 1.5}"#.utf8))) == 1.5)
    }

    /// A damaged outbox file is moved to failed/ as it is; the messages around it still go out.
    @Test func damagedFile() async throws {
        let peer = try await WebhookPeer.started()
        let outbox = Outbox(dataDirectory: try temporaryDirectory())
        let now = Date()
        try await outbox.add(message("a", at: now))
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: "\(outbox.directory)/000000000000001-000000-broken.json"))
        let sender = OutboxSender(client: CurlHTTPClient(), outbox: outbox, logger: Logger(label: "test")) { _ in peer.url("/ok") }
        _ = try await sender.deliverDue(now: now.addingTimeInterval(1))
        #expect(try await outbox.pending().isEmpty && peer.requests.count == 1)
        #expect(await outbox.failures() == ["000000000000001-000000-broken.json"])
        #expect(try String(contentsOfFile: "\(outbox.directory)/failed/000000000000001-000000-broken.json", encoding: .utf8) == "{ not json")
    }

    /// A platform that hangs holds up only its own team: another team's message goes out meanwhile.
    @Test func teamsDoNotWaitForEachOther() async throws {
        let peer = try await WebhookPeer.started()
        let outbox = Outbox(dataDirectory: try temporaryDirectory())
        let now = Date()
        try await outbox.add(message("stuck", team: "keuken", at: now))
        try await outbox.add(message("free", team: "receptie", at: now.addingTimeInterval(0.001)))
        // The kitchen's platform never answers (until the test ends); the front desk's is the peer.
        let client = CurlHTTPClient()
        let sender = OutboxSender(outbox: outbox, logger: Logger(label: "test"), what: "webhook") { message, now, fallback in
            if message.team == "keuken" {
                try? await Task.sleep(for: .seconds(300))
                return .retry(at: now.addingTimeInterval(fallback), reason: "no answer")
            }
            return await OutboxSender.post(message, url: peer.url("/ok"), client: client, now: now, fallback: fallback)
        }
        let delivery = Task { try await sender.deliverDue(now: now.addingTimeInterval(1)) }
        defer { delivery.cancel() }
        // A wait, not a speed check: a loaded machine may take a while to send the free one.
        let deadline = Date().addingTimeInterval(60)
        while try await outbox.pending().map(\.message.id) != ["stuck"], Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let pending = try await outbox.pending()
        #expect(pending.map(\.message.id) == ["stuck"] && pending[0].message.attempts == 0)
        #expect(peer.requests.map(\.path).contains("/ok"))
    }

    /// A refused message can be put back (after fixing the URL) and then goes out; unreadable files stay aside.
    @Test func requeueRefused() async throws {
        let peer = try await WebhookPeer.started()
        let outbox = Outbox(dataDirectory: try temporaryDirectory())
        let now = Date()
        try await outbox.add(message("r", at: now))
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: "\(outbox.directory)/000000000000001-000000-broken.json"))
        let refusing = OutboxSender(client: CurlHTTPClient(), outbox: outbox, logger: Logger(label: "test")) { _ in peer.url("/bad") }
        _ = try await refusing.deliverDue(now: now.addingTimeInterval(1))
        #expect(await outbox.failedMessages().map { $0.message?.id } == [nil, "r"])
        #expect(try await outbox.requeueFailed(now: now.addingTimeInterval(2)).count == 1)
        let pending = try await outbox.pending()
        #expect(pending.map(\.message.id) == ["r"] && pending[0].message.attempts == 0 && pending[0].message.lastError == nil)
        let accepting = OutboxSender(client: CurlHTTPClient(), outbox: outbox, logger: Logger(label: "test")) { _ in peer.url("/ok") }
        _ = try await accepting.deliverDue(now: now.addingTimeInterval(3))
        #expect(try await outbox.pending().isEmpty)
        #expect(await outbox.failures() == ["000000000000001-000000-broken.json"])
        #expect(peer.requests.map(\.path) == ["/bad", "/ok"])
    }
}
