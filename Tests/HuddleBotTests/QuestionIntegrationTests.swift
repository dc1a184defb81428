import Foundation
import HuddleStore
import HuddleTesting
import IRCProtocol
import Logging
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// A front desk on a real IRC server (ngircd) asks a kitchen on Mattermost (Python's http.server
/// as its incoming webhook, curl as Mattermost's outgoing webhook): the question reaches the
/// kitchen's channel, the kitchen's answer comes back to the asker privately and to the desk.
@Suite struct QuestionIntegrationTests {
    @Test func frontDeskAsksWebhookKitchen() async throws {
        let server = try await NgircdServer.started()
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let receptie = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone, shifts: [])
        var keuken = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", timeZone: zone, shifts: [])
        keuken.webhook = TeamWebhook(platform: .mattermost, url: .environment("KEUKEN_URL"), secret: .environment("KEUKEN_TOKEN"))
        var config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone,
                                  irc: IRCSettings(host: "127.0.0.1", port: server.port, nick: "huddle"),
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: 0, maxBodyBytes: 65_536), teams: [receptie, keuken])
        config.chat.nickIdentity = .true
        config.ask.pairs = [["receptie", "keuken"]]
        let secrets = Secrets(environment: ["KEUKEN_URL": peer.url("/keuken"), "KEUKEN_TOKEN": "hook-token"])
        TestLogs.secret("hook-token")
        let logger = Logger(label: "bot")
        let directory = DataDirectory(data)
        let irc = try #require(try BotAssembly.ircRoute(config, secrets: secrets, clock: SystemClock(), logger: logger))
        let webhooks = try BotAssembly.webhookSide(config, data: directory, secrets: secrets, clock: SystemClock(), logger: logger)
        let bot = HuddleBot(config: config, routes: [irc] + webhooks.routes, companions: webhooks.hub.map { [$0] } ?? [], data: directory,
                            ledger: try directory.openLedger(), secrets: secrets, clock: SystemClock(), logger: logger)
        try await withRunningServices(bot.services, logger: logger) {
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                try await anna.join("#receptie", withBot: "huddle")
                try await anna.send("PRIVMSG #receptie :!vraag keuken Is de soep vandaag glutenvrij? Gast met coeliakie aan de balie")
                let ack = try await anna.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.first == "anna" }
                #expect(ack.params.last == "Vraag #1 gesteld aan Keuken; hun antwoord komt hier en privé bij je.")
                try await eventually(30, "the question in the kitchen") { peer.requests.contains { $0.path == "/keuken" } }
                let posted = try #require(peer.requests.first { $0.path == "/keuken" }.flatMap { jsonObject($0.body)["text"] as? String })
                #expect(posted.hasPrefix("❓ Vraag #1 van Receptie (anna): Is de soep vandaag glutenvrij?"))

                // The kitchen answers through Mattermost's outgoing webhook; the answer of the
                // request is the confirmation, the answer itself goes to anna and the desk.
                let port = try await #require(bot.routes.compactMap { $0.transport as? WebhookChatTransport }.first?.hub.server).port()
                var form = "token=hook-token&user_id=u-bob&user_name=bob&post_id=p1&text="
                form += "!antwoord #1 Ja, zonder de croutons".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let reply = try await CurlCommand.post("http://127.0.0.1:\(port)/mattermost/keuken",
                                                       headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
                #expect(jsonObject(reply.body)["text"] as? String == "Antwoord op vraag #1 doorgegeven aan Receptie.")
                // The question is quoted cut to 60 characters.
                let answer = "💬 Keuken (bob) antwoordt op vraag #1 “Is de soep vandaag glutenvrij? Gast met coeliakie aan de ba…”: Ja, zonder de croutons"
                let privately = try await anna.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.first == "anna" }
                let inChannel = try await anna.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.first == "#receptie" }
                #expect(privately.params.last == answer, "\(privately.params.last ?? "")")
                #expect(inChannel.params.last == answer)
            }
        }
        let entries = try await FileJournal(dataDirectory: data).history(of: keuken, need: .all, at: Date()) { _ in }.entries
        #expect(entries.map(\.type) == [.question, .questionAnswered])
    }
}
