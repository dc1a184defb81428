import Foundation
import HuddleCore
import HuddleTesting
import Testing

/// `huddle today`, and `huddle run` as nobody opening its huddles with the day's facts on IRC and
/// on a webhook platform.
@Suite struct TodayCommandTests {
    static let zone = TimeZone(identifier: "UTC")!

    func report(_ day: CalendarDay) -> String {
        "Arrival,Room,VIP,ETA,Group\n\(day),101,ja,,\n\(day),102,,14:00,groep Philips\n\(day.adding(days: 1)),103,ja,,\n"
    }

    /// The day as the prompt would open it, every event with its local start, and the dead source
    /// named with its problem (exit 1); as JSON for tools.
    @Test func todayShowsTheDayAndItsProblems() async throws {
        let feeds = try await FeedServer.started()
        let day = CalendarDay(Date(), in: Self.zone)
        try feeds.put("arrivals.csv", report(day))
        let path = try writeConfig("""
            timezone: UTC
            irc: {host: 127.0.0.1}
            teams:
              - id: receptie
                channel: "#receptie"
                today:
                  - {url: "\(feeds.url("/arrivals.csv"))", date: Arrival, count: arrivals, flags: {vip: VIP}, events: {time: ETA, title: Group}}
                  - {name: kapot, url: "\(feeds.url("/status/503"))", format: csv, count: departures}
                shifts: [{name: ochtend, start: "07:00"}]
            """)
        let text = try await runProgram(huddleExecutable, ["today", "--config", path, "--team", "receptie", "--date", day.description])
        #expect(text.status == 1)
        #expect(text.output.contains("Vandaag: 2 aankomsten (1 VIP)"))
        #expect(text.output.contains("14:00") && text.output.contains("groep Philips"))
        #expect(text.output.contains("receptie/kapot") && text.output.contains("HTTP 503"))
        let json = try await runProgram(huddleExecutable, ["today", "--config", path, "--team", "receptie", "--date", day.description, "--format", "json"],
                                        standardError: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["facts"] as? [String: Int] == ["arrivals": 2, "vip": 1, "events": 1])
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.first?["start"] as? String == "14:00" && events.first?["title"] as? String == "groep Philips")
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.count == 2 && sources.contains { $0["name"] as? String == "kapot" && ($0["problem"] as? String)?.contains("503") == true })
        let unknown = try await runProgram(huddleExecutable, ["today", "--config", path, "--team", "bar"])
        #expect(unknown.status != 0 && unknown.output.contains("no team 'bar'"))
    }

    /// As nobody, an IRC team and a webhook team: at the next whole minute both prompts open with
    /// their arrivals, fetched ahead; the copies kept are the service's own (0600).
    @Test func runOpensWithTheDayOnIRCAndWebhooks() async throws {
        let irc = try await NgircdServer.started()
        let feeds = try await FeedServer.started()
        let webhook = try await WebhookPeer.started()
        // A whole minute at least 25 s away: time to start, join and fetch.
        let start = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 + 25) / 60).rounded(.up) * 60)
        let day = CalendarDay(start, in: Self.zone)
        try feeds.put("arrivals.csv", report(day))
        let hhmm = LocalClock.time(start, in: Self.zone)
        let today = "today: [{url: \"\(feeds.url("/arrivals.csv"))\", date: Arrival, count: arrivals, flags: {vip: VIP}}]"
        let bot = try BotProcess(executable: huddleExecutable, yaml: """
            timezone: UTC
            irc: {host: 127.0.0.1, port: \(irc.port), nick: huddle}
            teams:
              - {id: receptie, channel: "#receptie", \(today), shifts: [{name: ochtend, start: "\(hhmm)", window: 1m}]}
              - {id: keuken, channel: "#keuken", webhook: {platform: generic, url_env: KEUKEN_URL}, \(today),
                 shifts: [{name: ochtend, start: "\(hhmm)", window: 1m}]}
            """, environment: ["KEUKEN_URL": webhook.url("/ok")])
        try await IRCTestClient.withClient(port: irc.port, nick: "anna") { anna in
            try await anna.send("JOIN #receptie")
            let line = try await anna.waitFor(timeout: 120) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("Vandaag:") == true }
            #expect(line.params.last == "Vandaag: 2 aankomsten (1 VIP)")
            #expect(Date().timeIntervalSince(start) < 10)
        }
        let deadline = Date().addingTimeInterval(20)
        while !webhook.requests.contains(where: { $0.body.contains("Vandaag: 2 aankomsten (1 VIP)") }) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(webhook.requests.contains { $0.body.contains("Vandaag: 2 aankomsten (1 VIP)") })
        #expect(await bot.terminate().map { $0 < 5 } == true)
        #expect(bot.connectionErrors.isEmpty, "\(bot.connectionErrors)")
        #expect(bot.openToOthers.isEmpty, "\(bot.openToOthers)")
        let kept = try FileManager.default.subpathsOfDirectory(atPath: bot.dataDirectory + "/feeds").filter { $0.hasSuffix(".json") }
        #expect(kept.count == 2)
    }
}
