import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// `!stil`, `!taal` and `!afwezig`: what people say about themselves, and a leader about a colleague.
@Suite struct PeopleCommandTests {
    let team = CommandTests.team
    let engine = HuddleEngine()
    /// Friday 4 December 2026, 08:00 in Amsterdam.
    let now = utc("2026-12-04T07:00:00Z")

    func situation(_ sender: Author, people: [JournalEntry] = [], accounts: [String: String] = [:]) -> ChatSituation {
        var situation = ChatSituation(team: team, sender: sender, at: now, accounts: accounts, accountsAvailable: true)
        situation.people = PeopleSettings(entries: people)
        return situation
    }

    let anna = Author(nick: "anna", account: "anna")
    /// Monique leads the team (by account).
    let monique = Author(nick: "monique", account: "monique")

    @Test func quiet() {
        #expect(engine.handle("!stil", in: situation(anna)) == .record(EntryDraft(type: .preference, text: "on", setting: "quiet"),
            ack: "Genoteerd: ik stuur je geen persoonlijke herinneringen meer om te antwoorden. Weer wel? Zeg !stil uit."))
        #expect(engine.handle("!quiet off", in: situation(anna)) == .record(EntryDraft(type: .preference, text: "off", setting: "quiet"),
            ack: "Genoteerd: je krijgt weer een persoonlijke herinnering als je nog niet hebt geantwoord."))
        #expect(engine.handle("!stil morgen", in: situation(anna)) == .reply(["Gebruik: !stil [uit]"]))
    }

    /// `!taal en` is said back in English, and from then on the bot answers that person in it.
    @Test func language() {
        #expect(engine.handle("!taal en", in: situation(anna)) == .record(EntryDraft(type: .preference, text: "en", setting: "language"),
            ack: "Noted: from now on I will speak to you in English."))
        let english = [JournalEntry(id: "p1", at: now.addingTimeInterval(-60), team: team.id, type: .preference, author: anna, text: "en")]
        var withSetting = english
        withSetting[0].setting = "language"
        #expect(engine.handle("!blij Snelle check-in", in: situation(anna, people: withSetting)) ==
                .record(EntryDraft(type: .gain, text: "Snelle check-in"), ack: "Noted: what makes customers happy. Thank you!"))
        #expect(engine.handle("!blij Snelle check-in", in: situation(Author(nick: "bob", account: "bob"), people: withSetting)) ==
                .record(EntryDraft(type: .gain, text: "Snelle check-in"), ack: "Genoteerd: waar klanten blij van worden. Dank je!"))
        #expect(engine.handle("!language team", in: situation(anna, people: withSetting)) ==
                .record(EntryDraft(type: .preference, setting: "language"), ack: "Noted: I will speak to you in the team's language again."))
        #expect(engine.handle("!taal fries", in: situation(anna)) == .reply(["Gebruik: !taal <nl|en|team>"]))
    }

    @Test func absence() {
        #expect(engine.handle("!afwezig tot dinsdag", in: situation(anna)) ==
                .record(EntryDraft(type: .absence, due: CalendarDay(parsing: "2026-12-08")),
                        ack: "Genoteerd: je bent afwezig tot en met dinsdag 8 december; tot dan tel je niet mee en krijg je geen herinneringen."))
        #expect(engine.handle("!absent off", in: situation(anna)) == .record(EntryDraft(type: .absence), ack: "Welkom terug! Genoteerd: je bent er weer."))
        // Naming oneself is the same as not naming anyone.
        #expect(engine.handle("!afwezig @Anna vandaag", in: situation(anna)) ==
                .record(EntryDraft(type: .absence, due: CalendarDay(parsing: "2026-12-04")),
                        ack: "Genoteerd: je bent afwezig tot en met vrijdag 4 december; tot dan tel je niet mee en krijg je geen herinneringen."))
        // A colleague only by a leader; the absence is the account the nick was seen with.
        #expect(engine.handle("!afwezig @bob tot 24-12", in: situation(anna)) ==
                .reply(["Alleen een teamleider kan een collega afwezig melden; jezelf kan altijd: !afwezig tot vrijdag."]))
        #expect(engine.handle("!afwezig @bob tot 24-12", in: situation(monique, accounts: ["bob": "bob-acc"])) ==
                .record(EntryDraft(type: .absence, owner: "bob-acc", due: CalendarDay(parsing: "2026-12-24")),
                        ack: "Genoteerd: bob is afwezig tot en met donderdag 24 december; tot dan telt bob niet mee en krijgt geen herinneringen."))
        #expect(engine.handle("!afwezig tot 31-02", in: situation(anna)) ==
                .reply(["\"tot 31-02\" is geen dag vanaf vandaag. Zeg bijvoorbeeld tot vrijdag, tot 12-12, vandaag of morgen. Er is niets opgeslagen."]))
        #expect(engine.handle("!afwezig lang", in: situation(anna)) ==
                .reply(["Gebruik: !afwezig [@nick] tot <dag> | tot <dd-mm> | vandaag | morgen | uit"]))
    }

    /// The latest entry counts; a leader's absence for someone is theirs; withdrawn entries do not count.
    @Test func settingsFromEntries() {
        func entry(_ id: String, _ type: EntryType, by author: Author, minutes: Double, text: String? = nil, setting: String? = nil,
                   owner: String? = nil, due: String? = nil) -> JournalEntry {
            var entry = JournalEntry(id: id, at: now.addingTimeInterval(minutes * 60), team: team.id, type: type, author: author, text: text, owner: owner)
            entry.setting = setting
            entry.due = due.flatMap(CalendarDay.init(parsing:))
            return entry
        }
        let settings = PeopleSettings(entries: [
            entry("1", .preference, by: anna, minutes: 2, text: "off", setting: "quiet"),
            entry("2", .preference, by: anna, minutes: 1, text: "on", setting: "quiet"),
            entry("3", .absence, by: monique, minutes: 1, owner: "Bob-Acc", due: "2026-12-10"),
            entry("4", .absence, by: anna, minutes: 3, due: "2026-12-05"),
            entry("5", .preference, by: monique, minutes: 1, text: "en", setting: "language"),
            entry("6", .withdrawn, by: monique, minutes: 2, text: nil).with(ref: "5"),
        ])
        #expect(!settings.person("anna").quiet && settings.person("anna").isAbsent(on: CalendarDay(parsing: "2026-12-05")!))
        #expect(!settings.person("anna").isAbsent(on: CalendarDay(parsing: "2026-12-06")!))
        #expect(settings.person("bob-acc").absentUntil == CalendarDay(parsing: "2026-12-10"))
        #expect(settings.person("monique").language == nil && settings.person("monique").absentUntil == nil)
    }
}

extension JournalEntry {
    func with(ref: String) -> JournalEntry {
        var entry = self
        entry.ref = ref
        return entry
    }
}
