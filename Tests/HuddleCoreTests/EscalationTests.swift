import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// `!zorg!` and the team's urgent tags raise an escalation with a number; a leader's `!gezien` confirms it.
@Suite struct EscalationTests {
    let engine = HuddleEngine()
    let now = utc("2026-12-04T07:00:00Z")
    let anna = Author(nick: "anna", account: "anna")
    let monique = Author(nick: "monique", account: "monique")

    var team: TeamConfig {
        var team = CommandTests.team
        team.urgentTags = ["veiligheid"]
        return team
    }

    func situation(_ sender: Author, history: [JournalEntry] = []) -> ChatSituation {
        ChatSituation(team: team, sender: sender, at: now, history: TeamHistory(entries: history), accountsAvailable: true)
    }

    func escalation(_ number: Int, minutesAgo: Double) -> JournalEntry {
        JournalEntry(id: "e\(number)", at: now.addingTimeInterval(-minutesAgo * 60), team: team.id, type: .escalation, author: anna,
                     text: "Lekkage", number: number)
    }

    @Test func raises() {
        #expect(engine.handle("!zorg! Lekkage in de kelder", in: situation(anna)) ==
                .record(EntryDraft(type: .escalation, text: "Lekkage in de kelder", number: 1),
                        ack: "Genoteerd en meteen doorgezet naar de leiding (melding 1)."))
        #expect(engine.handle("!urgent Fire door stuck #veiligheid", in: situation(anna, history: [escalation(1, minutesAgo: 60)])) ==
                .record(EntryDraft(type: .escalation, text: "Fire door stuck #veiligheid", tags: ["veiligheid"], number: 2),
                        ack: "Genoteerd en meteen doorgezet naar de leiding (melding 2)."))
        // An observation with one of the team's urgent tags is an escalation; it then reads all history for its number.
        #expect(engine.handle("!zorg Natte vloer bij de ingang #Veiligheid", in: situation(anna)) ==
                .record(EntryDraft(type: .escalation, text: "Natte vloer bij de ingang #Veiligheid", tags: ["veiligheid"], number: 1),
                        ack: "Genoteerd en meteen doorgezet naar de leiding (melding 1)."))
        #expect(PainCommand.command.needs(arguments: "Natte vloer #veiligheid", team: team) == .all)
        #expect(PainCommand.command.needs(arguments: "Natte vloer #vloer", team: team) == .none)
        #expect(engine.handle("!zorg Natte vloer #vloer", in: situation(anna)) ==
                .record(EntryDraft(type: .pain, text: "Natte vloer #vloer", tags: ["vloer"]), ack: "Genoteerd: waar klanten wakker van liggen. Dank je!"))
        #expect(engine.handle("!zorg!", in: situation(anna)) == .reply(["Gebruik: !zorg! <tekst>"]))
    }

    @Test func seen() {
        let history = [escalation(1, minutesAgo: 10)]
        #expect(engine.handle("!gezien 1", in: situation(anna, history: history)) ==
                .reply([Phrase.escalation(.onlyLeaders).text(.nl)]))
        #expect(engine.handle("!gezien 1", in: situation(monique, history: history)) ==
                .record(EntryDraft(type: .seen, text: "Lekkage", number: 1, ref: "e1"), ack: "Genoteerd: melding 1 gezien."))
        #expect(engine.handle("!seen #2", in: situation(monique, history: history)) == .reply(["Er is geen dringende melding 2."]))
        let seen = JournalEntry(id: "s1", at: now, team: team.id, type: .seen, author: monique, number: 1, ref: "e1")
        #expect(engine.handle("!gezien 1", in: situation(monique, history: history + [seen])) == .reply(["Melding 1 was al gezien door monique."]))
    }

    /// The digest lists the week's reports, who saw them and after how long.
    @Test func inTheDigest() throws {
        let week = ISOWeek(parsing: "2026-W49")!
        let entries = [escalation(1, minutesAgo: 30), escalation(2, minutesAgo: 20),
                       JournalEntry(id: "s1", at: now.addingTimeInterval(-26 * 60), team: team.id, type: .seen, author: monique, number: 1, ref: "e1")]
        let digest = DigestBuilder.build(team: team, week: week, entries: entries, context: DigestContext(history: TeamHistory(entries: entries)))
        let escalations = try #require(digest.escalations)
        #expect(escalations.items.map(\.number) == [1, 2] && escalations.items[0].seenBy == "monique" && escalations.items[1].seenAt == nil)
        #expect(escalations.medianMinutesToSeen == 4 && digest.health?.escalations == 2)
        let text = DigestBuilder.text(digest, language: .nl)
        #expect(text.contains("Dringende meldingen: 2, 1 gezien (mediaan 4 min tot gezien)"))
        #expect(text.contains("1: Lekkage (anna) — gezien door monique na 4 min") && text.contains("2: Lekkage (anna) — nog niet gezien"))
        #expect(DigestHTML.render(digest, language: .en).contains("1: <bdi>Lekkage</bdi> (<bdi>anna</bdi>) — seen by <bdi>monique</bdi> after 4 min"))
    }

    @Test func urgentTagsInTheConfig() throws {
        let yaml = """
            timezone: Europe/Amsterdam
            irc: {host: 127.0.0.1, nick: huddle}
            teams:
              - id: receptie
                channel: "#receptie"
                urgent_tags: ["#Veiligheid", brand]
                shifts: [{name: ochtend, start: "07:00"}]
            """
        let config = try ConfigLoader.load(yaml: yaml, path: "test.yaml")
        #expect(config.teams[0].urgentTags == ["veiligheid", "brand"])
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(yaml: yaml.replacingOccurrences(of: "brand]", with: "\"brand alarm\"]"), path: "test.yaml")
        }
    }
}
