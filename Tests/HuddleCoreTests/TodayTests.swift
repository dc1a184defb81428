import Foundation
import Testing
@testable import HuddleCore

/// The day on the table: sources in the config, rows to facts, the opening's budget, the
/// handover, counters and incidents.
@Suite struct TodayTests {
    static let zone = TimeZone(identifier: "Europe/Amsterdam")!
    static let day = CalendarDay(year: 2026, month: 12, day: 5)!

    static let hotel = """
        irc: {host: 127.0.0.1}
        prompt: {opening_lines: 3, fetch_ahead: 20m}
        teams:
          - id: receptie
            channel: "#receptie"
            today:
              - url: http://127.0.0.1:8088/arrivals.csv
                date: Arrival
                count: arrivals
                flags: {vip: VIP, allergies: Allergy}
                events: {time: Time, title: Group}
              - name: agenda
                path: /srv/pms/agenda.ics
                count: {name: drills, nl: oefeningen, en: drills}
            counters:
              - {id: val, nl: "dagen zonder val", en: "days without a fall", since: 2026-11-01}
            questions:
              - {nl: "Wat moet de ochtendploeg weten?", en: "What must the morning shift know?", handover: true}
              - {nl: "Hoe ging het?", en: "How did it go?"}
            shifts:
              - {name: ochtend, start: "07:00"}
              - {name: nacht, start: "23:00", handover_to: ochtend}
        groups:
          - id: hotel
            teams: [receptie]
            lineup:
              sat: {nl: "Glimlach als eerste", en: "Smile first"}
              2026-12-24: {nl: "Kerstavond", en: "Christmas Eve"}
        """

    func issues(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.load(yaml: yaml, path: "huddle.yaml")
            return []
        } catch {
            return error.issues.map(\.message)
        }
    }

    /// Sources, counters, handover questions, the line-up and the opening settings read as written.
    @Test func readsTheDayFromTheConfig() throws {
        let config = try ConfigLoader.load(yaml: Self.hotel, path: "/etc/huddle/huddle.yaml")
        #expect(config.opening == OpeningSettings(lines: 3, fetchAhead: 1200))
        let team = try #require(config.teams.first)
        #expect(team.today.map(\.name) == ["arrivals.csv", "agenda"])
        #expect(team.today.map(\.format) == [.csv, .ical])
        #expect(team.today[0].mapping.flags.map(\.column) == ["VIP", "Allergy"])
        #expect(team.today[0].mapping.dateColumn == "Arrival")
        #expect(team.today[1].location == "/srv/pms/agenda.ics")
        #expect(team.today[1].mapping.count?.label == LocalizedText(nl: "oefeningen", en: "drills"))
        #expect(team.counters == [CounterConfig(id: "val", label: LocalizedText(nl: "dagen zonder val", en: "days without a fall"),
                                                since: CalendarDay(year: 2026, month: 11, day: 1))])
        #expect(team.handoverQuestions(forShift: "nacht") == [1])
        #expect(team.shift(named: "nacht")?.handoverTo == "ochtend")
        let lineup = try #require(config.groups.first?.lineup)
        #expect(lineup.topic(on: Self.day)?.nl == "Glimlach als eerste")
        #expect(lineup.topic(on: CalendarDay(year: 2026, month: 12, day: 24)!)?.en == "Christmas Eve")
    }

    /// Every mistake in a source says where and what.
    @Test func sourceMistakes() {
        let base = "irc: {host: h}\nteams:\n  - id: t\n    channel: \"#t\"\n    today:\n"
        #expect(issues(base + "      - {count: arrivals}").contains { $0.contains("needs a 'url'") })
        #expect(issues(base + "      - {url: ftp://x/a.csv, count: arrivals}").contains { $0.contains("http:// or https://") })
        #expect(issues(base + "      - {url: http://x/report, count: arrivals}").contains { $0.contains("needs 'format: csv'") })
        #expect(issues(base + "      - {url: http://x/a.csv}").contains { $0.contains("shows nothing") })
        #expect(issues(base + "      - {url: http://x/a.ics, flags: {vip: VIP}}").contains { $0.contains("a calendar gives its events") })
        #expect(issues(base + "      - {url: http://x/a.csv, events: {title: Guest name}}").contains { $0.contains("pii: allow") })
        #expect(issues(base + "      - {url: http://x/a.csv, events: {title: Guest name}, pii: allow}").isEmpty)
        #expect(issues(base + "      - {url: \"http://u:p@x/a.csv\", count: arrivals}").contains { $0.contains("holds a password") })
        #expect(issues(base + "      - {url: http://x/a.csv, count: Arrivals}").contains { $0.contains("lower-case") })
        #expect(issues(base + "      - {url: http://x/a.csv, count: arrivals, auth: {user: u}}").contains { $0.contains("password_env") })
        let shifts = "irc: {host: h}\nteams:\n  - id: t\n    channel: \"#t\"\n    shifts:\n      - {name: a, start: \"07:00\", handover_to: avond}\n"
        #expect(issues(shifts).contains { $0.contains("hands over to 'avond'") })
    }

    static let arrivals: [[String: String]] = [
        ["Arrival": "2026-12-05", "Room": "12", "VIP": "ja", "Allergy": "noten", "Time": "", "Group": ""],
        ["Arrival": "05-12-2026", "Room": "14", "VIP": "", "Allergy": "Noten, gluten", "Time": "14:00", "Group": "groep Philips 20p"],
        ["Arrival": "05/12/2026", "Room": "15", "VIP": "x", "Allergy": "", "Time": "", "Group": ""],
        ["Arrival": "2026-12-06", "Room": "16", "VIP": "ja", "Allergy": "lactose", "Time": "", "Group": ""],
        ["Arrival": "morgen", "Room": "17", "VIP": "", "Allergy": "", "Time": "", "Group": ""],
    ]

    /// Rows of the day count; yes/no columns count beside their count, other columns list their values.
    @Test func rowsBecomeFacts() {
        let mapping = FactMapping(dateColumn: "Arrival", count: FactName("arrivals"),
                                  flags: [FactColumn(FactName("vip"), column: "VIP"), FactColumn(FactName("allergies"), column: "Allergy")],
                                  events: EventColumns(time: "Time", title: "Group"))
        let facts = mapping.facts(rows: Self.arrivals, day: Self.day, timeZone: Self.zone)
        #expect(facts.counts == [CountFact(name: FactName("arrivals"), value: 3, flags: [CountFact(name: FactName("vip"), value: 2)])])
        #expect(facts.lists.first?.items.map(\.text) == ["noten", "gluten"])
        #expect(facts.lists.first?.items.map(\.count) == [2, 1])
        #expect(facts.events == [DayEvent(start: Self.day.instant(at: LocalTime(hour: 14, minute: 0)!, in: Self.zone), title: "groep Philips 20p")])
        #expect(facts.problems == ["row 5: 'morgen' in column Arrival is not a date"])
        #expect(facts.recorded == ["arrivals": 3, "vip": 2, "allergies": 3, "events": 1])
        let lines = Opening.dayLines(OpeningParts(facts: facts), language: .nl, timeZone: Self.zone, now: Self.day.start(in: Self.zone))
        #expect(lines == ["Vandaag: 3 aankomsten (2 VIP)", "Allergieën: noten ×2, gluten", "14:00 groep Philips 20p"])
        let english = Opening.dayLines(OpeningParts(facts: facts), language: .en, timeZone: Self.zone, now: Self.day.start(in: Self.zone))
        #expect(english == ["Today: 3 arrivals (2 VIPs)", "Allergies: noten ×2, gluten", "14:00 groep Philips 20p"])
    }

    /// Sums, values and times in the forms reports write them.
    @Test func sumsValuesAndTimes() {
        let rows = [["covers": "4", "occ": "91%"], ["covers": "2,5", "occ": "90%"], ["covers": "x", "occ": ""]]
        let facts = FactMapping(sums: [FactColumn(FactName("covers"), column: "covers")], values: [FactColumn(FactName("occupancy"), column: "occ")])
            .facts(rows: rows, day: Self.day, timeZone: Self.zone)
        #expect(facts.counts.first?.value == 7)
        #expect(facts.values.first?.text == "91%")
        #expect(facts.problems == ["'x' in column covers is not a number"])
        let noon = Self.day.instant(at: LocalTime(hour: 12, minute: 0)!, in: Self.zone)
        #expect(RowValues.time("12.00", on: Self.day, in: Self.zone) == noon)
        #expect(RowValues.time("2026-12-05 12:00", on: Self.day, in: Self.zone) == noon)
        #expect(RowValues.time("2026-12-05T11:00:00Z", on: Self.day, in: Self.zone) == noon)
        #expect(RowValues.time("noon", on: Self.day, in: Self.zone) == nil)
        #expect(RowValues.time("2026-12-05T12:00+01:00", on: Self.day, in: Self.zone) == noon)
        #expect(RowValues.time("2026-12-05 06:00:00 -05:00", on: Self.day, in: Self.zone) == noon)
        #expect(RowValues.time("12:00 - 16:00", on: Self.day, in: Self.zone) == noon)
        #expect(RowValues.time("12:00 -16:00", on: Self.day, in: Self.zone) == noon)
        #expect(RowValues.day("2026-12-05T23:30:00Z", in: Self.zone) == Self.day.adding(days: 1))
        #expect(RowValues.day("05.12.2026 23:30") == Self.day)
        #expect(RowValues.day("31-02-2026") == nil)
    }

    /// The opening fills its budget first line of each part first, in a fixed order, and says where the rest is.
    @Test func openingBudget() {
        var facts = DayFacts()
        facts.counts = [CountFact(name: FactName("arrivals"), value: 42)]
        facts.lists = [ListFact(name: FactName("allergies"), items: [.init(text: "noten", count: 2)])]
        let handover = Handover(from: HuddleRef(shift: "nacht", day: Self.day), items: [.answer(question: 1, text: "lift 2 stuk"), .pain("koud ontbijt")])
        let counter = OpeningParts.Counter(label: LocalizedText(nl: "dagen zonder val", en: "days without a fall"),
                                           status: CounterStatus(counter: CounterConfig(id: "val", label: LocalizedText(nl: "", en: "")), incidents: [],
                                                                 day: Self.day, timeZone: Self.zone, firstDay: Self.day.adding(days: -12)))
        let parts = OpeningParts(facts: facts, factsFrom: Self.day.instant(at: LocalTime(hour: 6, minute: 30)!, in: Self.zone),
                                 handover: handover, counters: [counter], topic: "Glimlach als eerste")
        let now = Self.day.instant(at: LocalTime(hour: 7, minute: 0)!, in: Self.zone)
        let four = Opening.lines(parts, budget: 4, language: .nl, timeZone: Self.zone, now: now, prefix: "!")
        #expect(four == ["Vandaag: 42 aankomsten (gegevens van 06:30) · Allergieën: noten ×2", "Overdracht van nacht: lift 2 stuk; zorg: koud ontbijt",
                         "12 dagen zonder val", "Thema van de dag: Glimlach als eerste"])
        let two = Opening.lines(parts, budget: 2, language: .en, timeZone: Self.zone, now: now, prefix: "!")
        #expect(two == ["Today: 42 arrivals (data from 06:30) · Allergies: noten ×2", "Handover from nacht: lift 2 stuk; worry: koud ontbijt (more: !today)"])
        #expect(Opening.lines(parts, budget: 9, language: .nl, timeZone: Self.zone, now: now, prefix: "!").count == 4)
        // A day block too long for one line takes more, in the budget's second round.
        var busy = parts
        busy.facts.events = (0..<8).map { DayEvent(start: now.addingTimeInterval(Double($0) * 1800), title: "groep \($0) met een lange naam") }
        let three = Opening.lines(busy, budget: 5, language: .nl, timeZone: Self.zone, now: now, prefix: "!")
        #expect(three.count == 5 && three[1].hasPrefix("07:00 groep 0") && three[2].hasPrefix("Overdracht"))
        #expect(Opening.lines(OpeningParts(), budget: 4, language: .nl, timeZone: Self.zone, now: now, prefix: "!").isEmpty)
    }

    /// Long lists fold: events past the line say how many more, a long handover stops at three lines.
    @Test func folding() {
        let events = (0..<40).map { "gebeurtenis nummer \($0)" }
        let line = Opening.fit(events, separator: " · ", language: .nl)
        #expect(line.count <= Opening.lineWidth + 12 && line.hasSuffix("meer"))
        let long = String(repeating: "woord ", count: 200)
        let folded = Opening.fold(long, lines: 3, language: .nl)
        #expect(folded.count == 3 && folded.allSatisfy { $0.count <= Opening.lineWidth } && folded[2].hasSuffix("…"))
    }

    static func entry(_ type: EntryType, _ at: Date, huddle: HuddleRef? = nil, question: Int? = nil, text: String? = nil,
                      number: Int? = nil, counter: String? = nil) -> JournalEntry {
        var entry = JournalEntry(id: UUID().uuidString, at: at, team: "receptie", type: type, author: Author(nick: "anna", account: "anna"),
                                 huddle: huddle, question: question, text: text, number: number)
        entry.counter = counter
        return entry
    }

    /// The night shift's handover answers, pains and new actions open the morning's huddle; the
    /// other answers stay in the night's huddle.
    @Test func handoverFromTheNight() throws {
        let config = try ConfigLoader.load(yaml: Self.hotel, path: "huddle.yaml")
        let team = try #require(config.teams.first)
        let night = HuddleRef(shift: "nacht", day: Self.day.adding(days: -1))
        let nightOpens = Self.day.adding(days: -1).instant(at: LocalTime(hour: 23, minute: 0)!, in: Self.zone)
        let history = TeamHistory(entries: [
            Self.entry(.huddleOpened, nightOpens, huddle: night),
            Self.entry(.answer, nightOpens.addingTimeInterval(60), huddle: night, question: 1, text: "Kamer 12 lekt"),
            Self.entry(.answer, nightOpens.addingTimeInterval(90), huddle: night, question: 2, text: "Rustig"),
            Self.entry(.pain, nightOpens.addingTimeInterval(3 * 3600), text: "Gast klaagt over lawaai"),
            Self.entry(.action, nightOpens.addingTimeInterval(4 * 3600), text: "Loodgieter bellen", number: 3),
        ])
        let handover = try #require(Handover.find(for: HuddleKey(team: "receptie", shift: "ochtend", day: Self.day), team: team, history: history))
        #expect(handover.from == night)
        #expect(handover.items == [.answer(question: 1, text: "Kamer 12 lekt"), .pain("Gast klaagt over lawaai"),
                                   .action(number: 3, text: "Loodgieter bellen", owner: nil)])
        // A team whose questions hand nothing over gets no handover.
        var plain = team
        plain.handoverQuestions = []
        plain.shifts = plain.shifts.map { var shift = $0; shift.handoverTo = nil; return shift }
        #expect(Handover.find(for: HuddleKey(team: "receptie", shift: "ochtend", day: Self.day), team: plain, history: history) == nil)
        // The night hands over to the morning, not to the next night.
        #expect(Handover.find(for: HuddleKey(team: "receptie", shift: "nacht", day: Self.day), team: team, history: history) == nil)
    }

    /// Counters count days since the last incident, keep their record and celebrate milestones.
    @Test func counters() {
        let counter = CounterConfig(id: "val", label: LocalizedText(nl: "dagen zonder val", en: "days without a fall"),
                                    since: CalendarDay(year: 2026, month: 1, day: 10))
        let incident = { (day: CalendarDay) in day.instant(at: LocalTime(hour: 10, minute: 0)!, in: Self.zone) }
        let first = CalendarDay(year: 2026, month: 3, day: 1)!
        let second = first.adding(days: 20)
        let status = { (day: CalendarDay) in CounterStatus(counter: counter, incidents: [incident(first), incident(second)], day: day, timeZone: Self.zone, firstDay: nil) }
        #expect(status(second.adding(days: 5)).days == 5)
        #expect(status(second.adding(days: 5)).record == first.ordinal - CalendarDay(year: 2026, month: 1, day: 10)!.ordinal)
        #expect(status(second.adding(days: 30)).milestone == .days(30))
        #expect(status(second.adding(days: 31)).milestone == nil)
        let previous = first.ordinal - CalendarDay(year: 2026, month: 1, day: 10)!.ordinal
        #expect(status(second.adding(days: previous + 1)).milestone == .record(previous: previous))
        #expect(status(first.adding(days: -1)).days == first.adding(days: -1).ordinal - CalendarDay(year: 2026, month: 1, day: 10)!.ordinal)
        #expect(Phrase.Today.counter(days: 30, label: "dagen zonder val", milestone: .days(30)).text(.nl) == "🎉 30 dagen zonder val!")
    }

    /// `!incident` needs a known counter and a text, and records who and when; `!vandaag` shows the opening.
    @Test func incidentAndToday() throws {
        let config = try ConfigLoader.load(yaml: Self.hotel, path: "huddle.yaml")
        let team = try #require(config.teams.first)
        let now = Self.day.instant(at: LocalTime(hour: 9, minute: 0)!, in: Self.zone)
        var situation = ChatSituation(team: team, sender: Author(nick: "anna", account: "anna"), at: now, accountsAvailable: true)
        let engine = HuddleEngine()
        guard case .record(let draft, let ack) = engine.handle("!incident val mevrouw gevallen in kamer 12", in: situation) else {
            Issue.record("no incident recorded")
            return
        }
        #expect(draft.type == .incident && draft.counter == "val" && draft.text == "mevrouw gevallen in kamer 12")
        #expect(ack?.contains("weer op 0 (was 34 dagen)") == true)
        #expect(engine.handle("!incident brand rook", in: situation) == .reply(["Er is geen teller \"brand\". Tellers van dit team: val."]))
        #expect(engine.handle("!incident val", in: situation) == .reply([Phrase.usage("!incident <teller> <wat er gebeurde>").text(.nl)]))
        #expect(engine.handle("!vandaag", in: situation) == .reply([Phrase.Today.nothingKnown.text(.nl)]))
        situation.opening = OpeningParts(topic: "Glimlach als eerste", problems: [SourceProblem(source: "arrivals.csv", problem: "HTTP 503", dataFrom: nil)])
        #expect(engine.handle("!today", in: situation) == .reply(["Thema van de dag: Glimlach als eerste", "Bron arrivals.csv: HTTP 503; geen gegevens"]))
    }

    /// Incidents and the facts a prompt showed go into the journal line as the encoder writes them.
    @Test func journalLines() throws {
        var opened = JournalEntry(id: "a", at: Date(timeIntervalSince1970: 1_796_000_000), team: "receptie", type: .huddleOpened,
                                  huddle: HuddleRef(shift: "ochtend", day: Self.day))
        opened.facts = ["vip": 2, "arrivals": 42]
        var incident = JournalEntry(id: "b", at: Date(timeIntervalSince1970: 1_796_000_000), team: "receptie", type: .incident, text: "val")
        incident.counter = "val"
        for entry in [opened, incident] {
            #expect(entry.jsonLine == (try HuddleJSON.lineEncoder().encode(entry)) + Data("\n".utf8))
            #expect(try HuddleJSON.decoder().decode(JournalEntry.self, from: entry.jsonLine) == entry)
        }
    }

    /// The digest puts each day's facts beside its observations, runs each counter through the week
    /// with its record and incidents, and counts the handovers; the page shows them.
    @Test func digestDays() throws {
        let config = try ConfigLoader.load(yaml: Self.hotel, path: "huddle.yaml")
        let team = try #require(config.teams.first)
        let week = ISOWeek(containing: Self.day)
        let monday = week.monday
        let at = { (day: CalendarDay, hour: Int) in day.instant(at: LocalTime(hour: hour, minute: 0)!, in: Self.zone) }
        var first = Self.entry(.huddleOpened, at(monday, 7), huddle: HuddleRef(shift: "ochtend", day: monday))
        first.facts = ["arrivals": 42, "vip": 2, "handover": 3]
        var second = Self.entry(.huddleOpened, at(monday.adding(days: 1), 7), huddle: HuddleRef(shift: "ochtend", day: monday.adding(days: 1)))
        second.facts = ["arrivals": 12]
        let entries = [first, second,
                       Self.entry(.pain, at(monday.adding(days: 1), 9), text: "Lange rij bij de balie"),
                       Self.entry(.pain, at(monday.adding(days: 1), 10), text: "Koud ontbijt"),
                       Self.entry(.incident, at(monday.adding(days: 2), 11), text: "Gast uitgegleden in de lobby", counter: "val")]
        let digest = DigestBuilder.build(team: team, week: week, entries: entries, context: DigestContext(history: TeamHistory(entries: entries)))
        let days = try #require(digest.days)
        #expect(days.handovers == 1)
        #expect(days.days.map(\.facts) == [["arrivals": 42, "vip": 2], ["arrivals": 12]])
        #expect(days.days.map(\.pains) == [0, 2])
        let counter = try #require(days.counters.first)
        // Counting from 1 November: 29 days on Monday 30 November, 31 by the incident on Wednesday.
        #expect(counter.run == [29, 30, 0, 1, 2, 3, 4])
        #expect(counter.record == 31 && counter.incidents.map(\.text) == ["Gast uitgegleden in de lobby"])
        let page = DigestHTML.render(digest, language: .nl)
        #expect(page.contains("De dagen naast wat klanten zeiden") && page.contains("42 aankomsten") && page.contains("dagen zonder val (record: 31)"))
        let json = String(decoding: try HuddleJSON.documentEncoder().encode(digest), as: UTF8.self)
        #expect(try HuddleJSON.decoder().decode(WeeklyDigest.self, from: Data(json.utf8)) == digest)
    }
}
