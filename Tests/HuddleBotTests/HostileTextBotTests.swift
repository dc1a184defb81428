import Foundation
@testable import HuddleBot
import HuddleCore
import HuddleStore
import HuddleTesting
import IRCProtocol
import Logging
import Testing
import Webhooks

/// A hostile colleague against the running bot, through the platforms' real routes (Mattermost's
/// outgoing webhook, the generic signed route) with Python's http.server as the platform, and
/// through ngircd: no mass mention, link or image under the bot's name, no CTCP or formatting
/// relayed, no compliment to strangers, no leaders' page in a staff channel.
@Suite struct HostileTextBotTests {
    func json(_ text: String) -> [String: Any] { jsonObject(text) }

    /// A request to the generic route, signed as the route asks (`timestamp.body`, HMAC-SHA256).
    func genericPost(_ url: String, _ object: [String: Any], secret: String) async throws -> (status: Int, body: String) {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let timestamp = Int(Date().timeIntervalSince1970)
        let signature = Hex.encode(Signatures.hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp).\(body)".utf8)))
        return try await CurlCommand.post(url, headers: ["Content-Type": "application/json", "X-Huddle-Timestamp": "\(timestamp)",
                                                         "X-Huddle-Signature": "sha256=\(signature)"], body: Data(body.utf8))
    }

    @Test func webhookPlatforms() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        var keuken = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", leaders: ["u-boss"], timeZone: zone, shifts: [])
        keuken.webhook = TeamWebhook(platform: .mattermost, url: .environment("KEUKEN_URL"), secret: .environment("KEUKEN_TOKEN"))
        var bar = TeamConfig(id: "bar", name: "Bar", channel: "#bar", timeZone: zone, shifts: [])
        bar.webhook = TeamWebhook(platform: .generic, url: .environment("BAR_URL"), secret: .environment("BAR_SECRET"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: 0, maxBodyBytes: 65_536), teams: [keuken, bar])
        let environment = ["KEUKEN_URL": peer.url("/keuken"), "BAR_URL": peer.url("/bar"), "KEUKEN_TOKEN": "hook-token", "BAR_SECRET": "generic-secret"]
        for value in environment.values { TestLogs.secret(value) }
        let logger = Logger(label: "bot")
        let (hub, transports) = try WebhookChatTransport.make(config: config, data: DataDirectory(data), secrets: Secrets(environment: environment),
                                                              clock: SystemClock(), logger: logger)
        let journal = FileJournal(dataDirectory: data)
        let bot = HuddleBot(config: config, routes: transports.map { ($0, [$0.team.id]) }, journal: journal,
                            ledger: try FileLedger(dataDirectory: data), digests: DigestFiles(dataDirectory: data), clock: SystemClock(), logger: logger)
        let barTeam = bar
        let hostile = "<!channel> @here [klik](javascript:alert(1)) ![x](http://elders/x.png) top"
        try await withRunningServices(bot.services + [hub], logger: logger) {
            let port = try await hub.server!.port()
            let mattermost = "http://127.0.0.1:\(port)/mattermost/keuken"
            var post = 0
            func say(_ text: String, id: String, name: String, trigger: String? = nil) async throws -> String {
                post += 1
                var form = "token=hook-token&user_id=\(id)&user_name=\(name)&post_id=p\(post)&text="
                form += text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                if let trigger { form += "&trigger_word=\(trigger)" }
                let answer = try await CurlCommand.post(mattermost, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
                return json(answer.body)["text"] as? String ?? ""
            }
            _ = try await say("!blij De nieuwe koffie", id: "u-bob", name: "bob")
            // A mass mention is no colleague; a stranger neither; nothing is stored for either.
            #expect(try await say("!kudos @all \(hostile)", id: "u-carol", name: "carol") == Phrase.kudosNotForBots("all").text(.nl))
            #expect(try await say("!kudos zed top", id: "u-carol", name: "carol") == Phrase.kudosStrangers(["zed"]).text(.nl))
            let six = try await say("!kudos bob, b1, b2, b3, b4, b5 top", id: "u-carol", name: "carol")
            #expect(six == Phrase.kudosTooMany(5).text(.nl))
            // To a colleague: stored, and the notice in the channel pings bob alone and shows no link or image.
            #expect(try await say("!kudos @bob \(hostile)", id: "u-carol", name: "carol") == "Genoteerd: je compliment voor bob.")
            try await eventually(30, "bob's notice") { peer.requests.contains { $0.path == "/keuken" && $0.body.contains("Compliment van carol") } }
            let notice = try #require(peer.requests.first { $0.path == "/keuken" }.flatMap { json($0.body)["text"] as? String })
            #expect(notice.hasPrefix("@bob Compliment van carol: "))
            for markup in ["<!channel>", "@here", "](", "@all"] { #expect(!notice.contains(markup), "\(markup) in \(notice)") }
            #expect(notice.replacingOccurrences(of: "\u{2060}", with: "") == "@bob Compliment van carol: \(hostile)")
            // The digest asked for in the channel (where the answer is posted for all) is refused.
            #expect(try await say("huddle overzicht", id: "u-boss", name: "boss", trigger: "huddle") == Phrase.digestOnlyPrivately.text(.nl))

            // The generic route: names and ids are capped, control characters never stored.
            let generic = "http://127.0.0.1:\(port)/generic/bar"
            let huge = try await genericPost(generic, ["user_id": "u1", "user_name": String(repeating: "x", count: 60_000), "text": "!help"],
                                             secret: "generic-secret")
            #expect(huge.status == 400 && huge.body.contains("at most 128"))
            let long = try await genericPost(generic, ["user_id": "u1", "user_name": "dave", "text": "!blij " + String(repeating: "x", count: 3000)],
                                             secret: "generic-secret")
            #expect(json(long.body)["replies"] as? [String] == [Phrase.tooLong(UserText.maxLength).text(.nl)])
            let ctcp = try await genericPost(generic, ["user_id": "u1", "user_name": "da\u{202E}ve", "text": "!blij \u{01}ACTION zwaait\u{01} \u{02}vet\u{02}"],
                                             secret: "generic-secret")
            #expect(json(ctcp.body)["replies"] as? [String] == ["Genoteerd: waar klanten blij van worden. Dank je!"])

            // The weekly summary in a staff channel carries no link to the leaders' page.
            let digest = DigestBuilder.build(team: barTeam, week: ISOWeek(containing: Date(), in: zone), entries: [])
            let transport = try #require(transports.first { $0.team.id == "bar" })
            await transport.deliverDigest(digest, path: "https://huddle.example.org/digest/bar/2026-W49?exp=1&sig=00", of: barTeam, leaderNicks: [])
            try await eventually(30, "the summary") { peer.requests.contains { $0.path == "/bar" && $0.body.contains("Weekoverzicht") } }
            #expect(!peer.requests.filter { $0.path == "/bar" }.contains { $0.body.contains("https://") })
        }
        let week = ISOWeek(containing: Date(), in: zone)
        let keukenEntries = try await journal.entries(team: "keuken", week: week).entries
        #expect(keukenEntries.map(\.type) == [.gain, .kudos] && keukenEntries.last?.to == ["bob"])
        let barEntries = try await journal.entries(team: "bar", week: week).entries
        #expect(barEntries.map(\.text) == ["ACTION zwaait vet"] && barEntries.first?.author?.nick == "dave")
    }

    /// On ngircd: the bot knows who is in its channel from NAMES and JOIN; a compliment with CTCP
    /// and formatting reaches bob without them; one to a nick in no channel or to a service is
    /// refused; one to a colleague who left (having written lately, or not) is given when they come back.
    @Test func ircChannel() async throws {
        let server = try await NgircdServer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone, shifts: [])
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone,
                                  irc: IRCSettings(host: "127.0.0.1", port: server.port, nick: "huddle"), teams: [team])
        let logger = Logger(label: "bot")
        let bot = try HuddleBot.onIRC(config, logger: logger)
        try await withRunningServices(bot.services, logger: logger) {
            try await IRCTestClient.withClient(port: server.port, nick: "carol") { carol in
                // carol is in the channel before the bot: the bot learns of her from NAMES.
                try await carol.join("#receptie", withBot: "huddle")
                try await carol.send("PRIVMSG #receptie :!blij Fijne ochtend")
                try await carol.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last?.hasPrefix("Genoteerd") == true }
                try await carol.send("PART #receptie")
                try await IRCTestClient.withClient(port: server.port, nick: "bob") { bob in
                    try await bob.join("#receptie")
                    try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                        try await anna.join("#receptie")
                        try await anna.send("PRIVMSG #receptie :!kudos bob \u{01}ACTION zwaait\u{01} \u{03}4,1top\u{0F} \u{202E}gedaan")
                        let told = try await bob.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last?.hasPrefix("Compliment") == true }
                        #expect(told.params.last == "Compliment van anna: ACTION zwaait top gedaan")
                        for (line, reply) in [("!kudos zed top", Phrase.kudosStrangers(["zed"])), ("!kudos NickServ top", .kudosNotForBots("NickServ"))] {
                            try await anna.send("PRIVMSG #receptie :\(line)")
                            try await anna.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last == reply.text(.nl) }
                        }
                        // carol left but wrote today: her compliment waits until she is back.
                        try await anna.send("PRIVMSG #receptie :!kudos carol Dank voor de overdracht")
                        try await anna.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last?.contains("compliment voor carol") == true }
                        try await carol.send("JOIN #receptie")
                        let held = try await carol.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last?.hasPrefix("Compliment") == true }
                        #expect(held.params.last == "Compliment van anna: Dank voor de overdracht")
                        // erin was in the channel and left without a word: known all the same, her compliment waits too.
                        try await IRCTestClient.withClient(port: server.port, nick: "erin") { erin in
                            try await erin.join("#receptie")
                        }
                        try await anna.waitFor(timeout: 15) { $0.command == "QUIT" && $0.sourceParts?.nick == "erin" }
                        try await anna.send("PRIVMSG #receptie :!kudos erin Goed gedaan gisteren")
                        try await anna.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last?.contains("compliment voor erin") == true }
                        try await IRCTestClient.withClient(port: server.port, nick: "erin") { erin in
                            try await erin.send("JOIN #receptie")
                            let told = try await erin.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last?.hasPrefix("Compliment") == true }
                            #expect(told.params.last == "Compliment van anna: Goed gedaan gisteren")
                        }
                    }
                }
            }
        }
    }
}

/// On IRC (the transports' shared delivery): the weekly summary in the team's own channel comes
/// without the link to the leaders' page; in a leaders' channel, and privately to leaders, with it.
@Test func ircSummaryLinkOnlyForLeaders() async throws {
    let config = try ConfigLoader.load(yaml: """
        irc: {host: 127.0.0.1}
        teams:
          - {id: bar, channel: "#bar", digest: {channel: "#BAR"}, shifts: [{name: avond, start: "17:00"}]}
          - {id: keuken, channel: "#keuken", digest: {channel: "#leiding"}, shifts: [{name: ochtend, start: "07:00"}]}
          - {id: zaal, channel: "#zaal", shifts: [{name: ochtend, start: "07:00"}]}
        """, path: "/tmp/huddle.yaml")
    let link = "https://huddle.example.org/digest/x/2026-W49?exp=1&sig=00"
    let transport = FakeChatTransport()
    for team in config.teams {
        let digest = DigestBuilder.build(team: team, week: ISOWeek(parsing: "2026-W49")!, entries: [])
        await transport.deliverDigest(digest, path: link, of: team, leaderNicks: ["monique"])
    }
    #expect(!transport.posts(in: "#BAR").isEmpty && !transport.posts(in: "#BAR").contains { $0.contains("https://") })
    #expect(transport.posts(in: "#leiding").contains { $0.contains(link) })
    #expect(transport.sent.contains { if case .message("monique", let text) = $0 { text.contains(link) } else { false } })
}

/// The bot's own mention of a person pings that person only: never everyone, whatever name the
/// caller sent, and by id only when the id is a plain one.
@Test func mentionsPingOnlyThePerson() {
    #expect(WebhookChatTransport.mention("bob", id: nil, on: .mattermost) == "@bob")
    #expect(WebhookChatTransport.mention("all", id: nil, on: .mattermost) == "@\u{2060}all")
    #expect(WebhookChatTransport.mention("Here", id: nil, on: .generic) == "@\u{2060}Here")
    #expect(WebhookChatTransport.mention("everyone", id: nil, on: .discord) == "@\u{2060}everyone")
    #expect(WebhookChatTransport.mention("x y", id: nil, on: .teams) == "@\u{2060}x y")
    #expect(WebhookChatTransport.mention("bob", id: "U024BE7LH", on: .slack) == "<@U024BE7LH>")
    #expect(WebhookChatTransport.mention("bob", id: "U1><!channel>", on: .slack) == "@bob")
    #expect(WebhookChatTransport.mention("bob", id: "80351110224678912", on: .discord) == "<@80351110224678912>")
}
