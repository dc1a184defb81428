import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// Questions answered with one value: a scale from 1 to 5 or a traffic light.
@Suite struct QuickCheckTests {
    let yaml = """
        timezone: Europe/Amsterdam
        irc: {host: 127.0.0.1, nick: huddle}
        teams:
          - id: receptie
            channel: "#receptie"
            questions:
              - {nl: "Wie verwachten we vandaag?", en: "Who do we expect today?"}
              - {nl: "Hoe druk voelt deze dienst?", en: "How busy does this shift feel?", type: scale}
              - {nl: "Hoe staat het ervoor?", en: "How are we doing?", type: traffic}
            shifts: [{name: ochtend, start: "07:00"}]
        """

    func team() throws -> TeamConfig { try ConfigLoader.load(yaml: yaml, path: "test.yaml").teams[0] }

    @Test func config() throws {
        #expect(try team().quickChecks == [2: .scale, 3: .traffic])
        #expect(throws: ConfigError.self) { try ConfigLoader.load(yaml: yaml.replacingOccurrences(of: "type: traffic", with: "type: stoplicht"), path: "t.yaml") }
    }

    @Test func promptAndAnswers() throws {
        let team = try team()
        let occurrence = team.occurrence(of: team.shifts[0], on: CalendarDay(parsing: "2026-12-04")!)!
        let lines = HuddlePrompt.lines(team: team, occurrence: occurrence, late: false, prefix: "!")
        #expect(lines.contains("2. Hoe druk voelt deze dienst? (1–5)") && lines.contains("3. Hoe staat het ervoor? (groen, oranje of rood)"))
        var situation = ChatSituation(team: team, sender: Author(nick: "anna", account: "anna"), at: occurrence.opensAt.addingTimeInterval(60),
                                      openHuddle: occurrence, accountsAvailable: true)
        let engine = HuddleEngine()
        let ref = HuddleRef(shift: "ochtend", day: occurrence.key.day)
        #expect(engine.handle("2 4", in: situation) == .record(EntryDraft(type: .answer, huddle: ref, question: 2, text: "4"), ack: "Genoteerd: je antwoord op vraag 2. Dank je!"))
        #expect(engine.handle("3 Red! twee groepen tegelijk", in: situation) ==
                .record(EntryDraft(type: .answer, huddle: ref, question: 3, text: "rood twee groepen tegelijk"), ack: "Genoteerd: je antwoord op vraag 3. Dank je!"))
        #expect(engine.handle("2 vier", in: situation) == .reply(["Vraag 2 beantwoord je met één waarde (1–5), bijvoorbeeld: 2 3. Er is niets opgeslagen."]))
        situation.team.language = .en
        #expect(engine.handle("3 paars", in: situation) == .reply(["Question 3 takes one value (green, amber or red), for example: 3 amber. Nothing was stored."]))
        #expect(engine.handle("1 Groep van twaalf", in: situation) == .record(EntryDraft(type: .answer, huddle: ref, question: 1, text: "Groep van twaalf"),
                                                                              ack: "Noted: your answer to question 1. Thank you!"))
    }

    /// The digest shows each quick check's spread and, for a scale, its average, beside last week.
    @Test func digest() throws {
        let team = try team()
        func answer(_ id: String, _ day: String, _ question: Int, _ text: String) -> JournalEntry {
            JournalEntry(id: id, at: utc("\(day)T06:05:00Z"), team: "receptie", type: .answer, author: Author(nick: id),
                         huddle: HuddleRef(shift: "ochtend", day: CalendarDay(parsing: day)!), question: question, text: text)
        }
        let this = [answer("a", "2026-11-30", 2, "4"), answer("b", "2026-11-30", 2, "5 druk"), answer("c", "2026-12-01", 2, "2"),
                    answer("d", "2026-11-30", 3, "rood"), answer("e", "2026-12-01", 3, "groen"), answer("f", "2026-12-01", 3, "rood")]
        let last = [answer("g", "2026-11-23", 2, "2"), answer("h", "2026-11-24", 3, "groen")]
        let digest = DigestBuilder.build(team: team, week: ISOWeek(parsing: "2026-W49")!, entries: this, previous: last)
        let checks = try #require(digest.quickChecks)
        #expect(checks.map(\.question) == [2, 3])
        #expect(checks[0].counts == ["4": 1, "5": 1, "2": 1] && checks[0].average == 3.7 && checks[0].lastWeekAverage == 2)
        #expect(checks[1].counts == ["rood": 2, "groen": 1] && checks[1].average == nil && checks[1].lastWeek == ["groen": 1])
        let text = DigestBuilder.text(digest, language: .nl)
        #expect(text.contains("Hoe druk voelt deze dienst? (ochtend): 2 ×1, 4 ×1, 5 ×1 · gemiddeld 3,7 (vorige week 2)"))
        #expect(text.contains("Hoe staat het ervoor? (ochtend): groen ×1, rood ×2 (vorige week groen ×1)"))
        #expect(DigestHTML.render(digest, language: .en).contains("Hoe staat het ervoor? (ochtend): green ×1, red ×2 (last week green ×1)"))
    }
}
