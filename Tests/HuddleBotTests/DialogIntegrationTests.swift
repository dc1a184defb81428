import Foundation
import HuddleStore
import HuddleTesting
import Logging
import Testing
import Webhooks
@testable import HuddleBot
@testable import HuddleCore

/// The platforms' own dialogs of the open huddle, through the bot's listener, with Python's
/// http.server standing in for Slack's Web API and a Mattermost server: `/huddle` alone opens a
/// Discord modal, a Slack view (`views.open` with the bot token) or a Mattermost dialog
/// (`dialogs/open`); each submission is stored once as the person's entries, `via: dialog`.
@Suite struct DialogIntegrationTests {
    @Test func dialogsOnEveryPlatform() async throws {
        let peer = try await WebhookPeer.started()
        let signer = try await Ed25519Signer.make()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let (clock, shiftStart) = OffsetClock.beforeShift(lead: 3)
        func team(_ id: String, _ platform: WebhookPlatform) -> TeamConfig {
            var team = TeamConfig(id: id, name: id.capitalized, channel: "#\(id)", timeZone: zone,
                                  shifts: [ShiftConfig(name: "avond", start: LocalClock.time(shiftStart, in: zone), window: 20 * 60)])
            team.webhook = TeamWebhook(platform: platform, url: .environment("\(id.uppercased())_URL"), secret: .environment("\(id.uppercased())_SECRET"))
            if platform != .discord {
                team.webhook?.botToken = .environment("\(id.uppercased())_BOT")
                team.webhook?.apiURL = platform == .slack ? peer.url("/api") : peer.url("")
            }
            return team
        }
        let teams = [team("bar", .slack), team("keuken", .mattermost), team("zaal", .discord)]
        let port = try NgircdServer.freePort()
        var config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: port, maxBodyBytes: 65_536), teams: teams)
        config.web = WebSettings(publicURL: "http://127.0.0.1:\(port)")
        let environment = ["BAR_URL": peer.url("/bar"), "BAR_SECRET": "slack-secret", "BAR_BOT": "xoxb-test",
                           "KEUKEN_URL": peer.url("/hooks/keuken"), "KEUKEN_SECRET": "slash-token", "KEUKEN_BOT": "mm-bot-token",
                           "ZAAL_URL": peer.url("/zaal"), "ZAAL_SECRET": signer.publicKeyHex]
        for secret in ["slack-secret", "xoxb-test", "slash-token", "mm-bot-token"] { TestLogs.secret(secret) }
        let logger = Logger(label: "bot")
        let directory = DataDirectory(data)
        let secrets = Secrets(environment: environment)
        let webhooks = try BotAssembly.webhookSide(config, data: directory, secrets: secrets, clock: clock, logger: logger)
        let bot = HuddleBot(config: config, routes: webhooks.routes, companions: webhooks.hub.map { [$0] } ?? [], data: directory,
                            ledger: try directory.openLedger(), secrets: secrets, clock: clock, logger: logger)
        let base = "http://127.0.0.1:\(port)"
        try await withRunningServices(bot.services, logger: logger) {
            try await eventually(30, "the prompts") { ["/bar", "/hooks/keuken", "/zaal"].allSatisfy { path in peer.requests.contains { $0.path == path } } }

            // Slack: the slash command alone opens the view through views.open; its submission is stored.
            func slack(_ body: String) async throws -> (status: Int, body: String) {
                let timestamp = Int(Date().timeIntervalSince1970)
                let signature = Hex.encode(Signatures.hmacSHA256(key: Array("slack-secret".utf8), message: Array("v0:\(timestamp):\(body)".utf8)))
                return try await CurlCommand.post("\(base)/slack/bar", headers: ["Content-Type": "application/x-www-form-urlencoded",
                                                                                   "X-Slack-Request-Timestamp": "\(timestamp)", "X-Slack-Signature": "v0=\(signature)"],
                                                  body: Data(body.utf8))
            }
            let opened = try await slack("user_id=U1&user_name=carla&command=%2Fhuddle&text=&trigger_id=13345224609.738474920.8088930838d88f008e0")
            #expect(opened.status == 200 && opened.body.isEmpty)
            #expect(peer.authorization(of: "/api/views.open") == "Bearer xoxb-test")
            let open = jsonObject(try #require(peer.requests.last { $0.path == "/api/views.open" }).body)
            let view = try #require(open["view"] as? [String: Any])
            #expect(open["trigger_id"] as? String == "13345224609.738474920.8088930838d88f008e0")
            let state = try #require(view["private_metadata"] as? String)
            let payload = #"{"type":"view_submission","user":{"id":"U1","username":"carla"},"view":{"type":"modal","private_metadata":"\#(state)","#
                + #""state":{"values":{"q1":{"value":{"type":"plain_text_input","value":"Een vrijgezellenfeest"}}}}}}"#
            let submitted = try await slack("payload=" + (payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            let update = jsonObject(submitted.body)
            #expect(update["response_action"] as? String == "update" && submitted.body.contains("Genoteerd: je antwoord op vraag 1."))
            // A state for another user is refused.
            let stolen = payload.replacingOccurrences(of: #""id":"U1""#, with: #""id":"U2""#)
            #expect(try await slack("payload=" + (stolen.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")).body
                .contains(Phrase.form(.refused).text(.nl)))

            // Mattermost: dialogs/open with the bot token; the dialog's submission comes back to the bot's URL.
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            let mattermost = try await CurlCommand.post("\(base)/mattermost/keuken", headers: form,
                                                        body: Data("token=slash-token&user_id=M1&user_name=dave&command=%2Fhuddle&text=&trigger_id=T-1".utf8))
            #expect(mattermost.status == 200 && peer.authorization(of: "/api/v4/actions/dialogs/open") == "Bearer mm-bot-token")
            let dialogOpen = jsonObject(try #require(peer.requests.last { $0.path == "/api/v4/actions/dialogs/open" }).body)
            #expect(dialogOpen["url"] as? String == "\(base)/mattermost/keuken" && dialogOpen["trigger_id"] as? String == "T-1")
            let dialogState = try #require((dialogOpen["dialog"] as? [String: Any])?["state"] as? String)
            func submission(_ state: String, user: String) -> Data {
                Data((try? JSONSerialization.data(withJSONObject: ["type": "dialog_submission", "callback_id": "huddle", "state": state, "user_id": user,
                                                                   "submission": ["q1": "Twee allergieën", "obs_kind": "pain", "obs_text": "Wachten op de rekening"],
                                                                   "cancelled": false] as [String: Any])) ?? Data())
            }
            let json = ["Content-Type": "application/json"]
            let done = try await CurlCommand.post("\(base)/mattermost/keuken", headers: json, body: submission(dialogState, user: "M1"))
            #expect(done.status == 200 && jsonObject(done.body).isEmpty)
            let forged = try await CurlCommand.post("\(base)/mattermost/keuken", headers: json, body: submission(dialogState + "0", user: "M1"))
            #expect(jsonObject(forged.body)["error"] as? String == Phrase.form(.refused).text(.nl))

            // Discord: the command alone answers with a modal (type 9); its submission (type 5) is stored.
            func discord(_ body: String) async throws -> [String: Any] {
                let timestamp = String(Int(Date().timeIntervalSince1970))
                let signature = try await signer.sign(Data((timestamp + body).utf8))
                return jsonObject(try await CurlCommand.post("\(base)/discord/zaal", headers: [
                    "Content-Type": "application/json", "X-Signature-Timestamp": timestamp,
                    "X-Signature-Ed25519": signature.map { String(format: "%02x", $0) }.joined()], body: Data(body.utf8)).body)
            }
            let modal = try await discord(#"{"id":"7","type":2,"member":{"user":{"id":"D1","username":"erin"}},"data":{"name":"huddle"}}"#)
            #expect(modal["type"] as? Int == 9)
            let custom = try #require((modal["data"] as? [String: Any])?["custom_id"] as? String)
            let answered = try await discord(#"{"id":"8","type":5,"member":{"user":{"id":"D1","username":"erin"}},"data":{"custom_id":"\#(custom)","#
                                             + #""components":[{"type":1,"components":[{"type":4,"custom_id":"q1","value":"Een bruiloft"}]}]}}"#)
            #expect(answered["type"] as? Int == 4 && ((answered["data"] as? [String: Any])?["content"] as? String)?.hasPrefix("Genoteerd: je antwoord op vraag 1.") == true)
        }
        let journal = FileJournal(dataDirectory: data)
        let week = ISOWeek(containing: shiftStart, in: zone)
        for (team, author, types) in [("bar", Author(nick: "carla", account: "U1"), [EntryType.answer]),
                                      ("keuken", Author(nick: "dave", account: "M1"), [.answer, .pain]),
                                      ("zaal", Author(nick: "erin", account: "D1"), [.answer])] {
            let entries = try await journal.entries(team: team, week: week).entries.filter { $0.author != nil }
            #expect(entries.map(\.type) == types && entries.allSatisfy { $0.author == author && $0.via == "dialog" }, "\(team)")
        }
    }
}
