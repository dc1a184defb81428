import Foundation
import HuddleStore
import HuddleTesting
import IRCProtocol
import Logging
import Testing
import Webhooks
@testable import HuddleBot
@testable import HuddleCore

/// The personal huddle form against a real ngircd and the bot's own listener: anna asks for her
/// link privately, Debian's headless Chromium (at a phone's size) fills it in and sends it, and
/// the entries are stored once, as anna's, confirmed on the page and in chat. Another person's
/// link, an expired or forged one, a closed huddle and a second send of the same page are refused.
@Suite struct FormIntegrationTests {
    /// The value of a form page's hidden field.
    static func hidden(_ name: String, in page: String) -> String {
        guard let start = page.range(of: "name=\"\(name)\" value=\"") else { return "" }
        return String(page[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test func phoneForm() async throws {
        let server = try await NgircdServer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let (clock, shiftStart) = OffsetClock.beforeShift(lead: 3)
        var shift = ShiftConfig(name: "ochtend", start: LocalClock.time(shiftStart, in: zone), window: 30 * 60)
        shift.questions = [LocalizedText(nl: "Wie verwachten we vandaag?", en: "Who do we expect today?"),
                           LocalizedText(nl: "Hoe druk voelt het?", en: "How busy does it feel?")]
        shift.quickChecks = [2: .scale]
        var team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone, shifts: [shift])
        team.digest.recap = false
        let port = try NgircdServer.freePort()
        var config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone,
                                  irc: IRCSettings(host: "127.0.0.1", port: server.port, nick: "huddle"),
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: port, maxBodyBytes: 65_536), teams: [team])
        config.web = WebSettings(publicURL: "http://127.0.0.1:\(port)")
        config.chat.nickIdentity = .true
        // bob took part lately, so the form offers him for a compliment.
        let journal = FileJournal(dataDirectory: data)
        try await journal.append(JournalEntry(id: "b", at: shiftStart.addingTimeInterval(-86_400), team: team.id, type: .gain, author: Author(nick: "bob"),
                                              text: "Koffie"), week: ISOWeek(containing: shiftStart.addingTimeInterval(-86_400), in: zone))
        let logger = Logger(label: "bot")
        let directory = DataDirectory(data)
        let secrets = Secrets(environment: [:])
        let irc = try #require(try BotAssembly.ircRoute(config, secrets: secrets, clock: clock, logger: logger))
        let webhooks = try BotAssembly.webhookSide(config, data: directory, secrets: secrets, clock: clock, logger: logger)
        let bot = HuddleBot(config: config, routes: [irc], companions: webhooks.hub.map { [$0] } ?? [], data: directory,
                            ledger: try directory.openLedger(), secrets: secrets, clock: clock, logger: logger)
        let base = "http://127.0.0.1:\(port)"
        try await withRunningServices(bot.services, logger: logger) {
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                try await anna.join("#receptie", withBot: "huddle")
                try await anna.waitFor(timeout: 30) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("Tussendoor") == true }
                try await anna.send("PRIVMSG huddle :!formulier")
                let sent = try await anna.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.first == "anna" }
                let text = try #require(sent.params.last)
                #expect(text.hasPrefix("Je persoonlijke huddleformulier (alleen voor jou, tot "))
                let link = try #require(text.split(separator: " ").last.map(String.init))
                #expect(link.hasPrefix("\(base)/form/receptie/ochtend/"))

                // A real browser at a phone's size fills it in and sends it.
                let folder = NgircdServer.repositoryRoot.appendingPathComponent("data/sample").path
                let browser = try await runProgram(NgircdServer.repositoryRoot.appendingPathComponent("data/pyenv/bin/python").path,
                                                   [NgircdServer.repositoryRoot.appendingPathComponent("Scripts/peers/form_browser.py").path, link, folder],
                                                   standardError: false)
                let result = jsonObject(browser.output)
                let notices = result["notices"] as? [String] ?? []
                #expect(browser.status == 0 && notices.count == 4, "\(browser.output)")
                #expect(notices.first?.hasPrefix("Genoteerd: je antwoord op vraag 1.") == true && notices.contains("Genoteerd: je compliment voor bob."))
                // As in chat: each confirmation is also a notice to anna.
                try await anna.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last == "Genoteerd: je compliment voor bob." }

                // The same page sent twice (a double tap) stores it once.
                let page = try await CurlCommand.get(link)
                #expect(page.status == 200 && page.body.contains("Wie verwachten we vandaag?") && page.body.contains("value=\"bob\""))
                func hidden(_ name: String) -> String { Self.hidden(name, in: page.body) }
                let body = Data("token=\(hidden("token"))&nonce=\(hidden("nonce"))&q1=Twee+groepen".utf8)
                let form = ["Content-Type": "application/x-www-form-urlencoded"]
                let first = try await CurlCommand.post(link, headers: form, body: body)
                let again = try await CurlCommand.post(link, headers: form, body: body)
                #expect(first.body.contains("Genoteerd: je antwoord op vraag 1.") && again.body.contains(Phrase.form(.alreadySent).text(.nl)))
                // A post without the page's token, from another site, is refused.
                let forged = try await CurlCommand.post(link, headers: form, body: Data("token=00&nonce=x&q1=Nep".utf8))
                let crossSite = try await CurlCommand.post(link, headers: form.merging(["Origin": "https://elders.example"]) { $1 },
                                                           body: Data("token=\(hidden("token"))&nonce=y&q1=Nep".utf8))
                #expect(forged.status == 403 && crossSite.status == 403)

                // Another person's link (the name changed), a forged signature, an expired link, a closed huddle.
                let key = try directory.linkKey()
                let url = try #require(URLComponents(string: link))
                let signed = try #require(FormLink.read(path: url.path, query: url.percentEncodedQuery ?? "", key: key, now: clock.now()))
                var expired = signed
                expired.expires = Int(clock.now().timeIntervalSince1970) - 1
                var closed = signed
                closed.huddle.day = closed.huddle.day.adding(days: -1)
                for bad in [link.replacingOccurrences(of: "n=anna", with: "n=bob"), link.replacingOccurrences(of: "sig=", with: "sig=0"),
                            "\(base)\(expired.path)?\(expired.query(key: key))"] {
                    let answer = try await CurlCommand.get(bad)
                    #expect(answer.status == 403 && answer.body.contains(Phrase.form(.refused).text(.nl)), "\(bad)")
                }
                let gone = try await CurlCommand.get("\(base)\(closed.path)?\(closed.query(key: key))")
                #expect(gone.status == 410 && gone.body.contains(Phrase.form(.closed).text(.nl)))
            }
        }
        let week = ISOWeek(containing: shiftStart, in: zone)
        let entries = try await journal.entries(team: team.id, week: week).entries.filter { $0.author?.nick == "anna" }
        #expect(entries.map(\.type) == [.answer, .answer, .kudos, .gain, .answer])
        #expect(entries.allSatisfy { $0.via == "form" } && entries.filter { $0.type == .answer }.map(\.question) == [1, 2, 1])
        let digest = DigestBuilder.build(team: team, week: week, entries: try await journal.entries(team: team.id, week: week).entries)
        #expect(digest.health?.answersByChannel == ["form": 3])
        #expect(DigestBuilder.text(digest, language: .nl).contains("; antwoorden 3 via het formulier"))
    }
}

extension FormIntegrationTests {
    /// On Slack, `/huddle` alone answers (only to its sender) with the personal link; the form sent
    /// from it stores the answer as the Slack user, and nothing is said in the channel for it.
    @Test func slackSlashCommandGivesTheForm() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let (clock, shiftStart) = OffsetClock.beforeShift(lead: 3)
        var bar = TeamConfig(id: "bar", name: "Bar", channel: "#bar", timeZone: zone,
                             shifts: [ShiftConfig(name: "avond", start: LocalClock.time(shiftStart, in: zone), window: 20 * 60)])
        bar.webhook = TeamWebhook(platform: .slack, url: .environment("BAR_URL"), secret: .environment("BAR_SECRET"))
        let port = try NgircdServer.freePort()
        var config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: port, maxBodyBytes: 4096), teams: [bar])
        config.web = WebSettings(publicURL: "http://127.0.0.1:\(port)")
        let secrets = Secrets(environment: ["BAR_URL": peer.url("/bar"), "BAR_SECRET": "slack-secret"])
        TestLogs.secret("slack-secret")
        let logger = Logger(label: "bot")
        let directory = DataDirectory(data)
        let webhooks = try BotAssembly.webhookSide(config, data: directory, secrets: secrets, clock: clock, logger: logger)
        let bot = HuddleBot(config: config, routes: webhooks.routes, companions: webhooks.hub.map { [$0] } ?? [], data: directory,
                            ledger: try directory.openLedger(), secrets: secrets, clock: clock, logger: logger)
        try await withRunningServices(bot.services, logger: logger) {
            try await eventually(30, "the prompt") { peer.requests.contains { $0.path == "/bar" } }
            let body = "user_id=U1&user_name=carla&command=%2Fhuddle&text="
            let timestamp = Int(Date().timeIntervalSince1970)
            let signature = Hex.encode(Signatures.hmacSHA256(key: Array("slack-secret".utf8), message: Array("v0:\(timestamp):\(body)".utf8)))
            let answer = try await CurlCommand.post("http://127.0.0.1:\(port)/slack/bar",
                                                    headers: ["Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": "\(timestamp)",
                                                              "X-Slack-Signature": "v0=\(signature)"], body: Data(body.utf8))
            let reply = jsonObject(answer.body)
            let text = try #require(reply["text"] as? String)
            #expect(reply["response_type"] as? String != "in_channel" && text.hasPrefix("Je persoonlijke huddleformulier"))
            // Slack's text escapes `&`; Slack shows (and links) it as `&`.
            let link = try #require(text.split(separator: " ").last.map { $0.replacingOccurrences(of: "&amp;", with: "&") })
            #expect(link.contains("a=U1"))
            let page = try await CurlCommand.get(link)
            func hidden(_ name: String) -> String { Self.hidden(name, in: page.body) }
            let sent = try await CurlCommand.post(link, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                  body: Data("token=\(hidden("token"))&nonce=\(hidden("nonce"))&q1=Een+vrijgezellenfeest".utf8))
            #expect(sent.body.contains("Genoteerd: je antwoord op vraag 1."))
        }
        let entries = try await FileJournal(dataDirectory: data).entries(team: "bar", week: ISOWeek(containing: shiftStart, in: zone)).entries
        #expect(entries.filter { $0.type == .answer }.map { $0.author } == [Author(nick: "carla", account: "U1")])
        // The confirmation went to the page, not into the channel with a mention.
        #expect(!peer.requests.contains { $0.body.contains("Genoteerd") })
    }
}
