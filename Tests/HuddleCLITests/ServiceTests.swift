import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import IRCProtocol
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `huddle run` as a service runs: a process of its own, as `nobody`, against real servers.
@Suite struct ServiceTests {
    var executable: String { huddleExecutable }

    func teams(_ ids: [String]) -> String {
        "teams:\n" + ids.map { "  - {id: \($0), channel: \"#\($0)\", shifts: [{name: ochtend, start: \"07:00\"}]}\n" }.joined()
    }

    /// As nobody on plain IRC: connects without a connection error, confirms an entry, reloads on
    /// SIGHUP (joins an added team's channel, says goodbye in and parts a removed one, never
    /// QUITs), refuses an invalid file with its line and column and keeps going, and on SIGTERM
    /// QUITs with a message and exits 0 within 5 s, having written only under its data directory.
    @Test func unprivilegedRunReloadAndStop() async throws {
        let irc = try await NgircdServer.started()
        let ircBlock = "irc: {host: 127.0.0.1, port: \(irc.port), nick: huddle}\n"
        let bot = try BotProcess(executable: executable, yaml: ircBlock + teams(["receptie", "keuken"]))
        try await IRCTestClient.withClient(port: irc.port, nick: "anna") { anna in
            #expect(await bot.waitForLog("IRC joined"))
            try await anna.send("JOIN #receptie,#keuken,#bar")
            try await anna.send("PRIVMSG #receptie :!blij Koffie stond klaar")
            let ack = try await anna.waitFor(timeout: 20) { $0.command == "NOTICE" && $0.sourceParts?.nick == "huddle" }
            #expect(ack.params.last?.hasPrefix("Genoteerd") == true)

            try (ircBlock + teams(["receptie", "bar"])).write(toFile: bot.configPath.replacingOccurrences(of: "huddle.yaml", with: "next.yaml"), atomically: true, encoding: .utf8)
            try ("data_dir: data\n" + ircBlock + teams(["receptie", "bar"])).write(toFile: bot.configPath, atomically: true, encoding: .utf8)
            bot.signal(SIGHUP)
            let goodbye = try await anna.waitFor(timeout: 20) { $0.command == "PRIVMSG" && $0.params.first == "#keuken" }
            #expect(goodbye.params.last?.contains("Tot ziens") == true)
            _ = try await anna.waitFor(timeout: 20) { $0.command == "PART" && $0.params.first == "#keuken" }
            _ = try await anna.waitFor(timeout: 20) { $0.command == "JOIN" && $0.params.first == "#bar" && $0.sourceParts?.nick == "huddle" }
            #expect(await bot.waitForLog("reload: configuration in force"))

            try ("data_dir: data\n" + ircBlock + "teams:\n  - id: bar\n    chanel: \"#bar\"\n").write(toFile: bot.configPath, atomically: true, encoding: .utf8)
            bot.signal(SIGHUP)
            // Each problem is logged, then the refusal: wait for the last line.
            #expect(await bot.waitForLog("the old configuration stays in force"))
            #expect(bot.messages.contains { $0.contains("huddle.yaml:5:5") && $0.contains("chanel") })
            try await anna.send("PRIVMSG #bar :!zorg Wachtrij bij de bar")
            let second = try await anna.waitFor(timeout: 20) { $0.command == "NOTICE" && $0.sourceParts?.nick == "huddle" }
            #expect(second.params.last?.hasPrefix("Genoteerd") == true)
            #expect(!anna.transcript.contains { $0.contains("QUIT") && $0.hasPrefix(":huddle!") })

            let took = await bot.terminate(within: 10)
            #expect(took.map { $0 < 5 } == true, "huddle run took \(took.map { "\($0)" } ?? "more than 10") s to stop")
            #expect(bot.process.terminationStatus == 0)
            let quit = try await anna.waitFor(timeout: 10) { $0.command == "QUIT" && $0.sourceParts?.nick == "huddle" }
            #expect(quit.params.last?.contains("Huddle stopping") == true)
        }
        #expect(bot.connectionErrors.isEmpty, "\(bot.connectionErrors)")
        #expect(bot.strayFiles == ["next.yaml"])
        let week = ISOWeek(containing: Date(), in: TimeZone(identifier: "Europe/Amsterdam")!)
        let journal = FileJournal(dataDirectory: bot.dataDirectory)
        // What people said; a huddle the shift's time opened during the test may stand beside it.
        #expect(try await journal.entries(team: "receptie", week: week).entries.filter(\.isContribution).map(\.type) == [.gain])
        #expect(try await journal.entries(team: "bar", week: week).entries.filter(\.isContribution).map(\.type) == [.pain])
    }

    /// As nobody over TLS with a pinned certificate: registers and joins with no connection error.
    @Test func unprivilegedTLS() async throws {
        let irc = try await NgircdServer.started(tls: true)
        let bot = try BotProcess(executable: executable, yaml: """
            irc: {host: 127.0.0.1, port: \(irc.tlsPort!), tls: true, tls_fingerprints: ["\(irc.certificateFingerprint!)"], nick: huddle}
            \(teams(["receptie"]))
            """)
        #expect(await bot.waitForLog("IRC joined"))
        #expect(bot.connectionErrors.isEmpty, "\(bot.connectionErrors)")
        #expect(await bot.terminate().map { $0 < 5 } == true)
    }

    /// As nobody with a webhook team: the endpoint listens and takes a signed reply. The data
    /// directory, made 0755 as an older version made it, is narrowed to 0700 (logged), and nothing
    /// the bot wrote under it (lock, journal, ledger, digests) is open to other users.
    @Test func unprivilegedWebhookTeam() async throws {
        let peer = try await WebhookPeer.started()
        let port = try NgircdServer.freePort()
        let url = TestLogs.secret(peer.url("/hooks/keuken-\(UUID().uuidString.prefix(8))"))
        let token = TestLogs.secret("tok-\(UUID().uuidString)")
        let bot = try BotProcess(executable: executable, yaml: """
            webhooks: {listen: "127.0.0.1:\(port)"}
            teams:
              - id: keuken
                webhook: {platform: mattermost, url_env: KEUKEN_URL, secret_env: KEUKEN_TOKEN}
            """, environment: ["KEUKEN_URL": url, "KEUKEN_TOKEN": token])
        #expect(await bot.waitForLog("webhook endpoint listening"))
        let answer = try await CurlCommand.post("http://127.0.0.1:\(port)/mattermost/keuken",
                                                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                body: Data("token=\(token)&user_id=u1&user_name=anna&text=!blij+Soep".utf8))
        #expect(answer.status == 200 && answer.body.contains("Genoteerd"))
        #expect(bot.connectionErrors.isEmpty, "\(bot.connectionErrors)")
        #expect(await bot.terminate().map { $0 < 5 } == true)
        #expect(bot.process.terminationStatus == 0)
        let week = ISOWeek(containing: Date(), in: TimeZone(identifier: "Europe/Amsterdam")!)
        #expect(try await FileJournal(dataDirectory: bot.dataDirectory).entries(team: "keuken", week: week).entries.filter(\.isContribution)
            .map(\.type) == [.gain])
        #expect(bot.messages.contains { $0.hasPrefix("data directory was mode 755, open to other local users; it is now 700") })
        #expect(bot.openToOthers.isEmpty, "\(bot.openToOthers)")
    }

    /// The value of one metric line in a Prometheus scrape (`name{labels} value`), if present.
    func metric(_ scrape: String, _ prefix: String) -> Double? {
        scrape.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
    }

    /// As nobody with `metrics.listen`: curl scrapes /metrics in the Prometheus text format, and the
    /// counters move as an entry is stored and confirmed.
    @Test func metricsMove() async throws {
        let irc = try await NgircdServer.started()
        let port = try NgircdServer.freePort()
        let bot = try BotProcess(executable: executable, yaml: """
            metrics: {listen: "127.0.0.1:\(port)"}
            irc: {host: 127.0.0.1, port: \(irc.port), nick: huddle}
            \(teams(["receptie"]))
            """)
        #expect(await bot.waitForLog("IRC joined"))
        #expect(await bot.waitForLog("metrics endpoint listening"))
        let before = try await CurlCommand.get("http://127.0.0.1:\(port)/metrics")
        #expect(before.status == 200)
        #expect(metric(before.body, "huddle_irc_connected{server=\"127.0.0.1:\(irc.port)\"}") == 1)
        #expect(metric(before.body, "huddle_entries_stored_total{type=\"gain\"}") ?? 0 == 0)
        try await IRCTestClient.withClient(port: irc.port, nick: "anna") { anna in
            try await anna.send("JOIN #receptie")
            try await anna.send("PRIVMSG #receptie :!blij Koffie stond klaar")
            _ = try await anna.waitFor(timeout: 20) { $0.command == "NOTICE" && $0.sourceParts?.nick == "huddle" }
        }
        let after = try await CurlCommand.get("http://127.0.0.1:\(port)/metrics").body
        #expect(metric(after, "huddle_entries_stored_total{type=\"gain\"}") == 1)
        #expect(metric(after, "huddle_confirmation_seconds_count") == 1)
        #expect((metric(after, "huddle_journal_fsync_seconds_count") ?? 0) >= 1)
        #expect(after.contains("huddle_irc_reconnects_total"))
        #expect(try await CurlCommand.get("http://127.0.0.1:\(port)/nope").status == 404)
        #expect(await bot.terminate().map { $0 < 5 } == true)
    }

    /// One listener for everything: with `metrics.listen` the same address as `webhooks.listen`,
    /// that listener answers signed replies, `/healthz` and `/metrics` through one router.
    @Test func oneListenerForMetricsAndReplies() async throws {
        let peer = try await WebhookPeer.started()
        let port = try NgircdServer.freePort()
        let token = TestLogs.secret("tok-\(UUID().uuidString)")
        let bot = try BotProcess(executable: executable, yaml: """
            webhooks: {listen: "127.0.0.1:\(port)"}
            metrics: {listen: "127.0.0.1:\(port)"}
            teams:
              - id: keuken
                webhook: {platform: mattermost, url_env: KEUKEN_URL, secret_env: KEUKEN_TOKEN}
            """, environment: ["KEUKEN_URL": TestLogs.secret(peer.url("/hooks/keuken")), "KEUKEN_TOKEN": token])
        #expect(await bot.waitForLog("webhook endpoint listening"))
        let answer = try await CurlCommand.post("http://127.0.0.1:\(port)/mattermost/keuken",
                                                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                body: Data("token=\(token)&user_id=u1&user_name=anna&text=!blij+Soep".utf8))
        #expect(answer.status == 200 && answer.body.contains("Genoteerd"))
        let scrape = try await CurlCommand.get("http://127.0.0.1:\(port)/metrics")
        #expect(scrape.status == 200 && metric(scrape.body, "huddle_entries_stored_total{type=\"gain\"}") == 1)
        #expect(try await CurlCommand.get("http://127.0.0.1:\(port)/healthz").body == "ok\n")
        #expect(!bot.messages.contains { $0.contains("metrics endpoint listening") })
        #expect(await bot.terminate().map { $0 < 5 } == true)
    }

    /// `huddle reload` with new IRC connection settings and a new webhook listener: the bot says
    /// so, reconnects under its new nick and rejoins, and the endpoint answers on the new port
    /// only; an invalid file is refused by the command itself.
    @Test func reloadReconnectsAndRebinds() async throws {
        let irc = try await NgircdServer.started()
        let first = try NgircdServer.freePort(), second = try NgircdServer.freePort()
        let token = TestLogs.secret("tok-\(UUID().uuidString)")
        let peer = try await WebhookPeer.started()
        @Sendable func yaml(nick: String, port: Int) -> String {
            """
            webhooks: {listen: "127.0.0.1:\(port)"}
            irc: {host: 127.0.0.1, port: \(irc.port), nick: \(nick)}
            teams:
              - {id: receptie, channel: "#receptie"}
              - {id: keuken, webhook: {platform: mattermost, url_env: KEUKEN_URL, secret_env: KEUKEN_TOKEN}}
            """
        }
        let bot = try BotProcess(executable: executable, yaml: yaml(nick: "huddle", port: first),
                                 environment: ["KEUKEN_URL": TestLogs.secret(peer.url("/hooks/k")), "KEUKEN_TOKEN": token])
        @Sendable func post(_ port: Int) async -> Int {
            (try? await CurlCommand.post("http://127.0.0.1:\(port)/mattermost/keuken", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: Data("token=\(token)&user_id=u1&user_name=anna&text=!help".utf8)).status) ?? 0
        }
        try await IRCTestClient.withClient(port: irc.port, nick: "anna") { anna in
            #expect(await bot.waitForLog("IRC joined"))
            #expect(await bot.waitForLog("webhook endpoint listening"))
            try await anna.send("JOIN #receptie")
            _ = try await anna.waitFor(timeout: 10) { $0.command == "366" }
            #expect(await post(first) == 200)

            try ("data_dir: data\nteams: [\n").write(toFile: bot.configPath, atomically: true, encoding: .utf8)
            let refused = try await runProgram(huddleExecutable, ["reload", "--config", bot.configPath])
            #expect(refused.status == 2 && refused.output.contains("error"))

            try ("data_dir: data\n" + yaml(nick: "huddle2", port: second)).write(toFile: bot.configPath, atomically: true, encoding: .utf8)
            let reload = try await runProgram(huddleExecutable, ["reload", "--config", bot.configPath])
            #expect(reload.status == 0 && reload.output.contains("asked the bot (pid \(bot.process.processIdentifier))"))
            _ = try await anna.waitFor(timeout: 20) { $0.command == "QUIT" && $0.sourceParts?.nick == "huddle" }
            _ = try await anna.waitFor(timeout: 20) { $0.command == "JOIN" && $0.sourceParts?.nick == "huddle2" }
        }
        #expect(await bot.waitForLog("reconnecting"))
        #expect(await bot.waitForLog("rebinding the endpoint"))
        var answered = 0
        for _ in 0..<100 where answered != 200 {
            answered = await post(second)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(answered == 200)
        #expect(await post(first) == 0)
        #expect(await bot.terminate().map { $0 < 5 } == true)
    }

}
