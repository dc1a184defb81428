import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// Due dates read from the end of an action, in the team's days.
@Suite struct DueDateTests {
    /// Friday 4 December 2026.
    let friday = CalendarDay(parsing: "2026-12-04")!

    @Test(arguments: [
        ("Koffiemachine laten maken vandaag", "2026-12-04", "Koffiemachine laten maken"),
        ("Koffiemachine morgen", "2026-12-05", "Koffiemachine"),
        ("Koffiemachine tot morgen", "2026-12-05", "Koffiemachine"),
        ("Menukaart overmorgen", "2026-12-06", "Menukaart"),
        ("Call the taxi company tomorrow", "2026-12-05", "Call the taxi company"),
        ("Taxi bellen tot maandag", "2026-12-07", "Taxi bellen"),
        ("Taxi bellen tot ma", "2026-12-07", "Taxi bellen"),
        // A weekday is the next one after today: on a Friday, Friday is a week ahead.
        ("Taxi bellen tot vrijdag", "2026-12-11", "Taxi bellen"),
        ("Call the taxi company by Friday", "2026-12-11", "Call the taxi company"),
        ("Call them until wed", "2026-12-09", "Call them"),
        ("Kerstboom tot 12-12", "2026-12-12", "Kerstboom"),
        ("Kerstboom uiterlijk 12/12", "2026-12-12", "Kerstboom"),
        // A day and month already past this year is next year's.
        ("Jaarplan tot 3-1", "2027-01-03", "Jaarplan"),
        ("Jaarplan voor 3-1-2027", "2027-01-03", "Jaarplan"),
        ("Jaarplan by 3/1/27", "2027-01-03", "Jaarplan"),
        ("Vandaag nog, echt vandaag.", "2026-12-04", "Vandaag nog, echt"),
    ])
    func reads(_ text: String, _ day: String, _ rest: String) {
        #expect(DueDate.read(text, today: friday) == .due(CalendarDay(parsing: day)!, text: rest))
    }

    /// Words that only look like a date stay part of the text; a date that names no day ahead is refused.
    @Test func notADueDate() {
        for text in ["Taxi bellen", "Bellen tot 12.30", "Ik regel het, tot zo", "Tot vrijdagmiddag werk", "Lijst tot 14:00", "voor iedereen"] {
            #expect(DueDate.read(text, today: friday) == .none, "\(text)")
        }
        #expect(DueDate.read("Taart tot 31-02", today: friday) == .invalid("tot 31-02"))
        #expect(DueDate.read("Taart tot 1-1-2020", today: friday) == .invalid("tot 1-1-2020"))
        #expect(DueDate.read("Taart tot 3-12-2026", today: friday) == .invalid("tot 3-12-2026"))
        #expect(DueDate.read("Taart tot 1-1-2099", today: friday) == .invalid("tot 1-1-2099"))
        #expect(DueDate.read("Taart tot 12-99", today: friday) == .invalid("tot 12-99"))
    }

    /// Across the year's end and a leap day.
    @Test func yearEnds() {
        let newYearsEve = CalendarDay(parsing: "2026-12-31")!
        #expect(DueDate.read("x morgen", today: newYearsEve) == .due(CalendarDay(parsing: "2027-01-01")!, text: "x"))
        #expect(DueDate.read("x tot maandag", today: newYearsEve) == .due(CalendarDay(parsing: "2027-01-04")!, text: "x"))
        #expect(DueDate.read("x tot 29-2", today: newYearsEve) == .invalid("tot 29-2"))
        #expect(DueDate.read("x tot 29-2", today: CalendarDay(parsing: "2027-03-01")!) == .due(CalendarDay(parsing: "2028-02-29")!, text: "x"))
    }
}

@Suite struct ActionFollowUpTests {
    let team = CommandTests.team
    let engine = HuddleEngine()
    let anna = Author(nick: "anna", account: "anna")

    func situation(at: Date, history: [JournalEntry] = []) -> ChatSituation {
        var situation = ChatSituation(team: team, sender: anna, at: at, history: TeamHistory(entries: history), accountsAvailable: true)
        situation.whereabouts = { _ in .inChannel }
        return situation
    }

    func action(_ number: Int, _ text: String, owner: String? = nil, opened: String, due: String?, done: String? = nil) -> [JournalEntry] {
        var entry = JournalEntry(id: "a\(number)", at: utc(opened), team: team.id, type: .action, author: anna, text: text, owner: owner, number: number)
        entry.due = due.map { CalendarDay(parsing: $0)! }
        return [entry] + (done.map { [JournalEntry(id: "d\(number)", at: utc($0), team: team.id, type: .actionDone, author: anna, number: number, ref: "a\(number)")] } ?? [])
    }

    /// `!actie … tot vrijdag` stores the day in the team's zone and says it back; a bad date stores nothing.
    @Test func recordsDueDates() {
        // Thursday 3 December, 23:30 UTC: already Friday the 4th in Amsterdam.
        let late = utc("2026-12-03T23:30:00Z")
        #expect(engine.handle("!actie @bob Koffiemachine laten maken tot vrijdag", in: situation(at: late)) ==
                .record(EntryDraft(type: .action, text: "Koffiemachine laten maken", owner: "bob", number: 1, due: CalendarDay(parsing: "2026-12-11")!),
                        ack: "Genoteerd: actie 1 voor bob, tot vrijdag 11 december."))
        #expect(engine.handle("!actie Lijst vandaag", in: situation(at: late)) ==
                .record(EntryDraft(type: .action, text: "Lijst", number: 1, due: CalendarDay(parsing: "2026-12-04")!),
                        ack: "Genoteerd: actie 1, tot vrijdag 4 december."))
        #expect(engine.handle("!actie Taart tot 31-02", in: situation(at: late)) ==
                .reply(["\"tot 31-02\" is geen dag vanaf vandaag. Zeg bijvoorbeeld tot vrijdag, tot 12-12, vandaag of morgen. Er is niets opgeslagen."]))
        #expect(engine.handle("!actie morgen", in: situation(at: late)) ==
                .reply(["Gebruik: !actie [@nick] <tekst> [tot <dag> | tot <dd-mm> | vandaag | morgen]"]))
        var english = situation(at: late)
        english.team = CommandTests.englishTeam
        #expect(engine.handle("!action Call the taxi company by 12-12", in: english) ==
                .record(EntryDraft(type: .action, text: "Call the taxi company", number: 1, due: CalendarDay(parsing: "2026-12-12")!),
                        ack: "Noted: action 1, by Saturday 12 December."))
    }

    /// A due date travels through the journal line and back.
    @Test func dueDateIsStored() throws {
        let entry = action(1, "Koffie", opened: "2026-12-01T08:00:00Z", due: "2026-12-11")[0]
        let line = entry.jsonLine
        #expect(String(decoding: line, as: UTF8.self).contains(#""due":"2026-12-11""#))
        #expect(line == (try HuddleJSON.lineEncoder().encode(entry)) + Data([0x0A]))
        #expect(try HuddleJSON.decoder().decode(JournalEntry.self, from: line).due == CalendarDay(parsing: "2026-12-11"))
    }

    /// `huddle export` carries an action's due day, and which setting a preference sets.
    @Test func exportedWithTheirDays() {
        var quiet = JournalEntry(id: "p", at: utc("2026-12-01T08:00:00Z"), team: team.id, type: .preference, author: anna, text: "on")
        quiet.setting = "quiet"
        let rows = EntryExport.rows(action(1, "Koffie", opened: "2026-12-01T08:00:00Z", due: "2026-12-11") + [quiet], zone: team.timeZone,
                                    from: nil, to: nil, types: nil)
        #expect(rows.map(\.due) == ["2026-12-11", ""] && rows.map(\.setting) == ["", "quiet"])
        #expect(EntryExport.render(rows, format: .csv).hasPrefix(ExportRow.columns.joined(separator: ",") + "\r\n"))
        #expect(ExportRow.columns.suffix(4) == ["due", "setting", "peer", "via"])
    }

    /// `!acties` shows when each action is due, and how late.
    @Test func listsDueDates() {
        let history = action(1, "Koffie", owner: "bob", opened: "2026-11-30T08:00:00Z", due: "2026-12-02")
            + action(2, "Taxi", opened: "2026-12-03T08:00:00Z", due: "2026-12-04")
            + action(3, "Menukaart", opened: "2026-12-03T08:00:00Z", due: "2026-12-05")
            + action(4, "Kerst", opened: "2026-12-03T08:00:00Z", due: "2026-12-24")
            + action(5, "Zonder", opened: "2026-12-03T08:00:00Z", due: nil)
            + action(6, "Klaar", opened: "2026-12-01T08:00:00Z", due: "2026-12-02", done: "2026-12-03T08:00:00Z")
        #expect(engine.handle("!acties", in: situation(at: utc("2026-12-04T08:00:00Z"), history: history)) == .reply([
            "Open acties (5):", "1: Koffie (4 dagen, bob, 2 dagen te laat)", "2: Taxi (1 dag, vandaag)", "3: Menukaart (1 dag, morgen)",
            "4: Kerst (1 dag, tot donderdag 24 december)", "5: Zonder (1 dag)",
        ]))
        #expect(TeamHistory(entries: history).actionsDue(on: CalendarDay(parsing: "2026-12-04")!).map(\.number) == [1, 2])
    }

    /// The opening shows the actions due and overdue, oldest first, within its line and its budget.
    @Test func openingShowsActionsDue() {
        let history = TeamHistory(entries: (1...6).flatMap { number in
            action(number, "Actie nummer \(number) met een tekst van enige lengte", owner: number == 1 ? "bob" : nil,
                   opened: "2026-11-30T08:00:00Z", due: "2026-12-0\(number == 6 ? 4 : 1 + number % 3)")
        })
        let now = utc("2026-12-04T06:00:00Z")
        var parts = OpeningParts(counters: [.init(label: LocalizedText(nl: "dagen zonder val", en: "days without a fall"), 
                                                 status: CounterStatus(counter: CounterConfig(id: "val", label: LocalizedText(nl: "", en: "")), incidents: [],
                                                                       day: CalendarDay(parsing: "2026-12-04")!, timeZone: team.timeZone,
                                                                       firstDay: CalendarDay(parsing: "2026-11-22")))])
        parts.actionsDue = history.actionsDue(on: CalendarDay(parsing: "2026-12-04")!)
        let lines = Opening.lines(parts, budget: 3, language: .nl, timeZone: team.timeZone, now: now, prefix: "!")
        #expect(lines.count == 2)
        #expect(lines[0] == "Acties: 3 Actie nummer 3 met een tekst van enige lengte (3 dagen te laat) · "
                + "1 Actie nummer 1 met een tekst van enige lengte (bob, 2 dagen te laat) · +4 meer")
        #expect(lines[0].count <= Opening.lineWidth)
        #expect(lines[1] == "12 dagen zonder val")
        let everything = Opening.everything(parts, language: .en, timeZone: team.timeZone, now: now)
        #expect(everything.first == "Actions due today and overdue (6):")
        #expect(everything.contains("- 1 Actie nummer 1 met een tekst van enige lengte (bob, 2 days overdue)"))
        #expect(everything.contains("- 6 Actie nummer 6 met een tekst van enige lengte (today)"))
    }

    /// The digest counts actions opened and done, the median days to done, and what is overdue.
    @Test func digestFollowsActionsUp() throws {
        let week = ISOWeek(parsing: "2026-W49")!
        let entries = action(1, "Oud", opened: "2026-11-20T08:00:00Z", due: "2026-11-27", done: "2026-11-30T08:00:00Z")
            + action(2, "Snel", opened: "2026-11-30T08:00:00Z", due: nil, done: "2026-12-01T08:00:00Z")
            + action(3, "Te laat", owner: "bob", opened: "2026-11-30T08:00:00Z", due: "2026-12-02")
            + action(4, "Op tijd", opened: "2026-12-01T08:00:00Z", due: "2026-12-12")
            + action(5, "Vorige week klaar", opened: "2026-11-16T08:00:00Z", due: nil, done: "2026-11-20T08:00:00Z")
        var context = DigestContext(history: TeamHistory(entries: entries))
        context.firstDay = CalendarDay(parsing: "2026-11-16")
        let digest = DigestBuilder.build(team: team, week: week, entries: entries.filter { $0.at >= utc("2026-11-29T23:00:00Z") }, context: context)
        let flow = try #require(digest.actionFlow)
        #expect(flow.opened == 3 && flow.closed == 2)
        #expect(flow.medianDaysToClose == 5.5)
        #expect(flow.overdue == [.init(number: 3, text: "Te laat", owner: "bob", due: CalendarDay(parsing: "2026-12-02")!, daysOverdue: 4)])
        #expect(digest.openActions.first { $0.number == 3 }?.due == CalendarDay(parsing: "2026-12-02"))
        let text = DigestBuilder.text(digest, language: .nl)
        #expect(text.contains("Acties: 3 nieuw, 2 klaar (mediaan 5,5 dagen tot klaar), 1 te laat"))
        #expect(text.contains("3: Te laat (bob) — 4 dagen te laat (tot woensdag 2 december)"))
        let page = DigestHTML.render(digest, language: .en)
        #expect(page.contains("Actions: 3 new, 2 done (median 5.5 days to done), 1 overdue"))
        let decoded = try HuddleJSON.decoder().decode(WeeklyDigest.self, from: try DigestBuilder.encode(digest))
        #expect(decoded == digest)
        let group = GroupDigest.build(group: GroupConfig(id: "hotel", name: "Hotel", teams: [team.id]), digests: [digest])
        #expect(group.summary(language: .nl)[1].hasSuffix("acties: 3 nieuw, 2 klaar, 1 te laat"))
    }

    /// The huddle's own health: held on time, minutes to the last answer, contributors against the regulars.
    @Test func huddleHealth() throws {
        let digestTeam = DigestTests().team
        let tuesday = HuddleRef(shift: "ochtend", day: CalendarDay(parsing: "2026-11-24")!)
        let old = HuddleRef(shift: "ochtend", day: CalendarDay(parsing: "2026-11-02")!)
        let carla = Author(nick: "carla")
        let week = DigestTests().entries + [
            JournalEntry(id: "t1", at: utc("2026-11-24T06:30:00Z"), team: "receptie", type: .huddleOpened, huddle: tuesday,
                         zone: "Europe/Amsterdam", scheduled: utc("2026-11-24T06:00:00Z")),
            JournalEntry(id: "t2", at: utc("2026-11-24T06:40:00Z"), team: "receptie", type: .answer, author: Author(nick: "bob"),
                         huddle: tuesday, question: 1, text: "Rustig"),
        ]
        let earlier = [
            JournalEntry(id: "c1", at: utc("2026-11-02T06:05:00Z"), team: "receptie", type: .answer, author: carla, huddle: old, question: 1, text: "a"),
            JournalEntry(id: "c2", at: utc("2026-11-02T06:06:00Z"), team: "receptie", type: .answer, author: carla, huddle: old, question: 2, text: "b"),
        ]
        let digest = DigestBuilder.build(team: digestTeam, week: ISOWeek(parsing: "2026-W48")!, entries: week,
                                         context: DigestContext(history: TeamHistory(entries: earlier + week)))
        let health = try #require(digest.health)
        #expect(health == .init(scheduled: 3, onTime: 1, medianMinutesToLastAnswer: 6.5, contributors: 2, regulars: 3, regularsHeard: 2,
                                answersPerHuddle: 2, answersByChannel: ["chat": 4]))
        #expect(health.onTimePercent == 33)
        let text = DigestBuilder.text(digest, language: .nl)
        #expect(text.contains("Op tijd: 1 van 3 huddles (33%) · 2 antwoorden per huddle · laatste antwoord na 6,5 min (mediaan)"))
        #expect(text.contains("2 collega's antwoordden; 2 van de 3 vaste"))
        #expect(DigestBuilder.summary(digest, language: .en, path: nil)[2] == "On time: 1 of 3 huddles (33%) · 2 answers per huddle · last answer after 6.5 min (median)")
        let group = GroupDigest.build(group: GroupConfig(id: "hotel", name: "Hotel", teams: ["receptie"]), digests: [digest])
        let line = group.summary(language: .nl)[1]
        #expect(group.teams[0].onTime == 1 && line.hasSuffix("2 collega's, 4 antwoorden, 2 complimenten, 1 blij, 1 zorg, 0 open acties, op tijd 33%"), "\(line)")
    }

    /// The closing summary's recap: a line per question, the actions last, within the budget.
    @Test func recapWithinBudget() {
        let answers = [1: ["groep Philips 14:00", "familie de Vries, rolstoel"], 2: ["regen"], 3: (1...20).map { "antwoord nummer \($0) dat wat langer is" }]
        let actions = [HuddleRecap.Action(number: 4, text: "Paraplu's bij de deur", owner: "bob", due: CalendarDay(parsing: "2026-12-04")),
                       HuddleRecap.Action(number: 5, text: String(repeating: "lang ", count: 30), owner: nil, due: nil)]
        let today = CalendarDay(parsing: "2026-12-04")!
        let all = HuddleRecap.lines(answers: answers, actions: actions, budget: 4, language: .nl, today: today)
        #expect(all.count == 4)
        #expect(all[0] == "1: groep Philips 14:00; familie de Vries, rolstoel" && all[1] == "2: regen")
        #expect(all[2].hasPrefix("3: antwoord nummer 1 dat wat langer is; antwoord nummer 2") && all[2].hasSuffix("meer") && all[2].count <= 200)
        #expect(all[3] == "Acties: 4 Paraplu's bij de deur (bob, vandaag) · 5 " + String(repeating: "lang ", count: 12).dropLast() + "…")
        #expect(HuddleRecap.lines(answers: answers, actions: actions, budget: 2, language: .en, today: today).map { $0.prefix(8) } == ["1: groep", "Actions:"])
        #expect(HuddleRecap.lines(answers: answers, actions: [], budget: 0, language: .nl, today: today).isEmpty)
        #expect(HuddleRecap.lines(answers: [:], actions: [], budget: 4, language: .nl, today: today).isEmpty)
    }

    /// Around the changes of summer time the day is the team's own: after midnight local time it is the next day.
    @Test func dueDatesAcrossDaylightSaving() {
        // Sunday 25 October 2026, 00:30 summer time (22:30 UTC the day before); the clocks go back at 03:00.
        #expect(engine.handle("!actie Lijst morgen", in: situation(at: utc("2026-10-24T22:30:00Z"))) ==
                .record(EntryDraft(type: .action, text: "Lijst", number: 1, due: CalendarDay(parsing: "2026-10-26")!),
                        ack: "Genoteerd: actie 1, tot maandag 26 oktober."))
        // Sunday 29 March 2026, 00:30 winter time (23:30 UTC the day before); the clocks go forward at 02:00.
        #expect(engine.handle("!actie Lijst vandaag", in: situation(at: utc("2026-03-28T23:30:00Z"))) ==
                .record(EntryDraft(type: .action, text: "Lijst", number: 1, due: CalendarDay(parsing: "2026-03-29")!),
                        ack: "Genoteerd: actie 1, tot zondag 29 maart."))
        // Late on the due day it is still today; just after midnight it is a day overdue.
        let history = TeamHistory(entries: action(1, "Lijst", opened: "2026-10-20T08:00:00Z", due: "2026-10-25"))
        #expect(history.actionsDue(on: CalendarDay(utc("2026-10-25T22:59:00Z"), in: team.timeZone)).first?.overdueDays(on: CalendarDay(parsing: "2026-10-25")!) == 0)
        #expect(CalendarDay(utc("2026-10-25T23:01:00Z"), in: team.timeZone) == CalendarDay(parsing: "2026-10-26"))
    }
}
