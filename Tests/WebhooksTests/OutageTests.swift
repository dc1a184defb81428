import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Logging
import Synchronization
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

    /// The mail server down for an hour of simulated time (nothing listens where it should be),
    /// with a digest written every ten minutes: the mail outbox keeps them, and once the server is
    /// back they arrive in order, each once, read back with Python's `email` package.
    @Test func mailServerDownForAnHour() async throws {
        let peer = try await SMTPPeer.started()
        let data = try temporaryDirectory()
        let closedPort = try await offThePool { () -> Int in
            let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(probe) }
            var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")),
                                      sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
            return Int(UInt16(bigEndian: address.sin_port))
        }
        let passwordFile = data + "/smtp-password"
        try SMTPPeer.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let url = Shared("smtp://127.0.0.1:\(closedPort)")
        @Sendable func settings() -> EmailSettings {
            EmailSettings(to: [MailAddress(address: "leiding@hotel.example")], from: MailAddress(address: "huddle@hotel.example"),
                          smtp: SMTPSettings(url: url.value.withLock { $0 }, user: SMTPPeer.user, password: .file(passwordFile),
                                             caFile: peer.certificate))
        }
        let sender = OutboxSender.mail(client: CurlSMTPClient(), outbox: Outbox(dataDirectory: data, name: "mail-outbox"),
                                       logger: Logger(label: "mail")) { _ in
            let email = settings()
            return (email, { try smtpPassword(of: email) })
        }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var now = start, next: Date?
        var subjects: [String] = []
        while now < start.addingTimeInterval(3600) {
            if now.timeIntervalSince(start) >= Double(subjects.count) * 600 && subjects.count < 6 {
                let subject = "Weekoverzicht \(subjects.count + 1)"
                let mail = MailMessage(from: settings().from, to: settings().to, subject: subject, text: "tekst", html: "<p>tekst</p>", date: now)
                try await sender.outbox.add(OutboxMessage(id: "d\(subjects.count)", createdAt: now, team: "keuken", kind: "digest", body: mail.rendered))
                subjects.append(subject)
            }
            next = try await sender.deliverDue(now: now) ?? next
            let nextWrite = subjects.count < 6 ? start.addingTimeInterval(Double(subjects.count) * 600) : .distantFuture
            now = max(now.addingTimeInterval(0.001), min(next ?? .distantFuture, nextWrite, start.addingTimeInterval(3600)))
        }
        let kept = try await sender.outbox.pending().count
        let tries = try await sender.outbox.pending().first?.message.attempts ?? 0
        url.value.withLock { $0 = peer.url }
        let back = now
        for _ in 0..<10 where try await !sender.outbox.pending().isEmpty {
            now = max(now, try await sender.outbox.pending().first?.message.nextAttemptAt ?? now)
            _ = try await sender.deliverDue(now: now)
        }
        let arrived = peer.messages.compactMap { $0["subject"] as? String }
        #expect(kept == 6 && arrived == subjects)
        let left = try await sender.outbox.pending().count + sender.outbox.failures().count
        #expect(left == 0)
        print("FIGURE mail server down 60 min (simulated time): \(subjects.count) digests written, \(kept) kept, "
              + "\(tries) tries of the oldest while down, \(arrived.count) arrived in order \(Int(now.timeIntervalSince(back))) s after it came back, "
              + "\(subjects.count - Set(arrived).intersection(subjects).count) lost, \(arrived.count - Set(arrived).count) twice")
    }
}

/// A value tests change while a sender reads it.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}
