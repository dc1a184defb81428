import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

@Suite struct DigestTests {
    let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: TimeZone(identifier: "Europe/Amsterdam")!,
                          shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, days: [.monday, .tuesday, .wednesday])])
    let week = ISOWeek(parsing: "2026-W48")!

    var entries: [JournalEntry] {
        let monday = HuddleRef(shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)
        let anna = Author(nick: "anna", account: "anna")
        let bob = Author(nick: "bob")
        return [
            JournalEntry(id: "1", at: utc("2026-11-23T06:00:00Z"), team: "receptie", type: .huddleOpened, huddle: monday, zone: "Europe/Amsterdam"),
            JournalEntry(id: "2", at: utc("2026-11-23T06:01:00Z"), team: "receptie", type: .answer, author: anna, huddle: monday, question: 1, text: "Groep van 12"),
            JournalEntry(id: "3", at: utc("2026-11-23T06:02:00Z"), team: "receptie", type: .answer, author: bob, huddle: monday, question: 2, text: "Regen"),
            JournalEntry(id: "4", at: utc("2026-11-23T06:03:00Z"), team: "receptie", type: .answer, author: anna, huddle: monday, question: 3, text: "Paraplu's klaar"),
            JournalEntry(id: "5", at: utc("2026-11-23T06:04:00Z"), team: "receptie", type: .kudos, author: anna, to: ["bob", "carla"], text: "Top"),
            JournalEntry(id: "6", at: utc("2026-11-23T09:00:00Z"), team: "receptie", type: .gain, author: bob, text: "Snelle check-in"),
            JournalEntry(id: "7", at: utc("2026-11-24T09:00:00Z"), team: "receptie", type: .pain, author: anna, text: "Lawaai"),
            JournalEntry(id: "8", at: utc("2026-11-23T06:15:00Z"), team: "receptie", type: .huddleClosed, huddle: monday, text: "closed"),
            JournalEntry(id: "9", at: utc("2026-11-23T09:30:00Z"), team: "keuken", type: .gain, author: bob, text: "other team"),
        ]
    }

    /// The digest counts what the journal holds: huddles planned and held, compliments per recipient, gains, pains, answers.
    @Test func buildsFromJournal() {
        let digest = DigestBuilder.build(team: team, week: week, entries: entries)
        #expect(digest.v == 1 && digest.team == "receptie" && digest.week == week && digest.timezone == "Europe/Amsterdam")
        #expect(digest.period.start.description == "2026-11-23" && digest.period.end.description == "2026-11-29")
        #expect(digest.huddles.scheduled == 3 && digest.huddles.held == 1)
        #expect(digest.huddles.list.map(\.held) == [true, false, false])
        #expect(digest.huddles.shifts == [.init(shift: "ochtend", scheduled: 3, held: 1, late: 0, missed: 0, skipped: 0)])
        #expect(digest.huddles.list[0].answers == 3 && digest.huddles.list[0].contributors == 2)
        #expect(digest.kudos.map(\.to) == ["bob", "carla"] && digest.kudos.allSatisfy { $0.from == "anna" })
        #expect(digest.observations.gains.map(\.text) == ["Snelle check-in"])
        #expect(digest.observations.pains.map(\.text) == ["Lawaai"])
        #expect(digest.answers.count == 1 && digest.answers[0].answers.map(\.question) == [1, 2, 3])
    }

    /// The same journal in any order gives the same bytes out.
    @Test func deterministic() throws {
        let one = try DigestBuilder.encode(DigestBuilder.build(team: team, week: week, entries: entries))
        let two = try DigestBuilder.encode(DigestBuilder.build(team: team, week: week, entries: entries.reversed()))
        #expect(one == two)
        let json = try #require(try JSONSerialization.jsonObject(with: one) as? [String: Any])
        #expect(Set(json.keys) == ["v", "team", "team_name", "week", "timezone", "period", "huddles", "kudos", "observations", "answers", "notes", "actions",
                                  "themes", "participation", "compliments", "trend", "recent_weeks", "open_actions",
                                  "no_compliments_4_weeks", "action_flow", "health", "escalations"])
        #expect(json["week"] as? String == "2026-W48")
    }

    /// A week without entries still gives a valid digest with the planned huddles.
    @Test func emptyWeek() throws {
        let digest = DigestBuilder.build(team: team, week: week, entries: [])
        #expect(digest.huddles.scheduled == 3 && digest.huddles.held == 0 && digest.kudos.isEmpty && digest.answers.isEmpty)
        let decoded = try HuddleJSON.decoder().decode(WeeklyDigest.self, from: try DigestBuilder.encode(digest))
        #expect(decoded == digest)
    }

    /// The text view shows the counts and contents in the team's language.
    @Test func textView() {
        let digest = DigestBuilder.build(team: team, week: week, entries: entries)
        let nl = DigestBuilder.text(digest, language: .nl)
        #expect(nl.hasPrefix("Weekoverzicht Receptie, week 48 (2026-W48)\nHuddles gehouden: 1 van 3 (vorige week 0)\n3 antwoorden, 2 complimenten, 1 blij, 1 zorg\n"))
        #expect(nl.contains("anna → carla: Top") && nl.contains("  - Lawaai (anna)"))
        #expect(DigestBuilder.text(digest, language: .en).contains("Huddles held: 1 of 3"))
    }

    /// Themes come from tags and from words that recur; the trend compares with last week.
    @Test func themesAndTrend() throws {
        func pain(_ id: String, _ text: String, tags: [String]? = nil, at: String) -> JournalEntry {
            JournalEntry(id: id, at: utc(at), team: "receptie", type: .pain, author: Author(nick: "anna"), text: text, tags: tags)
        }
        let thisWeek = [
            pain("1", "Lange wachttijd bij inchecken", tags: ["inchecken"], at: "2026-11-23T07:00:00Z"),
            pain("2", "Weer een rij #inchecken", tags: ["inchecken"], at: "2026-11-24T07:00:00Z"),
            pain("3", "Parkeerplaatsen vol", at: "2026-11-24T08:00:00Z"),
            pain("4", "Parkeerplaats vol om negen uur", at: "2026-11-25T08:00:00Z"),
            pain("5", "Stof van de bouw", at: "2026-11-25T09:00:00Z"),
        ]
        let lastWeek = [pain("0", "Rij bij #inchecken", tags: ["inchecken"], at: "2026-11-17T07:00:00Z"),
                        pain("00", "Nog een rij", tags: ["inchecken"], at: "2026-11-18T07:00:00Z"),
                        pain("000", "En nog een", tags: ["inchecken"], at: "2026-11-19T07:00:00Z")]
        let digest = DigestBuilder.build(team: team, week: week, entries: thisWeek + entries, previous: lastWeek)
        let themes = digest.themes.pains
        #expect(themes.map(\.theme) == ["#inchecken", "parkeerplat"])
        let checkin = try #require(themes.first)
        #expect(checkin.count == 2 && checkin.lastWeek == 3 && checkin.trend == "down" && checkin.shifts == ["ochtend"])
        #expect(checkin.examples == ["Lange wachttijd bij inchecken", "Weer een rij #inchecken"])
        #expect(themes[1].trend == "new" && themes[1].count == 2 && themes[1].lastWeek == 0)
        #expect(digest.trend.pains == .init(this: 6, last: 3))
        #expect(digest.participation.questions.map(\.answers) == [1, 1, 1])
        #expect(digest.participation.shifts == [.init(shift: "ochtend", held: 1, contributors: 2, answers: 3)])
        #expect(digest.compliments.given == [.init(person: "anna", count: 2)])
        #expect(digest.compliments.received.map(\.person) == ["bob", "carla"])
        let markdown = DigestBuilder.render(digest, language: .nl, format: .md)
        #expect(markdown.hasPrefix("# Weekoverzicht Receptie") && markdown.contains("## Waar klanten wakker van liggen (thema's)\n- #inchecken ×2 (↓ 3) [ochtend] — “Lange wachttijd bij inchecken”"))
    }

    /// Snowball's stemmer in the team's language folds plural and verb endings.
    @Test func stemming() {
        #expect(Themes.stem("parkeerplaatsen") == Themes.stem("parkeerplaats") && Themes.stem("liften") == Themes.stem("lift"))
        #expect(Themes.stem("rooms", language: .en) == Themes.stem("room", language: .en) && Themes.stem("waiting", language: .en) == "wait")
        #expect(Themes.stem("wachtrijen") == "wachtrij")
    }

    /// The closing summary counts answers, people, and what came in during the window.
    @Test func tally() {
        let occurrence = team.occurrence(of: team.shifts[0], on: CalendarDay(parsing: "2026-11-23")!)!
        let tally = HuddleTally(occurrence: occurrence, entries: entries)
        #expect(tally.answers == 3 && tally.people == 2 && tally.kudos == 1 && tally.observations == 0 && tally.actions.isEmpty)
        #expect(tally.answersByQuestion == [1: ["Groep van 12"], 2: ["Regen"], 3: ["Paraplu's klaar"]])
    }
}

@Suite struct PhraseTests {
    static let samples: [Phrase] = [
        .promptHeader(team: "T", shift: "s", day: CalendarDay(parsing: "2026-11-23")!, minutes: 15, questions: 3),
        .promptLate(scheduled: LocalTime(hour: 7, minute: 0)!), .promptFooter(prefix: "!"),
        .skippedHoliday("Kerst"), .skippedDate, .skippedByLeader(by: "m", reason: "r"),
        .reminder(shift: "s", minutes: 3, closesAt: LocalTime(hour: 7, minute: 15)!), .reminderWaitingFor(["a"]),
        .skipRecorded(shift: "s", day: CalendarDay(parsing: "2026-11-23")!), .onlyLeaders, .nothingToSkip,
        .summary(shift: "s", answers: 1, people: 1, kudos: 0, observations: 2), .answerRecorded(question: 1), .kudosRecorded(to: ["a"]),
        .gainRecorded, .painRecorded, .noOpenHuddle(prefix: "!"), .noSuchQuestion(number: 4, count: 3), .selfKudos, .usage("x"),
        .unknownCommand(prefix: "!", name: "x"), .storageFailed, .helpHeader(prefix: "!"),
        .digestTitle(team: "T", week: ISOWeek(parsing: "2026-W48")!), .digestHuddles(held: 1, scheduled: 2, upcoming: 0), .digestHuddles(held: 1, scheduled: 1, upcoming: 5),
        .digestCounts(kudos: 1, gains: 2, pains: 3, answers: 4),
    ]

    /// Every phrase exists in Dutch and in English, and the two differ.
    @Test(arguments: samples)
    func bothLanguages(_ phrase: Phrase) {
        let nl = phrase.text(.nl)
        let en = phrase.text(.en)
        #expect(!nl.isEmpty && !en.isEmpty)
        #expect(nl != en)
    }

    /// The prompt asks the three huddle questions in Dutch and English.
    @Test func questions() {
        let team = TeamConfig(id: "r", name: "Receptie", channel: "#r", timeZone: TimeZone(identifier: "Europe/Amsterdam")!,
                              shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)])
        let occurrence = team.occurrence(of: team.shifts[0], on: CalendarDay(parsing: "2026-11-24")!)!
        let nl = HuddlePrompt.lines(team: team, occurrence: occurrence, late: false, prefix: "!")
        #expect(nl.count == 5)
        #expect(nl[0] == "Huddle ochtend — Receptie, dinsdag 24 november. Antwoord met 1, 2 of 3 en je antwoord; de huddle staat 15 min open.")
        #expect(Array(nl[1...3]) == ["1. Wie verwachten we vandaag?", "2. Wat verwachten we vandaag?", "3. Hoe spelen we daar proactief op in?"])
        var english = team
        english.language = .en
        let en = HuddlePrompt.lines(team: english, occurrence: occurrence, late: true, prefix: "!")
        #expect(Array(en[1...4]) == ["(Later than planned: this huddle started at 07:00.)", "1. Who do we expect today?",
                                     "2. What do we expect today?", "3. How do we respond proactively?"])
    }

    /// Custom questions and an intro replace the defaults, with placeholders filled in.
    @Test func customPrompt() {
        var team = TeamConfig(id: "k", name: "Keuken", channel: "#k", timeZone: TimeZone(identifier: "Europe/Amsterdam")!,
                              shifts: [ShiftConfig(name: "laat", start: LocalTime(hour: 15, minute: 0)!,
                                                   questions: [LocalizedText(nl: "Hoeveel couverts op {date}?", en: "How many covers on {date}?")])],
                              questions: [LocalizedText(nl: "a", en: "b"), LocalizedText(nl: "c", en: "d")],
                              intro: LocalizedText(nl: "Hallo {team}, dienst {shift}!", en: "Hello {team}, shift {shift}!"))
        let occurrence = team.occurrence(of: team.shifts[0], on: CalendarDay(parsing: "2026-11-24")!)!
        #expect(HuddlePrompt.lines(team: team, occurrence: occurrence, late: false, prefix: "!") == [
            "Huddle laat — Keuken, dinsdag 24 november. Antwoord met 1 en je antwoord; de huddle staat 15 min open.",
            "Hallo Keuken, dienst laat!", "1. Hoeveel couverts op dinsdag 24 november?",
            "Tussendoor: !kudos <nick> <tekst> voor een compliment, !blij <tekst> of !zorg <tekst> voor waar klanten blij of wakker van liggen. !help voor meer.",
        ])
        team.shifts[0].questions = nil
        #expect(team.questions(forShift: "laat").map(\.en) == ["b", "d"])
    }
}
