import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Logging
import Testing
@testable import Webhooks

/// Digest e-mail through a real SMTP server (aiosmtpd, STARTTLS and AUTH), read back with
/// Python's `email` package.
@Suite struct MailTests {
    /// Settings for the peer; the password is read from a file of the test's own.
    func settings(_ peer: SMTPPeer, to: [String], password: String = SMTPPeer.password) throws -> EmailSettings {
        let file = try temporaryDirectory() + "/smtp-password"
        try password.write(toFile: file, atomically: true, encoding: .utf8)
        return EmailSettings(to: to.map { MailAddress(parsing: $0)! }, from: MailAddress(name: "Huddle Hotel Zuid", address: "huddle@hotel.example"),
                             smtp: SMTPSettings(url: peer.url, startTLS: .required, user: SMTPPeer.user, password: .file(file), caFile: peer.certificate))
    }

    func sender(_ data: String, _ email: EmailSettings) -> OutboxSender {
        OutboxSender.mail(client: CurlSMTPClient(), outbox: Outbox(dataDirectory: data, name: "mail-outbox"), logger: Logger(label: "mail")) { _ in (email, { try smtpPassword(of: email) }) }
    }

    func digest(team name: String) async throws -> WeeklyDigest {
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let team = TeamConfig(id: "keuken", name: name, channel: "#keuken", timeZone: zone, shifts: [])
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        try await journal.append(JournalEntry(id: "k", at: Date(timeIntervalSince1970: 1_795_500_000), team: "keuken", type: .kudos,
                                              author: Author(nick: "anna"), to: ["bob"], text: "Top geholpen bij de drukte 👍"),
                                 week: ISOWeek(parsing: "2026-W48")!)
        return try await journal.digest(for: team, week: ISOWeek(parsing: "2026-W48")!, now: Date()).0
    }

    /// The digest arrives once, over STARTTLS after AUTH, as multipart/alternative: the text view
    /// and an HTML part without SVG, scripts or images; an encoded UTF-8 subject and sender name,
    /// a Date and Message-ID that parse, no line over 78 characters.
    @Test func digestArrivesAsMultipartMail() async throws {
        let peer = try await SMTPPeer.started()
        let data = try temporaryDirectory()
        let email = try settings(peer, to: ["Monique de Vries <monique@hotel.example>", "joost@hotel.example"])
        let digest = try await digest(team: "Keuken & Bediening — Zuid")
        let date = Date(timeIntervalSince1970: 1_795_593_600)
        let message = DigestMail.message(digest, email: email, language: .nl, date: date)
        let sender = sender(data, email)
        try await sender.outbox.add(OutboxMessage(id: "d1", createdAt: date, team: "keuken", kind: "digest", body: message.rendered))
        #expect(try await sender.deliverDue(now: date) == nil)
        #expect(try await sender.outbox.pending().isEmpty)
        let received = try #require(peer.messages.first)
        #expect(peer.messages.count == 1)
        #expect(received["tls"] as? Bool == true && received["user"] as? String == "huddle")
        #expect(received["from"] as? String == "huddle@hotel.example")
        #expect(received["to"] as? [String] == ["monique@hotel.example", "joost@hotel.example"])
        #expect(received["subject"] as? String == "Weekoverzicht Keuken & Bediening — Zuid, week 48 (2026-W48)")
        #expect(received["header_from"] as? String == "Huddle Hotel Zuid <huddle@hotel.example>")
        #expect((received["header_to"] as? String)?.contains("Monique de Vries <monique@hotel.example>") == true)
        #expect(received["date"] as? String == "2026-11-25T08:00:00+00:00")
        #expect(received["message_id"] as? String == message.messageID)
        #expect(received["content_type"] as? String == "multipart/alternative")
        #expect((received["defects"] as? [String])?.isEmpty == true)
        #expect((received["max_line"] as? Int ?? 999) <= 78)
        let parts = try #require(received["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["text/plain", "text/html"])
        #expect(parts.allSatisfy { $0["charset"] as? String == "utf-8" })
        #expect(parts[0]["text"] as? String == DigestBuilder.render(digest, language: .nl, format: .text))
        let html = try #require(parts[1]["text"] as? String)
        #expect(html.contains("Top geholpen bij de drukte 👍") && html.contains("Huddles per dag"))
        for forbidden in ["<svg", "<script", "<img", "src=", "url("] { #expect(!html.contains(forbidden), "\(forbidden) in the mail") }
    }

    /// A 451 is tried again later and then delivered; a 550 and a refused login are kept in
    /// `failed/` with the server's reason.
    @Test func temporaryAndPermanentFailures() async throws {
        let peer = try await SMTPPeer.started()
        let digest = try await digest(team: "Keuken")
        let now = Date()
        func queued(_ to: String, password: String = SMTPPeer.password) async throws -> OutboxSender {
            let email = try settings(peer, to: [to], password: password)
            let sender = sender(try temporaryDirectory(), email)
            let text = DigestMail.message(digest, email: email, language: .nl, date: now).rendered
            try await sender.outbox.add(OutboxMessage(id: "m", createdAt: now, team: "keuken", kind: "digest", body: text))
            return sender
        }
        let retry = try await queued("retry@hotel.example")
        let next = try #require(try await retry.deliverDue(now: now))
        let waiting = try await retry.outbox.pending()
        #expect(waiting.count == 1 && waiting[0].message.lastError?.contains("451") == true)
        #expect(try await retry.deliverDue(now: next) == nil)
        #expect(try await retry.outbox.pending().isEmpty && peer.messages.count == 1)

        let reject = try await queued("reject@hotel.example")
        #expect(try await reject.deliverDue(now: now) == nil)
        let failed = await reject.outbox.failedMessages()
        #expect(failed.count == 1 && failed[0].message?.lastError?.contains("550") == true)

        let wrongLogin = try await queued("joost@hotel.example", password: "fout")
        #expect(try await wrongLogin.deliverDue(now: now) == nil)
        let refused = await wrongLogin.outbox.failedMessages()
        #expect(refused.count == 1 && refused[0].message?.lastError?.contains("535") == true)
        #expect(peer.messages.count == 1)
    }

    /// A group's digest arrives as mail too, with the link to its page.
    @Test func groupDigestMail() async throws {
        let peer = try await SMTPPeer.started()
        let email = try settings(peer, to: ["directie@hotel.example"])
        let team = try await digest(team: "Keuken")
        let group = GroupDigest.build(group: GroupConfig(id: "zuid", name: "Hotel Zuid", teams: ["keuken"]), digests: [team])
        let message = GroupMail.message(group, email: email, language: .nl, date: Date(), link: "https://huddle.example/group-digest/zuid/2026-W48?exp=1&sig=ab")
        let sender = sender(try temporaryDirectory(), email)
        try await sender.outbox.add(OutboxMessage(id: "g", createdAt: Date(), team: "group:zuid", kind: "digest", body: message.rendered))
        #expect(try await sender.deliverDue(now: Date()) == nil)
        let received = try #require(peer.messages.first)
        #expect(received["subject"] as? String == "Groepsoverzicht Hotel Zuid, week 48 (2026-W48)")
        let parts = try #require(received["parts"] as? [[String: Any]])
        #expect((parts[0]["text"] as? String)?.contains("Volledig overzicht: https://huddle.example/group-digest/zuid/2026-W48?exp=1&sig=ab") == true)
        #expect((parts[1]["text"] as? String)?.contains("<a href=\"https://huddle.example/group-digest/zuid/2026-W48?exp=1&amp;sig=ab\">") == true)
    }
}


/// The password a test's SMTP settings name in a file, read as the runtime's `Secrets` would.
func smtpPassword(of email: EmailSettings) throws -> String? {
    guard case .file(let path) = email.smtp.password else { return nil }
    return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
}
