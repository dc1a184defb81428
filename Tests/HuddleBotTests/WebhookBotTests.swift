import Foundation
@testable import HuddleBot
import HuddleCore
import HuddleStore
import HuddleTesting
import Logging
import Testing
import Webhooks

/// The bot on webhook platforms end to end: Python's http.server as the platform's incoming
/// webhook, curl as the platform calling the bot's endpoint.
@Suite struct WebhookBotTests {
    /// A bot whose teams all talk through webhooks, on files in the config's data directory.
    func webhookBot(_ config: HuddleConfig, clock: any HuddleClock, environment: [String: String])
        throws -> (bot: HuddleBot, hub: WebhookHub, transports: [WebhookChatTransport], journal: FileJournal) {
        let logger = Logger(label: "bot")
        for value in environment.values { TestLogs.secret(value) }
        let (hub, transports) = try WebhookChatTransport.make(config: config, data: DataDirectory(config.dataDirectory),
                                                              secrets: Secrets(environment: environment), clock: clock, logger: logger)
        let journal = FileJournal(dataDirectory: config.dataDirectory)
        let bot = HuddleBot(config: config, routes: transports.map { ($0, [$0.team.id]) }, journal: journal,
                            ledger: try FileLedger(dataDirectory: config.dataDirectory), digests: DigestFiles(dataDirectory: config.dataDirectory),
                            clock: clock, logger: logger)
        return (bot, hub, transports, journal)
    }

    func json(_ text: String) -> [String: Any] { jsonObject(text) }

    func slackHeaders(_ body: String, timestamp: Int, secret: String = "slack-secret") -> [String: String] {
        let signature = Hex.encode(Signatures.hmacSHA256(key: Array(secret.utf8), message: Array("v0:\(timestamp):\(body)".utf8)))
        return ["Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": "\(timestamp)",
                "X-Slack-Signature": "v0=\(signature)"]
    }

    /// A Mattermost team gets its prompt as one post and answers, complimenting through its outgoing
    /// webhook and slash command; a Slack team through its signed slash command. Wrong tokens, bad or
    /// replayed signatures, stale timestamps and oversized bodies are refused and store nothing; a
    /// repeated Mattermost post is stored once.
    @Test func mattermostAndSlackTeams() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let (clock, shiftStart) = OffsetClock.beforeShift(lead: 3)
        var keuken = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", leaders: ["u-bob"], timeZone: zone,
                                shifts: [ShiftConfig(name: "ochtend", start: LocalClock.time(shiftStart, in: zone), window: 20 * 60)])
        keuken.webhook = TeamWebhook(platform: .mattermost, url: .environment("KEUKEN_URL"), leadersURL: .environment("LEIDING_URL"),
                                     secret: .environment("KEUKEN_TOKENS"), username: "Huddle")
        var bar = TeamConfig(id: "bar", name: "Bar", channel: "#bar", timeZone: zone, shifts: [])
        bar.webhook = TeamWebhook(platform: .slack, url: .environment("BAR_URL"), secret: .environment("BAR_SECRET"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: 0, maxBodyBytes: 4096), teams: [keuken, bar])
        let environment = ["KEUKEN_URL": peer.url("/keuken"), "LEIDING_URL": peer.url("/leiding"), "BAR_URL": peer.url("/bar"),
                           "KEUKEN_TOKENS": "hook-token, slash-token", "BAR_SECRET": "slack-secret"]
        let logger = Logger(label: "bot")
        let (bot, hub, _, journal) = try webhookBot(config, clock: clock, environment: environment)
        try await withRunningServices(bot.services + [hub], logger: logger) {
            let port = try await hub.server!.port()
            let mattermost = "http://127.0.0.1:\(port)/mattermost/keuken"
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            try await eventually(30, "the prompt") { peer.requests.contains { $0.path == "/keuken" } }
            let prompt = try #require(peer.requests.first { $0.path == "/keuken" })
            let promptText = try #require(json(prompt.body)["text"] as? String)
            #expect(promptText.hasPrefix("Huddle ochtend — Keuken") && promptText.contains("\n3. Hoe spelen we"))
            #expect(json(prompt.body)["username"] as? String == "Huddle")
            #expect(peer.requests.filter { $0.path == "/keuken" }.count == 1)

            let answer = try await CurlCommand.post(mattermost, headers: form,
                                                    body: Data("token=hook-token&user_id=u-anna&user_name=anna&post_id=p1&text=1+Een+groep+van+twaalf".utf8))
            #expect(answer.status == 200)
            #expect(json(answer.body)["text"] as? String == "Genoteerd: je antwoord op vraag 1. Dank je!")
            let again = try await CurlCommand.post(mattermost, headers: form,
                                                   body: Data("token=hook-token&user_id=u-anna&user_name=anna&post_id=p1&text=1+Een+groep+van+twaalf".utf8))
            #expect(again.status == 200 && json(again.body).isEmpty)
            let wrongToken = try await CurlCommand.post(mattermost, headers: form,
                                                        body: Data("token=guess&user_id=u-eve&user_name=eve&post_id=p9&text=!pain+x".utf8))
            #expect(wrongToken.status == 401)

            // A compliment goes to someone the team has seen: bob asks for help first (nothing stored).
            _ = try await CurlCommand.post(mattermost, headers: form,
                                           body: Data("token=hook-token&user_id=u-bob&user_name=bob&post_id=p0&text=!help".utf8))
            let kudos = try await CurlCommand.post(mattermost, headers: form,
                                                   body: Data("token=hook-token&user_id=u-anna&user_name=anna&post_id=p2&text=!kudos+%40bob+Super+geholpen".utf8))
            #expect(json(kudos.body)["text"] as? String == "Genoteerd: je compliment voor bob.")
            try await eventually(30, "bob's notice") { peer.requests.contains { $0.path == "/keuken" && $0.body.contains("@bob Compliment van anna") } }

            let slash = try await CurlCommand.post(mattermost, headers: ["Content-Type": "application/json"],
                                                   body: Data(#"{"token":"slash-token","user_id":"u-bob","user_name":"bob","command":"/huddle","text":""}"#.utf8))
            #expect(json(slash.body)["response_type"] as? String == "ephemeral" && (json(slash.body)["text"] as? String)?.isEmpty == false)
            // bob leads the team by user id (the platform vouches for it) and gets the digest itself.
            let digest = try await CurlCommand.post(mattermost, headers: form,
                                                    body: Data("token=slash-token&user_id=u-bob&user_name=bob&command=%2Fhuddle&text=overzicht".utf8))
            let digestText = try #require(json(digest.body)["text"] as? String)
            #expect(digestText.hasPrefix("# ") && digestText.contains("Keuken") && !digestText.contains("/digests/"))

            let slack = "http://127.0.0.1:\(port)/slack/bar"
            let now = Int(Date().timeIntervalSince1970)
            let gain = "user_id=U1&user_name=carla&command=%2Fhuddle&text=blij+Gasten+vinden+de+koffie+heerlijk"
            let signed = slackHeaders(gain, timestamp: now)
            let accepted = try await CurlCommand.post(slack, headers: signed, body: Data(gain.utf8))
            #expect(accepted.status == 200)
            #expect(json(accepted.body)["response_type"] as? String == "ephemeral")
            #expect(json(accepted.body)["text"] as? String == "Genoteerd: waar klanten blij van worden. Dank je!")
            #expect(try await CurlCommand.post(slack, headers: signed, body: Data(gain.utf8)).status == 401)
            // A slash command is private to its sender, so an anonymous observation works.
            let anonymous = "user_id=U1&user_name=carla&command=%2Fhuddle&text=anoniem+zorg+Lange+rij+bij+het+inchecken"
            let kept = try await CurlCommand.post(slack, headers: slackHeaders(anonymous, timestamp: now + 3), body: Data(anonymous.utf8))
            #expect(json(kept.body)["text"] as? String == "Genoteerd, zonder je naam. Dank je!")
            // A compliment to a colleague named with Slack's markup tells them by id, so Slack pings them.
            let praise = "user_id=U1&user_name=carla&command=%2Fhuddle&text=kudos+%3C%40U2%7Cdave%3E+Top+geholpen"
            _ = try await CurlCommand.post(slack, headers: slackHeaders(praise, timestamp: now + 4), body: Data(praise.utf8))
            try await eventually(30, "dave's notice") {
                peer.requests.contains { $0.path == "/bar" && json($0.body)["text"] as? String == "<@U2> Compliment van carla: Top geholpen" }
            }
            #expect(try await CurlCommand.post(slack, headers: slackHeaders(gain, timestamp: now - 600), body: Data(gain.utf8)).status == 401)
            #expect(try await CurlCommand.post(slack, headers: slackHeaders(gain, timestamp: now + 1, secret: "nope"), body: Data(gain.utf8)).status == 401)
            let big = gain + String(repeating: "+koffie", count: 800)
            #expect(try await CurlCommand.post(slack, headers: slackHeaders(big, timestamp: now + 2), body: Data(big.utf8)).status == 413)
            #expect(try await CurlCommand.post("http://127.0.0.1:\(port)/slack/keuken", headers: form, body: Data()).status == 404)
            #expect(try await CurlCommand.post("http://127.0.0.1:\(port)/discord/bar", headers: form, body: Data()).status == 404)
        }
        let week = ISOWeek(containing: shiftStart, in: zone)
        let kitchen = try await journal.entries(team: "keuken", week: week).entries
        #expect(kitchen.map(\.type) == [.huddleOpened, .answer, .kudos])
        #expect(kitchen[1].author == Author(nick: "anna", account: "u-anna") && kitchen[2].to == ["bob"])
        let barEntries = try await journal.entries(team: "bar", week: ISOWeek(containing: Date(), in: zone)).entries
        #expect(barEntries.map(\.type) == [.gain, .pain, .kudos] && barEntries.first?.author?.account == "U1" && barEntries[1].author == nil)
        #expect(try await hub.outbox.pending().isEmpty)
    }

    /// A leader on a webhook platform is a user id: through the real generic and Mattermost routes,
    /// a request with the leader's user name (or id) as `user_name` but another `user_id` gets the
    /// "only leaders" replies, no digest, and skips nothing; the leader's own id gets both.
    @Test func leadersByUserIDOnly() async throws {
        let peer = try await WebhookPeer.started()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let shift = ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, window: 15 * 60)
        var keuken = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", leaders: ["u1", "boss1"], timeZone: zone, shifts: [shift])
        keuken.webhook = TeamWebhook(platform: .generic, url: .environment("KEUKEN_URL"), secret: .environment("KEUKEN_KEY"))
        var bar = TeamConfig(id: "bar", name: "Bar", channel: "#bar", leaders: ["u-mmboss", "mmboss"], timeZone: zone, shifts: [shift])
        bar.webhook = TeamWebhook(platform: .mattermost, url: .environment("BAR_URL"), secret: .environment("BAR_TOKEN"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: try temporaryDirectory(), language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: 0), teams: [keuken, bar])
        let (bot, hub, _, journal) = try webhookBot(config, clock: SystemClock(), environment: [
            "KEUKEN_URL": peer.url("/keuken"), "KEUKEN_KEY": "generic-key", "BAR_URL": peer.url("/bar"), "BAR_TOKEN": "mm-token"])
        let onlyLeadersDigest = Phrase.onlyLeadersDigest.text(.nl), onlyLeadersSkip = Phrase.onlyLeaders.text(.nl)
        try await withRunningServices(bot.services + [hub], logger: Logger(label: "bot")) {
            let port = try await hub.server!.port()
            var stamp = Int(Date().timeIntervalSince1970)
            func generic(_ userID: String, _ userName: String, _ text: String) async throws -> [String] {
                stamp += 1
                let body = String(decoding: try JSONSerialization.data(withJSONObject: [
                    "user_id": userID, "user_name": userName, "text": text, "private": true] as [String: Any]), as: UTF8.self)
                let signature = Hex.encode(Signatures.hmacSHA256(key: Array("generic-key".utf8), message: Array("\(stamp).\(body)".utf8)))
                let answer = try await CurlCommand.post("http://127.0.0.1:\(port)/generic/keuken", headers: [
                    "Content-Type": "application/json", "X-Huddle-Timestamp": "\(stamp)", "X-Huddle-Signature": "sha256=\(signature)"],
                    body: Data(body.utf8))
                #expect(answer.status == 200)
                return json(answer.body)["replies"] as? [String] ?? []
            }
            func mattermost(_ userID: String, _ userName: String, _ text: String) async throws -> String {
                let form = "token=mm-token&user_id=\(userID)&user_name=\(userName)&command=%2Fhuddle&text="
                    + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let answer = try await CurlCommand.post("http://127.0.0.1:\(port)/mattermost/bar",
                                                        headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
                #expect(answer.status == 200)
                return json(answer.body)["text"] as? String ?? ""
            }
            for name in ["boss1", "u1"] {
                #expect(try await generic("u9", name, "!overzicht") == [onlyLeadersDigest])
                #expect(try await generic("u9", name, "!overslaan iedereen vrij") == [onlyLeadersSkip])
            }
            for name in ["mmboss", "u-mmboss"] {
                #expect(try await mattermost("u-eve", name, "overzicht") == onlyLeadersDigest)
                #expect(try await mattermost("u-eve", name, "overslaan iedereen vrij") == onlyLeadersSkip)
            }
            let digest = try await generic("u1", "boss1", "!overzicht")
            #expect(digest.first?.hasPrefix("# ") == true && digest.first?.contains("Keuken") == true)
            #expect(try await generic("u1", "boss1", "!overslaan Teamuitje").first?.hasPrefix("Genoteerd") == true)
            #expect(try await mattermost("u-mmboss", "mmboss", "overzicht").hasPrefix("# "))
            #expect(try await mattermost("u-mmboss", "mmboss", "overslaan Teamuitje").hasPrefix("Genoteerd"))
        }
        for team in ["keuken", "bar"] {
            var skips: [JournalEntry] = []
            for week in try await journal.weeks(team: team) {
                skips += try await journal.entries(team: team, week: week).entries.filter { $0.type == .huddleSkipped }
            }
            #expect(skips.map(\.text) == ["Teamuitje"], "team \(team)")
            #expect(skips.first?.author?.account == (team == "keuken" ? "u1" : "u-mmboss"))
        }
    }

    /// A Teams outgoing webhook: the HMAC over the body is checked with the security token, the
    /// mention of the bot dropped, and the reply comes back as a Teams message.
    @Test func teamsOutgoingWebhook() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        var team = TeamConfig(id: "zorg", name: "Zorg", channel: "#zorg", timeZone: zone, shifts: [])
        team.webhook = TeamWebhook(platform: .teams, url: .environment("URL"), secret: .environment("TOKEN"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: 0), teams: [team])
        let token = Data("teams-beveiligingstoken-32-bytes".utf8).base64EncodedString()
        let logger = Logger(label: "bot")
        let (bot, hub, _, journal) = try webhookBot(config, clock: SystemClock(), environment: ["URL": peer.url("/teams"), "TOKEN": token])
        try await withRunningServices(bot.services + [hub], logger: logger) {
            let url = "http://127.0.0.1:\(try await hub.server!.port())/teams/zorg"
            let stamp = HuddleJSON.timestamp(Date())
            let body = #"{"type":"message","id":"m1","timestamp":"\#(stamp)","text":"<at>Huddle</at> zorg Familie wacht lang op de arts","from":{"id":"29:1","name":"Anna","aadObjectId":"aad-1"}}"#
            let mac = Signatures.hmacSHA256(key: Array(Data(base64Encoded: token)!), message: Array(body.utf8))
            let answer = try await CurlCommand.post(url, headers: ["Content-Type": "application/json", "Authorization": "HMAC \(Data(mac).base64EncodedString())"],
                                                    body: Data(body.utf8))
            #expect(answer.status == 200)
            #expect(json(answer.body)["type"] as? String == "message")
            #expect(json(answer.body)["text"] as? String == "Genoteerd: waar klanten wakker van liggen. Dank je!")
            let forged = try await CurlCommand.post(url, headers: ["Authorization": "HMAC \(Data(mac).base64EncodedString())"],
                                                    body: Data(body.replacingOccurrences(of: "arts", with: "bot").utf8))
            #expect(forged.status == 401)
        }
        let entries = try await journal.entries(team: "zorg", week: ISOWeek(containing: Date(), in: zone)).entries
        #expect(entries.map(\.type) == [.pain] && entries.first?.author == Author(nick: "Anna", account: "aad-1"))
    }

    /// A Discord interaction: the PING is answered, a signed slash command runs (a user option and a
    /// `<@id>` mention read as names) with an ephemeral reply; a bad signature gets 401.
    @Test func discordInteractions() async throws {
        let peer = try await WebhookPeer.started()
        let signer = try await Ed25519Signer.make()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        var team = TeamConfig(id: "bar", name: "Bar", channel: "#bar", timeZone: zone, shifts: [])
        team.webhook = TeamWebhook(platform: .discord, url: .environment("URL"), secret: .environment("KEY"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: try temporaryDirectory(), language: .nl, timeZone: zone, irc: nil,
                                  webhooks: WebhookListenSettings(host: "127.0.0.1", port: 0), teams: [team])
        let (bot, hub, _, journal) = try webhookBot(config, clock: SystemClock(), environment: ["URL": peer.url("/discord"), "KEY": signer.publicKeyHex])
        try await withRunningServices(bot.services + [hub], logger: Logger(label: "bot")) {
            let url = "http://127.0.0.1:\(try await hub.server!.port())/discord/bar"
            func post(_ body: String, forged: Bool = false) async throws -> (status: Int, body: String) {
                let timestamp = String(Int(Date().timeIntervalSince1970))
                var signature = try await signer.sign(Data((timestamp + body).utf8))
                if forged { signature[0] ^= 1 }
                return try await CurlCommand.post(url, headers: [
                    "Content-Type": "application/json", "X-Signature-Timestamp": timestamp,
                    "X-Signature-Ed25519": signature.map { String(format: "%02x", $0) }.joined()], body: Data(body.utf8))
            }
            let ping = try await post(#"{"id":"1","type":1}"#)
            #expect(ping.status == 200 && json(ping.body)["type"] as? Int == 1)
            let kudos = #"{"id":"2","type":2,"member":{"user":{"id":"80351110224678912","username":"anna"}},"#
                + #""data":{"name":"huddle","options":[{"name":"kudos","type":1,"options":[{"name":"wie","type":6,"value":"53908232506183680"},"#
                + #"{"name":"tekst","type":3,"value":"top geholpen, samen met <@!99>"}]}],"resolved":{"users":{"53908232506183680":{"username":"bob"}}}}}"#
            let answer = try await post(kudos)
            #expect(answer.status == 200 && json(answer.body)["type"] as? Int == 4)
            let data = json(answer.body)["data"] as? [String: Any]
            #expect(data?["content"] as? String == "Genoteerd: je compliment voor bob." && data?["flags"] as? Int == 64)
            #expect(try await post(kudos.replacingOccurrences(of: #""id":"2""#, with: #""id":"3""#), forged: true).status == 401)
            try await eventually(30, "bob's notice") { peer.requests.contains { $0.path == "/discord" } }
            let notice = json(try #require(peer.requests.first { $0.path == "/discord" }).body)
            #expect(notice["content"] as? String == "<@53908232506183680> Compliment van anna: top geholpen, samen met @\u{2060}99")
            #expect((notice["allowed_mentions"] as? [String: Any])?["users"] as? [String] == ["53908232506183680"])
        }
        let entries = try await journal.entries(team: "bar", week: ISOWeek(containing: Date(), in: zone)).entries
        #expect(entries.map(\.type) == [.kudos] && entries.first?.author == Author(nick: "anna", account: "80351110224678912"))
        #expect(entries.first?.to == ["bob"] && entries.first?.text == "top geholpen, samen met @99")
    }

    /// On Monday morning the scheduler sends last week's whole digest, as Markdown, to the leaders'
    /// webhook — once; a team without one gets the summary in its channel.
    @Test func weeklyDigestThroughWebhooks() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        var keuken = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", timeZone: zone, shifts: [])
        keuken.webhook = TeamWebhook(platform: .mattermost, url: .environment("KEUKEN"), leadersURL: .environment("LEIDING"))
        var bar = TeamConfig(id: "bar", name: "Bar", channel: "#bar", timeZone: zone, shifts: [])
        bar.webhook = TeamWebhook(platform: .slack, url: .environment("BAR"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil, teams: [keuken, bar])
        let monday = utc("2026-11-30T07:00:00Z")
        let clock = ManualClock(now: monday)
        let logger = Logger(label: "bot")
        let (bot, hub, transports, journal) = try webhookBot(config, clock: clock, environment: [
            "KEUKEN": peer.url("/keuken"), "LEIDING": peer.url("/leiding"), "BAR": peer.url("/bar")])
        try await journal.append(JournalEntry(id: "k", at: utc("2026-11-24T09:00:00Z"), team: "keuken", type: .kudos,
                                              author: Author(nick: "anna", account: "u1"), to: ["bob"], text: "Top geholpen"),
                                 week: ISOWeek(parsing: "2026-W48")!)
        try await withRunningServices([hub] + transports, logger: logger) {
            await SchedulerService(bot: bot).tick(now: monday)
            await SchedulerService(bot: bot).tick(now: monday.addingTimeInterval(60))
            try await eventually(30, "both digests") { try await hub.outbox.pending().isEmpty && peer.requests.count >= 2 }
        }
        let leaders = peer.requests.filter { $0.path == "/leiding" }.compactMap { json($0.body)["text"] as? String }
        #expect(leaders.count == 1)
        #expect(leaders.first?.hasPrefix("# ") == true && leaders.first?.contains("Top geholpen") == true)
        let summary = peer.requests.filter { $0.path == "/bar" }.compactMap { json($0.body)["text"] as? String }
        #expect(summary.count == 1 && summary.first?.hasPrefix("Weekoverzicht Bar, week 48 (2026-W48)") == true)
        #expect(peer.requests.filter { $0.path == "/keuken" }.isEmpty)
    }

    /// A webhook prompt counts as posted only on a 2xx: while the platform answers 429 or 500 the
    /// huddle waits (nothing in the journal), goes out late within grace once it answers, and is
    /// recorded missed when it never does.
    @Test func promptPostedOnlyOnSuccess() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "UTC")!
        let shift = ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, window: 15 * 60, grace: 10 * 60)
        var keuken = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", timeZone: zone, shifts: [shift])
        keuken.webhook = TeamWebhook(platform: .generic, url: .environment("KEUKEN"))
        var bar = TeamConfig(id: "bar", name: "Bar", channel: "#bar", timeZone: zone, shifts: [shift])
        bar.webhook = TeamWebhook(platform: .generic, url: .environment("BAR"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil, teams: [keuken, bar])
        let start = utc("2026-11-24T07:00:00Z")
        let clock = ManualClock(now: start)
        let (bot, hub, _, journal) = try webhookBot(config, clock: clock, environment: [
            "KEUKEN": peer.url("/ratelimit"), "BAR": peer.url("/error")])
        let day = CalendarDay(parsing: "2026-11-24")!
        let keukenKey = HuddleKey(team: "keuken", shift: "ochtend", day: day), barKey = HuddleKey(team: "bar", shift: "ochtend", day: day)
        let scheduler = SchedulerService(bot: bot)
        // Only the prompts are under test: the outbox (the digests) is not delivered here.
        await scheduler.tick(now: start)
        let waiting = [await bot.ledger.state(of: keukenKey), await bot.ledger.state(of: barKey)]
        #expect(waiting == [.unsent, .unsent])
        // Within Retry-After (1 s) the team's platform is left alone.
        clock.advance(to: start.addingTimeInterval(0.5))
        await scheduler.tick(now: start.addingTimeInterval(0.5))
        #expect(peer.requests.filter { $0.path == "/ratelimit" }.count == 1)
        clock.advance(to: start.addingTimeInterval(3 * 60))
        await scheduler.tick(now: start.addingTimeInterval(3 * 60))
        clock.advance(to: start.addingTimeInterval(4 * 60))
        await scheduler.tick(now: start.addingTimeInterval(4 * 60))
        #expect(await bot.ledger.state(of: keukenKey) == .posted)
        clock.advance(to: start.addingTimeInterval(11 * 60))
        await scheduler.tick(now: start.addingTimeInterval(11 * 60))
        #expect(await bot.ledger.state(of: barKey) == .missed)
        let keukenTexts = peer.requests.filter { $0.path == "/ratelimit" }.map { json($0.body) }.filter { $0["kind"] as? String == "prompt" }
            .compactMap { $0["text"] as? String }
        #expect(keukenTexts.count == 3 && keukenTexts.last?.contains("(Later dan gepland: deze huddle begon om 07:00.)") == true)
        let entries = try await journal.entries(team: "keuken", week: ISOWeek(containing: day)).entries
        #expect(entries.filter { $0.type == .huddleOpened }.map(\.at) == [start.addingTimeInterval(4 * 60)])
        let barEntries = try await journal.entries(team: "bar", week: ISOWeek(containing: day)).entries
        #expect(barEntries.map(\.type) == [.huddleMissed])
        // Prompts never wait in the outbox, to go out stale after their huddle.
        #expect(try await hub.outbox.pending().map(\.message.kind) == ["digest", "digest"])
    }

    /// A reply nobody handles in time gets no answer (the endpoint says 503) and is not handled
    /// later either; a handled one gets what the bot said to its sender, and nothing else.
    @Test func replyWaitsForTheBot() async throws {
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        var team = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", timeZone: zone, shifts: [])
        team.webhook = TeamWebhook(platform: .generic, url: .environment("URL"))
        let config = HuddleConfig(sourcePath: "t.yaml", dataDirectory: try temporaryDirectory(), language: .nl, timeZone: zone, irc: nil, teams: [team])
        let (_, transports) = try WebhookChatTransport.make(config: config, data: DataDirectory(config.dataDirectory),
                                                             secrets: Secrets(environment: ["URL": "http://127.0.0.1:9/"]),
                                                             clock: SystemClock(), logger: Logger(label: "t"))
        let transport = try #require(transports.first)
        let line = InboundLine(userID: "u1", userName: "anna", text: "help", isCommand: true, isPrivate: false, postID: nil)
        #expect(await transport.receive(line, timeout: .milliseconds(100)) == nil)
        let handled = Task { await transport.receive(line) }
        var events = transport.events.makeAsyncIterator()
        _ = await events.next()  // connected
        guard case .message(let late)? = await events.next() else { Issue.record("no message"); return }
        #expect(await !transport.stillWanted(late))
        guard case .message(let message)? = await events.next() else { Issue.record("no message"); return }
        #expect(await transport.stillWanted(message))
        #expect(message.text == "huddle: help" && message.channel == nil && message.sender == Author(nick: "anna", account: "u1"))
        // A second request of the same person is handled while the first still waits: each
        // answer holds what was said while handling that request.
        let second = Task { await transport.receive(InboundLine(userID: "u1", userName: "anna", text: "!blij koffie", isCommand: false,
                                                                isPrivate: false, postID: nil)) }
        guard case .message(let next)? = await events.next() else { Issue.record("no message"); return }
        await ChatMessage.$inReplyTo.withValue(next.requestID) { await transport.notify("Genoteerd", to: "anna") }
        await ChatMessage.$inReplyTo.withValue(message.requestID) { await transport.notify("Hallo anna", to: "Anna") }
        await transport.finished(message)
        await transport.finished(next)
        #expect(await handled.value == ["Hallo anna"])
        #expect(await second.value == ["Genoteerd"])
    }

    /// A missing secret, a URL that is not http(s) or a Teams token that is not base64 stops the
    /// start with the place to fix, never with the secret itself.
    @Test func setupErrors() throws {
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        func make(_ webhook: TeamWebhook, _ environment: [String: String]) -> String? {
            var team = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", timeZone: zone, shifts: [])
            team.webhook = webhook
            let config = HuddleConfig(sourcePath: "t.yaml", dataDirectory: "/tmp", language: .nl, timeZone: zone, irc: nil, teams: [team])
            do {
                _ = try WebhookChatTransport.make(config: config, data: DataDirectory(config.dataDirectory), secrets: Secrets(environment: environment),
                                                  clock: SystemClock(), logger: Logger(label: "t"))
                return nil
            } catch {
                return "\(error)"
            }
        }
        let slack = TeamWebhook(platform: .slack, url: .environment("URL"), secret: .environment("SECRET"))
        #expect(make(slack, ["SECRET": "s"])?.contains("the environment variable URL: it is missing or empty (teams.keuken.webhook.url_env or url_file)") == true)
        let bad = make(slack, ["URL": "ftp://hooks.example/geheim", "SECRET": "s"])
        #expect(bad?.contains("does not hold an http(s) URL") == true && bad?.contains("geheim") == false)
        #expect(make(slack, ["URL": "https://hooks.example/x"])?.contains("SECRET") == true)
        let teams = TeamWebhook(platform: .teams, url: .environment("URL"), secret: .environment("SECRET"))
        #expect(make(teams, ["URL": "https://x.example/", "SECRET": "not base64!"])?.contains("is not base64") == true)
        #expect(make(teams, ["URL": "https://x.example/", "SECRET": "c2VjcmV0"]) == nil)
    }

    /// Messages written while the platform is down stay in the outbox across a restart; the next run
    /// delivers them in order through two 429s with Retry-After, each exactly once.
    @Test func outboxSurvivesRestart() async throws {
        let peer = try await WebhookPeer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        var team = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", timeZone: zone, shifts: [])
        team.webhook = TeamWebhook(platform: .discord, url: .environment("URL"), leadersURL: .environment("LEADERS"))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil, teams: [team])
        let logger = Logger(label: "hub")
        let leaders = team
        let digest = try await FileJournal(dataDirectory: data).digest(for: team, week: ISOWeek(containing: Date(), in: zone), now: Date()).0
        let markdown = DigestBuilder.render(digest, language: .nl, format: .md)
        let (down, downTransports) = try WebhookChatTransport.make(config: config, data: DataDirectory(config.dataDirectory), secrets: Secrets(environment: ["URL": "http://127.0.0.1:9/down", "LEADERS": "http://127.0.0.1:9/down"]),
                                  clock: SystemClock(), logger: logger)
        try await withRunningServices([down] + downTransports, logger: logger) {
            let transport = downTransports[0]
            await transport.post(["Huddle ochtend — Keuken", "1. Wie verwachten we?"], to: "#keuken")
            await transport.deliverDigest(digest, path: "/tmp/x.html", of: leaders, leaderNicks: [])
            await transport.notify("Compliment van anna: top", to: "bob")
            // A wait, not a speed check: on a loaded 2-core machine the first attempt can take a while.
            try await eventually(30, "a failed attempt") { try await down.outbox.pending().first?.message.attempts ?? 0 > 0 }
        }
        #expect(try await down.outbox.pending().map(\.message.kind) == ["post", "digest", "notice"])
        #expect(peer.requests.isEmpty)

        let (up, upTransports) = try WebhookChatTransport.make(config: config, data: DataDirectory(config.dataDirectory), secrets: Secrets(environment: ["URL": peer.url("/ratelimit"), "LEADERS": peer.url("/leaders")]),
                                clock: SystemClock(), logger: logger)
        try await withRunningServices([up] + upTransports, logger: logger) {
            try await eventually(40, "delivery") { try await up.outbox.pending().isEmpty }
        }
        let contents = peer.requests.map { json($0.body)["content"] as? String ?? "" }
        #expect(contents == ["Huddle ochtend — Keuken\n1. Wie verwachten we?", "Huddle ochtend — Keuken\n1. Wie verwachten we?",
                             "Huddle ochtend — Keuken\n1. Wie verwachten we?", markdown, "@bob Compliment van anna: top"])
        #expect(peer.requests.map(\.path) == ["/ratelimit", "/ratelimit", "/ratelimit", "/leaders", "/ratelimit"])
        #expect(await up.outbox.failures().isEmpty)
    }
}
