import Foundation
@testable import HuddleBot
import HuddleCore
import HuddleStore
import HuddleTesting
import Logging
import Testing
import Webhooks

/// A webhook platform cannot write to one person: an action's reminder waits for its owner's next
/// line that only they see (a slash command), and never goes into an answer the channel sees; an
/// urgent report goes through the leaders' webhook.
@Suite struct WebhookReminderTests {
    @Test func reminderOnlyInAPrivateAnswer() async throws {
        let peer = try await WebhookPeer.started()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        var keuken = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", timeZone: zone,
                                shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, window: 15 * 60)])
        keuken.webhook = TeamWebhook(platform: .generic, url: .environment("KEUKEN_URL"), secret: .environment("KEUKEN_KEY"))
        keuken.webhook?.leadersURL = .environment("KEUKEN_LEADERS")
        keuken.digest.recap = false
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: try temporaryDirectory(), language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: 0), teams: [keuken])
        let environment = ["KEUKEN_URL": peer.url("/keuken"), "KEUKEN_KEY": "generic-key", "KEUKEN_LEADERS": peer.url("/leiding")]
        let logger = Logger(label: "bot")
        let (hub, transports) = try WebhookChatTransport.make(config: config, data: DataDirectory(config.dataDirectory),
                                                              secrets: Secrets(environment: environment), clock: SystemClock(), logger: logger)
        let bot = HuddleBot(config: config, routes: transports.map { ($0, [$0.team.id]) }, journal: FileJournal(dataDirectory: config.dataDirectory),
                            ledger: try FileLedger(dataDirectory: config.dataDirectory), digests: DigestFiles(dataDirectory: config.dataDirectory),
                            clock: SystemClock(), logger: logger)
        try await withRunningServices(bot.services + [hub], logger: logger) {
            let port = try await hub.server!.port()
            var stamp = Int(Date().timeIntervalSince1970)
            func say(_ text: String, privately: Bool) async throws -> [String] {
                stamp += 1
                let body = String(decoding: try JSONSerialization.data(withJSONObject: [
                    "user_id": "u-bob", "user_name": "bob", "text": text, "private": privately] as [String: Any]), as: UTF8.self)
                let signature = Hex.encode(Signatures.hmacSHA256(key: Array("generic-key".utf8), message: Array("\(stamp).\(body)".utf8)))
                let answer = try await CurlCommand.post("http://127.0.0.1:\(port)/generic/keuken", headers: [
                    "Content-Type": "application/json", "X-Huddle-Timestamp": "\(stamp)", "X-Huddle-Signature": "sha256=\(signature)"],
                    body: Data(body.utf8))
                #expect(answer.status == 200)
                let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
                return object?["replies"] as? [String] ?? []
            }
            #expect(try await say("!actie Menukaart drukken vandaag", privately: false).first?.hasPrefix("Genoteerd: actie 1, tot ") == true)
            // Today's huddle opens (at its time, as the scheduler sees it) with the action; bob is not told in the channel.
            let today = CalendarDay(Date(), in: zone)
            await SchedulerService(bot: bot).tick(now: today.instant(at: LocalTime(hour: 7, minute: 0)!, in: zone))
            let reminder = "Herinnering: actie 1 staat voor vandaag: Menukaart drukken. Klaar? Zeg !klaar 1."
            #expect(try await say("!acties", privately: false).contains(reminder) == false)
            #expect(try await say("!acties", privately: true).first == reminder)
            #expect(try await say("!acties", privately: true).contains(reminder) == false)
            let posted = peer.requests.filter { $0.path == "/keuken" }.map(\.body)
            #expect(posted.contains { $0.contains("Acties: 1 Menukaart drukken (vandaag)") })
            #expect(!posted.contains { $0.contains("Herinnering") })
            // An urgent report goes to the leaders' webhook at once, not to the team's channel.
            #expect(try await say("!zorg! Gaslucht in de keuken", privately: false) == ["Genoteerd en meteen doorgezet naar de leiding (melding 1)."])
            let deadline = Date().addingTimeInterval(20)
            while !peer.requests.contains(where: { $0.path == "/leiding" }), Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(peer.requests.filter { $0.path == "/leiding" }.map(\.body).contains { $0.contains("melding 1 van bob: Gaslucht in de keuken") })
            #expect(!peer.requests.filter { $0.path == "/keuken" }.contains { $0.body.contains("Gaslucht") })
        }
    }
}
