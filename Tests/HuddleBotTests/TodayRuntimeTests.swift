import Foundation
import HuddleStore
import HuddleTesting
import IRCProtocol
import Logging
import Testing
import Webhooks
@testable import HuddleBot
@testable import HuddleCore

/// The day on the table against real peers: a CSV report on an HTTP server, a calendar on a real
/// CalDAV server (Radicale), a dead and a hanging source, on a real ngircd.
@Suite struct TodayRuntimeTests {
    static let zone = TimeZone(identifier: "Europe/Amsterdam")!

    /// The morning huddle opens on time with the arrivals and allergies from the CSV report, the
    /// events of the calendar, the night's handover and the days without a fall; the dead and the
    /// hanging source delay nothing and `!vandaag` names them. The journal records the counts shown.
    @Test func morningHuddleOpensWithTheDay() async throws {
        let server = try await NgircdServer.started()
        let feeds = try await FeedServer.started()
        // The clock reads 20 s before the next whole minute but one, where the shift starts.
        let (clock, shiftStart) = OffsetClock.beforeShift(lead: 20)
        let day = CalendarDay(shiftStart, in: Self.zone)
        let compact = day.description.replacingOccurrences(of: "-", with: "")
        try feeds.put("arrivals.csv", "\u{FEFF}Arrival;Room;VIP;Allergy;ETA;Group\r\n\(day);101;ja;noten;;\r\n\(day);102;;\"Noten, gluten\";14:00;groep Philips 20p\r\n"
                      + "\(day);103;ja;;;\r\n\(day.adding(days: 1));104;ja;lactose;;\r\n")
        // One event per resource, as CalDAV asks: a daily drill (a recurrence) and a market all day today.
        let calendar = { (event: String) in "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Huddle tests//NL\r\n\(event)END:VCALENDAR\r\n" }
        let radicale = try await RadicalePeer.started(calendars: [
            "drill.ics": calendar("BEGIN:VEVENT\r\nUID:drill@huddle.test\r\nDTSTAMP:20261101T000000Z\r\n"
                                  + "DTSTART;TZID=Europe/Amsterdam:20261101T160000\r\nDTEND;TZID=Europe/Amsterdam:20261101T163000\r\n"
                                  + "RRULE:FREQ=DAILY\r\nSUMMARY:Brandoefening\r\nEND:VEVENT\r\n"),
            "market.ics": calendar("BEGIN:VEVENT\r\nUID:market@huddle.test\r\nDTSTAMP:20261101T000000Z\r\n"
                                   + "DTSTART;VALUE=DATE:\(compact)\r\nSUMMARY:Kerstmarkt op het plein\r\nEND:VEVENT\r\n"),
        ])
        let data = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: data + "/secrets", withIntermediateDirectories: true)
        try RadicalePeer.password.write(toFile: data + "/secrets/agenda", atomically: true, encoding: .utf8)
        let shift = LocalClock.time(shiftStart, in: Self.zone)
        let night = LocalClock.time(shiftStart.addingTimeInterval(-8 * 3600), in: Self.zone)
        let config = try ConfigLoader.load(yaml: """
            data_dir: \(data)
            prompt: {opening_lines: 5}
            irc: {host: 127.0.0.1, port: \(server.port), nick: huddle}
            teams:
              - id: receptie
                channel: "#receptie"
                today:
                  - {name: aankomsten, url: "\(feeds.url("/arrivals.csv"))", date: Arrival, count: arrivals,
                     flags: {vip: VIP, allergies: Allergy}, events: {time: ETA, title: Group}}
                  - {name: agenda, url: "\(radicale.calendarURL)", format: ical, auth: {user: \(RadicalePeer.user), password_file: secrets/agenda}}
                  - {name: kapot, url: "\(feeds.url("/status/503"))", format: csv, count: departures}
                  - {name: traag, url: "\(feeds.url("/hang"))", format: csv, count: covers, timeout: 2s}
                counters:
                  - {id: val, nl: "dagen zonder val", en: "days without a fall", since: \(day.adding(days: -12))}
                questions:
                  - {nl: "Wie verwachten we?", en: "Who do we expect?"}
                  - {nl: "Wat moet de volgende dienst weten?", en: "What must the next shift know?", handover: true}
                shifts:
                  - {name: nacht, start: "\(night)", window: 20m}
                  - {name: ochtend, start: "\(shift)", window: 1m}
            """, path: data + "/huddle.yaml")
        let team = try #require(config.teams.first)
        // The night shift was held, and answered the handover question.
        let journal = FileJournal(dataDirectory: data)
        let nightOpened = shiftStart.addingTimeInterval(-8 * 3600)
        let nightRef = HuddleRef(shift: "nacht", day: CalendarDay(nightOpened, in: Self.zone))
        for entry in [JournalEntry(id: "n1", at: nightOpened, team: "receptie", type: .huddleOpened, huddle: nightRef),
                      JournalEntry(id: "n2", at: nightOpened.addingTimeInterval(60), team: "receptie", type: .answer,
                                   author: Author(nick: "piet", account: "piet"), huddle: nightRef, question: 2, text: "Lift 2 staat stil")] {
            try await journal.append(entry, week: entry.week(in: Self.zone))
        }
        let logger = Logger(label: "bot")
        let bot = try HuddleBot.onIRC(config, clock: clock, journal: journal, logger: logger)
        try await withRunningServices(bot.services, logger: logger) {
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                try await anna.join("#receptie")
                let header = try await anna.waitFor(timeout: 40) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("Huddle ochtend") == true }
                #expect(clock.now().timeIntervalSince(shiftStart) < 10, "the prompt came \(clock.now().timeIntervalSince(shiftStart)) s after the shift start")
                _ = header
                var opening: [String] = []
                while opening.count < 3 {
                    let line = try await anna.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.first == "#receptie" }
                    opening.append(line.params.last ?? "")
                }
                #expect(opening == ["Vandaag: 3 aankomsten (2 VIP) · Allergieën: noten ×2, gluten · "
                                        + "hele dag: Kerstmarkt op het plein · 14:00 groep Philips 20p · 16:00–16:30 Brandoefening",
                                    "Overdracht van nacht: Lift 2 staat stil", "12 dagen zonder val"])
                try await anna.send("PRIVMSG huddle :!vandaag")
                var replies: [String] = []
                while !replies.contains(where: { $0.hasPrefix("Bron traag") }) {
                    let reply = try await anna.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.first == "anna" }
                    // Lines waiting for the same person may come joined into one (" · ").
                    replies += (reply.params.last ?? "").components(separatedBy: " · ")
                }
                #expect(replies.contains("Bron kapot: HTTP 503; geen gegevens"))
                #expect(replies.contains { $0.hasPrefix("Bron traag:") && $0.contains("2 s") })
            }
        }
        let entries = try await journal.entries(team: "receptie", week: ISOWeek(containing: day))
        let opened = try #require(entries.entries.first { $0.type == .huddleOpened && $0.huddle?.shift == "ochtend" })
        #expect(opened.scheduled == nil)
        #expect(opened.facts == ["arrivals": 3, "vip": 2, "allergies": 3, "events": 3, "handover": 1])
        _ = team
    }
}

/// The last good copy of a source stays in use, with its time, when the source turns bad.
@Suite struct DayFeedsTests {
    /// A report that breaks (an open quote) or goes down leaves yesterday's facts in the prompt,
    /// said to be from when they were read, and names the source and why (with the line).
    @Test func brokenSourceKeepsTheLastGoodFactsWithTheirTime() async throws {
        let feeds = try await FeedServer.started()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let clock = ManualClock(now: utc("2026-12-05T05:00:00Z"))
        let day = CalendarDay(year: 2026, month: 12, day: 5)!
        let data = DataDirectory(try temporaryDirectory())
        let cache = FeedCache(directory: data.feeds)
        let log = CapturingLogHandler()
        let dayFeeds = DayFeeds(fetcher: FeedFetcher(cache: cache, http: CurlHTTPClient(), secrets: Secrets(environment: [:]), now: { clock.now() },
                                                     logger: log.logger()), cache: cache, logger: log.logger())
        let source = DaySource(name: "aankomsten", location: feeds.url("/arrivals.csv"), format: .csv,
                               mapping: FactMapping(dateColumn: "Arrival", count: FactName("arrivals")))
        try feeds.put("arrivals.csv", "Arrival;Room\n2026-12-05;101\n2026-12-05;102\n")
        await dayFeeds.refresh(owner: "receptie", sources: [source], day: day, timeZone: zone, now: clock.now())
        var (facts, from, problems) = await dayFeeds.facts(owner: "receptie", sources: [source], day: day, timeZone: zone)
        #expect(facts.counts.first?.value == 2 && from == nil && problems.isEmpty)

        clock.advance(by: 3600)
        try feeds.put("arrivals.csv", "Arrival;Room\n2026-12-05;101\n\"2026-12-05;102\n")
        await dayFeeds.refresh(owner: "receptie", sources: [source], day: day, timeZone: zone, now: clock.now())
        (facts, from, problems) = await dayFeeds.facts(owner: "receptie", sources: [source], day: day, timeZone: zone)
        #expect(facts.counts.first?.value == 2)
        #expect(from == utc("2026-12-05T05:00:00Z"))
        #expect(problems.first?.source == "aankomsten" && problems.first?.problem.contains("line 3") == true)
        #expect(log.captured.contains { $0.message == "source could not be read; the last good copy stays in use" })
        let lines = Opening.lines(OpeningParts(facts: facts, factsFrom: from), budget: 4, language: .nl, timeZone: zone, now: clock.now(), prefix: "!")
        #expect(lines == ["Vandaag: 2 aankomsten (gegevens van 06:00)"])

        // A restarted bot has only the disk: it uses the copy there, and says so, before its first fetch.
        let restarted = DayFeeds(fetcher: FeedFetcher(cache: cache, http: CurlHTTPClient(), secrets: Secrets(environment: [:]), now: { clock.now() },
                                                      logger: log.logger()), cache: cache, logger: log.logger())
        (facts, from, problems) = await restarted.facts(owner: "receptie", sources: [source], day: day, timeZone: zone)
        #expect(facts.counts.first?.value == 2 && from == utc("2026-12-05T05:00:00Z") && problems.count == 1)
    }

    /// A group's sources are fetched and kept like a team's (under `group:<id>`), and a reload that
    /// drops a source drops what the bot held of it.
    @Test func groupSourcesAreKeptAndForgotten() async throws {
        let feeds = try await FeedServer.started()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let day = CalendarDay(year: 2026, month: 12, day: 5)!
        let data = DataDirectory(try temporaryDirectory())
        let cache = FeedCache(directory: data.feeds)
        let dayFeeds = DayFeeds(fetcher: FeedFetcher(cache: cache, http: CurlHTTPClient(), secrets: Secrets(environment: [:]), now: { Date() },
                                                     logger: CapturingLogHandler().logger()), cache: cache, logger: CapturingLogHandler().logger())
        try feeds.put("lineup.csv", "Topic\nGlimlach als eerste\n")
        let source = DaySource(name: "thema", location: feeds.url("/lineup.csv"), format: .csv,
                               mapping: FactMapping(values: [FactColumn(FactName("topic"), column: "Topic")]))
        await dayFeeds.refresh(owner: "group:hotel", sources: [source], day: day, timeZone: zone, now: Date())
        let (facts, from, problems) = await dayFeeds.facts(owner: "group:hotel", sources: [source], day: day, timeZone: zone)
        #expect(facts.values.first?.text == "Glimlach als eerste" && from == nil && problems.isEmpty, "\(problems)")
        #expect(cache.load(team: "group:hotel", source: source.location) != nil)
        #expect(await dayFeeds.lastAttempt("group:hotel", sources: [source])?.failed == false)
        await dayFeeds.retain([:])
        #expect(await dayFeeds.lastAttempt("group:hotel", sources: [source]) == nil)
    }
}
