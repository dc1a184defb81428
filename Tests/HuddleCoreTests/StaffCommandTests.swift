import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

@Suite struct PersonalDataTests {
    /// A BSN counts only when it passes the 11-check.
    @Test func bsn() {
        #expect(PersonalData.passesElevenCheck("111222333"))
        #expect(PersonalData.passesElevenCheck("123456782"))
        #expect(!PersonalData.passesElevenCheck("123456789"))
        #expect(PersonalData.kinds(in: "BSN 1112.22.333 van mevrouw") == [.bsn])
        #expect(PersonalData.kinds(in: "Kamer 123456789 is vrij").isEmpty)
    }

    /// Phone numbers, e-mail addresses and dates of birth are found; ordinary numbers and event dates are not.
    @Test(arguments: [
        ("Bel 06-12345678 terug", [PersonalData.Kind.phone]),
        ("bel +31 6 1234 5678", [.phone]),
        ("vaste lijn 020 123 4567", [.phone]),
        ("mail j.jansen@example.nl even", [.email]),
        ("geboren 12-03-1941, kamer 4", [.birthDate]),
        ("geb. 1941-03-12", [.birthDate]),
        ("groep van 12 om 10 uur, kamer 214", []),
        ("feest op 24-12-2026", []),
        ("tafel voor 8, 2 kinderstoelen", []),
    ])
    func findings(_ text: String, _ expected: [PersonalData.Kind]) {
        #expect(PersonalData.kinds(in: text) == expected)
    }

    /// Masking replaces only what was found.
    @Test func masking() {
        #expect(PersonalData.masked("Bel 0612345678 of mail a@b.nl") == "Bel […] of mail […]")
    }
}

@Suite struct StaffCommandTests {
    let team = CommandTests.team
    let now = utc("2026-11-23T06:05:00Z")
    let anna = Author(nick: "anna", account: "anna")

    func situation(sender: Author? = nil, isPrivate: Bool = false, open: Bool = false, history: [JournalEntry] = [],
                   accounts: [String: String] = [:], accountsAvailable: Bool = true) -> ChatSituation {
        var situation = ChatSituation(team: team, sender: sender ?? anna, at: now, isPrivate: isPrivate,
                                      openHuddle: open ? team.occurrence(of: team.shifts[0], on: CalendarDay(parsing: "2026-11-23")!) : nil,
                                      history: TeamHistory(entries: history), accounts: accounts, accountsAvailable: accountsAvailable)
        situation.whereabouts = { _ in .inChannel }
        return situation
    }

    func entry(_ id: String, _ type: EntryType, by author: Author? = Author(nick: "anna", account: "anna"), at: Date? = nil,
               text: String = "x", number: Int? = nil, ref: String? = nil, owner: String? = nil) -> JournalEntry {
        JournalEntry(id: id, at: at ?? now.addingTimeInterval(-3600), team: "receptie", type: type, author: author, text: text,
                     owner: owner, number: number, ref: ref)
    }

    /// `!klant` / `!obs` store an observation of unclear kind with its tags.
    @Test func observation() {
        let engine = HuddleEngine()
        #expect(engine.handle("!klant Veel vragen over parkeren #parkeren #Parkeren", in: situation()) ==
                .record(EntryDraft(type: .observation, text: "Veel vragen over parkeren #parkeren #Parkeren", tags: ["parkeren"]),
                        ack: "Genoteerd: je klantobservatie. Dank je!"))
        #expect(engine.handle("!obs Groups early", in: situation()) ==
                .record(EntryDraft(type: .observation, text: "Groups early"), ack: "Genoteerd: je klantobservatie. Dank je!"))
        #expect(engine.handle("!observation", in: situation()) == .reply(["Gebruik: !klant <tekst> [#tag…]"]))
    }

    /// Compliments carry their #values.
    @Test func kudosValues() {
        #expect(HuddleEngine().handle("!kudos bob Super! #gastvrij #samen", in: situation()) ==
                .record(EntryDraft(type: .kudos, to: ["bob"], text: "Super! #gastvrij #samen", values: ["gastvrij", "samen"]),
                        ack: "Genoteerd: je compliment voor bob."))
    }

    /// No compliment to another nick of your own account; no more than the daily limit.
    @Test func kudosAbuse() {
        let engine = HuddleEngine()
        #expect(engine.handle("!kudos anna_phone top", in: situation(accounts: ["anna_phone": "anna"])) == .reply([Phrase.selfKudos.text(.nl)]))
        let given = (1...5).map { entry("k\($0)", .kudos, at: now.addingTimeInterval(-Double($0) * 60)) }
        #expect(engine.handle("!kudos bob nog een", in: situation(history: given)) ==
                .reply(["Je hebt vandaag al 5 complimenten gegeven; morgen weer!"]))
        let yesterday = (1...5).map { entry("k\($0)", .kudos, at: now.addingTimeInterval(-86400)) }
        #expect(engine.handle("!kudos bob nog een", in: situation(history: yesterday)) != .reply(["Je hebt vandaag al 5 complimenten gegeven; morgen weer!"]))
        let withdrawn = given + [entry("w", .withdrawn, ref: "k1")]
        if case .reply = engine.handle("!kudos bob nog een", in: situation(history: withdrawn)) { Issue.record("a withdrawn compliment still counted") }
    }

    /// `!anoniem` works only in a private message and stores no author; its first word may give the kind.
    @Test func anonymous() {
        let engine = HuddleEngine()
        #expect(engine.handle("!anoniem zorg Lawaai #bouw", in: situation(isPrivate: true)) ==
                .record(EntryDraft(type: .pain, text: "Lawaai #bouw", tags: ["bouw"], anonymous: true), ack: "Genoteerd, zonder je naam. Dank je!"))
        #expect(engine.handle("!anon Guests feel rushed", in: situation(isPrivate: true)) ==
                .record(EntryDraft(type: .observation, text: "Guests feel rushed", anonymous: true), ack: "Genoteerd, zonder je naam. Dank je!"))
        #expect(engine.handle("!anoniem iets", in: situation()) == .reply([Phrase.anonymousOnlyPrivate(prefix: "!").text(.nl)]))
        let stored = JournalEntry(draft: EntryDraft(type: .pain, text: "x", anonymous: true), id: "1", at: now, team: "r", author: anna)
        #expect(stored.author == nil)
    }

    /// Actions get the next number and an optional owner; `!klaar` closes one; `!acties` lists the open ones with age.
    @Test func actions() {
        let engine = HuddleEngine()
        #expect(engine.handle("!actie @bob Koffiemachine laten maken", in: situation()) ==
                .record(EntryDraft(type: .action, text: "Koffiemachine laten maken", owner: "bob", number: 1), ack: "Genoteerd: actie 1 voor bob."))
        let history = [
            entry("a1", .action, at: now.addingTimeInterval(-3 * 86400), text: "Koffiemachine", number: 1, owner: "bob"),
            entry("a2", .action, text: "Taxi bellen", number: 2),
            entry("a3", .action, text: "Oud", number: 3),
            entry("d3", .actionDone, text: "Oud", number: 3, ref: "a3"),
        ]
        #expect(engine.handle("!action Nieuw", in: situation(history: history)) ==
                .record(EntryDraft(type: .action, text: "Nieuw", number: 4), ack: "Genoteerd: actie 4."))
        #expect(engine.handle("!klaar #2", in: situation(history: history)) ==
                .record(EntryDraft(type: .actionDone, text: "Taxi bellen", number: 2, ref: "a2"), ack: "Genoteerd: actie 2 is klaar. Top!"))
        #expect(engine.handle("!done 3", in: situation(history: history)) == .reply(["Actie 3 was al klaar."]))
        #expect(engine.handle("!klaar 9", in: situation(history: history)) == .reply(["Er is geen actie 9."]))
        #expect(engine.handle("!klaar", in: situation(history: history)) == .reply(["Gebruik: !klaar <nummer>"]))
        #expect(engine.handle("!acties", in: situation(history: history)) ==
                .reply(["Open acties (2):", "1: Koffiemachine (3 dagen, bob)", "2: Taxi bellen (0 dagen)"]))
        #expect(engine.handle("!actions", in: situation()) == .reply(["Er zijn geen open acties."]))
    }

    /// `!oeps` withdraws your own last entry, not someone else's, and not twice.
    @Test func undo() {
        let engine = HuddleEngine()
        let history = [entry("e1", .gain, text: "Koffie"), entry("e2", .pain, by: Author(nick: "bob"), text: "Rij")]
        #expect(engine.handle("!oeps", in: situation(history: history)) ==
                .record(EntryDraft(type: .withdrawn, text: "Koffie", ref: "e1"), ack: "Ingetrokken: Koffie"))
        #expect(engine.handle("!undo", in: situation(history: history + [entry("w", .withdrawn, ref: "e1")])) ==
                .reply(["Ik vind geen recente bijdrage van je om in te trekken."]))
    }

    /// Personal data is refused with a private request to rephrase, or masked, or allowed, as configured; notes too.
    @Test func privacy() {
        #expect(HuddleEngine().handle("!zorg Mevrouw (06-12345678) wacht", in: situation()) ==
                .reply(["Dit lijkt persoonsgegevens te bevatten (telefoonnummer) en is niet opgeslagen. Wil je het opnieuw sturen zonder?"]))
        #expect(HuddleEngine().handle("Bel j@k.nl", in: situation(open: true)) ==
                .reply(["Dit lijkt persoonsgegevens te bevatten (e-mailadres) en is niet opgeslagen. Wil je het opnieuw sturen zonder?"]))
        var settings = ChatSettings()
        settings.pii = .mask
        #expect(HuddleEngine(settings: settings).handle("!zorg Bel 0612345678", in: situation()) ==
                .record(EntryDraft(type: .pain, text: "Bel […]"), ack: Phrase.painRecorded.text(.nl)))
        settings.pii = .allow
        #expect(HuddleEngine(settings: settings).handle("!zorg Bel 0612345678", in: situation()) ==
                .record(EntryDraft(type: .pain, text: "Bel 0612345678"), ack: Phrase.painRecorded.text(.nl)))
    }

    /// Without an account, nothing is stored where the server has accounts or the config requires them.
    @Test func identity() {
        let guest = Author(nick: "gast")
        #expect(HuddleEngine().handle("!blij x", in: situation(sender: guest, accountsAvailable: true)) == .reply([Phrase.needsAccount.text(.nl)]))
        #expect(HuddleEngine().handle("!help", in: situation(sender: guest, accountsAvailable: true)) != .reply([Phrase.needsAccount.text(.nl)]))
        #expect(HuddleEngine().handle("!blij x", in: situation(sender: guest, accountsAvailable: false)) ==
                .record(EntryDraft(type: .gain, text: "x"), ack: Phrase.gainRecorded.text(.nl)))
        #expect(HuddleEngine().handle("praatje", in: situation(sender: guest, open: true, accountsAvailable: true)) == .ignore)
        var strict = ChatSettings()
        strict.nickIdentity = .false
        #expect(HuddleEngine(settings: strict).handle("!blij x", in: situation(sender: guest, accountsAvailable: false)) ==
                .reply([Phrase.needsAccount.text(.nl)]))
    }
}

@Suite struct RegistryTests {
    /// Every Dutch name and English alias reaches its command, whatever the case.
    @Test func namesAndAliases() {
        let expected = ["antwoord": ["answer"], "kudos": ["compliment"], "blij": ["gain"], "zorg": ["pain"], "klant": ["obs", "observation"],
                        "anoniem": ["anon"], "actie": ["action"], "klaar": ["done"], "acties": ["actions"], "oeps": ["undo"],
                        "overslaan": ["skip"], "overzicht": ["digest"], "leider": ["leader"], "help": ["hulp"],
                        "vandaag": ["today"], "overdracht": ["handover"], "incident": [], "afwezig": ["absent"], "stil": ["quiet"],
                        "taal": ["language"], "zorg!": ["urgent", "dringend"], "gezien": ["seen"],
                        "vraag": ["ask"], "vragen": ["questions"], "sluitvraag": ["closequestion"],
                        "verhalen": ["stories"], "plus": ["+1", "second"], "verhaal": ["story"], "formulier": ["form"]]
        #expect(Set(CommandRegistry.standard.commands.map(\.name)) == Set(expected.keys))
        for (name, aliases) in expected {
            for alias in [name] + aliases + [name.uppercased()] {
                #expect(CommandRegistry.standard.command(named: alias)?.name == name, "\(alias)")
            }
        }
    }
}

@Suite struct PromptFactsTests {
    /// Last week's most frequent pain theme and the open actions fill the prompt placeholders.
    @Test func facts() {
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let lastWeek = utc("2026-11-18T10:00:00Z")
        func pain(_ id: String, _ text: String, tags: [String]? = nil, at: Date) -> JournalEntry {
            JournalEntry(id: id, at: at, team: "r", type: .pain, author: Author(nick: "a"), text: text, tags: tags)
        }
        let history = TeamHistory(entries: [
            pain("p1", "Wachtrij #inchecken", tags: ["inchecken"], at: lastWeek),
            pain("p2", "Weer wachten #inchecken", tags: ["inchecken"], at: lastWeek),
            pain("p3", "Lawaai", at: lastWeek),
            pain("p4", "Oud #parkeren", tags: ["parkeren"], at: utc("2026-11-01T10:00:00Z")),
            JournalEntry(id: "a1", at: lastWeek, team: "r", type: .action, text: "Extra balie", owner: "bob", number: 1),
        ])
        let facts = PromptFacts(history: history, lastWeek: ISOWeek(parsing: "2026-W47")!, timeZone: zone)
        #expect(facts.topPain == "#inchecken" && facts.openActions.map(\.number) == [1])
        var team = CommandTests.team
        team.intro = LocalizedText(nl: "Vorige week: {top_pain}. Open: {open_actions}", en: "Last week: {top_pain}. Open: {open_actions}")
        let key = HuddleKey(team: "receptie", shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)
        #expect(HuddlePrompt.needsFacts(team, shift: "ochtend"))
        #expect(HuddlePrompt.render(team.intro!.nl, team: team, key: key, facts: facts) == "Vorige week: #inchecken. Open: 1: Extra balie (bob)")
        #expect(HuddlePrompt.render(team.intro!.nl, team: team, key: key) == "Vorige week: (nog niets). Open: Er zijn geen open acties.")
    }
}
