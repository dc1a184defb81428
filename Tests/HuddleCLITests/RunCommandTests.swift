import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing

@Suite struct RunCommandTests {
    var executable: String { huddleExecutable }

    /// `huddle run` (as nobody) with a Mattermost team next to an IRC team on a real ngircd: it joins the IRC
    /// channel, listens, takes a compliment through the outgoing webhook, tells the colleague in
    /// the Mattermost channel, and stops cleanly on SIGTERM.
    @Test func webhookTeamFromTheCommandLine() async throws {
        let peer = try await WebhookPeer.started()
        let irc = try await NgircdServer.started()
        let port = try NgircdServer.freePort()
        let bot = try BotProcess(executable: executable, yaml: """
            webhooks: {listen: "127.0.0.1:\(port)"}
            irc: {host: 127.0.0.1, port: \(irc.port), nick: huddle}
            teams:
              - id: receptie
                channel: "#receptie"
              - id: keuken
                webhook: {platform: mattermost, url_env: KEUKEN_URL, secret_env: KEUKEN_TOKEN}
            """, environment: ["KEUKEN_URL": TestLogs.secret(peer.url("/hooks/keuken")), "KEUKEN_TOKEN": TestLogs.secret("t0ken")])
        let url = "http://127.0.0.1:\(port)/mattermost/keuken"
        var answer: (status: Int, body: String) = (0, "")
        // bob says something first: a compliment goes only to someone the team has seen.
        for _ in 0..<300 {
            answer = (try? await CurlCommand.post(url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                  body: Data("token=t0ken&user_id=u2&user_name=bob&text=!help".utf8))) ?? (0, "")
            if answer.status != 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        answer = try await CurlCommand.post(url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                            body: Data("token=t0ken&user_id=u1&user_name=anna&text=!kudos+%40bob+Top".utf8))
        #expect(answer.status == 200 && answer.body.contains("Genoteerd: je compliment voor bob."))
        let deadline = Date().addingTimeInterval(10)
        while !peer.requests.contains(where: { $0.body.contains("@bob Compliment van anna: Top") }) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(peer.requests.map(\.path) == ["/hooks/keuken"])
        let joined = try await IRCTestClient.withClient(port: irc.port, nick: "anna") { anna -> Bool in
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                try await anna.send("NAMES #receptie")
                let names = try await anna.waitFor(timeout: 15) { $0.command == "353" || $0.command == "366" }
                if names.command == "353", names.params.last?.split(separator: " ").contains(where: { $0.hasSuffix("huddle") }) == true {
                    return true
                }
                try await Task.sleep(for: .milliseconds(300))
            }
            return false
        }
        #expect(joined)
        #expect(await bot.terminate() != nil && bot.process.terminationStatus == 0)
        #expect(bot.connectionErrors.isEmpty, "\(bot.connectionErrors)")
        let journal = try await FileJournal(dataDirectory: bot.dataDirectory).entries(team: "keuken", week: ISOWeek(containing: Date(), in: TimeZone(identifier: "Europe/Amsterdam")!))
        #expect(journal.entries.map(\.type) == [.kudos] && journal.entries.first?.author == Author(nick: "anna", account: "u1"))
    }
}
