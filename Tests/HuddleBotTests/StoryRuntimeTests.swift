import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// The story of the week through the running bot: a compliment at the front desk, seconded from
/// the kitchen, picked by the group's leader, opens the next week's huddles of both teams.
@Suite struct StoryRuntimeTests {
    // Thursday 26 November 2026, 10:00 in Amsterdam.
    let thursday = utc("2026-11-26T09:00:00Z")

    @Test func secondedPickedAndOpeningNextWeek() async throws {
        var group = QuestionRuntimeTests.hotel
        group.leaders = ["monique"]
        let data = try temporaryDirectory()
        let h = try Harness(now: thursday, teams: [receptie, QuestionRuntimeTests.keuken], journal: FileJournal(dataDirectory: data), data: data,
                            groups: [group])
        await h.say("!verhalen", from: "carl", account: "carl", in: "#keuken", at: thursday)
        #expect(h.transport.notices(to: "carl") == [Phrase.story(.none).text(.nl)])
        await h.say("!kudos bob Bleef na zijn dienst om een gast naar het ziekenhuis te brengen", from: "anna", account: "anna", at: thursday)
        await h.say("!blij Gast bedankte voor het verjaardagsontbijt", from: "anna", account: "anna", at: thursday.addingTimeInterval(60))
        await h.say("!verhalen", from: "carl", account: "carl", in: "#keuken", at: thursday.addingTimeInterval(120))
        #expect(h.transport.notices(to: "carl").suffix(4) == [
            "Kandidaten voor het verhaal van de week (Hotel):",
            "1. Receptie — anna → bob: Bleef na zijn dienst om een gast naar het ziekenhuis te bre…",
            "2. Receptie — blije klant (anna): Gast bedankte voor het verjaardagsontbijt",
            Phrase.story(.footer(prefix: "!")).text(.nl),
        ])
        // Seconded from the kitchen: stored in the front desk's journal, beside the compliment.
        await h.say("!plus 2", from: "carl", account: "carl", in: "#keuken", at: thursday.addingTimeInterval(180))
        #expect(h.transport.notices(to: "carl").last == "Gesteund: verhaal 2 (nu 1×).")
        await h.say("!plus 2", from: "carl", account: "carl", in: "#keuken", at: thursday.addingTimeInterval(190))
        #expect(h.transport.notices(to: "carl").last == "Je steunde verhaal 2 al.")
        await h.say("!plus 2", from: "anna", account: "anna", at: thursday.addingTimeInterval(200))
        #expect(h.transport.notices(to: "anna").last == Phrase.story(.ownStory).text(.nl))
        let week = ISOWeek(parsing: "2026-W48")!
        let seconded = try await h.journal.entries(team: "receptie", week: week).entries.filter { $0.type == .seconded }
        #expect(seconded.count == 1 && seconded[0].peer == "keuken" && seconded[0].author?.account == "carl")
        // Only the group's leader picks; her pick beats the seconds.
        await h.say("!verhaal 1", from: "carl", account: "carl", in: "#keuken", at: thursday.addingTimeInterval(240))
        #expect(h.transport.notices(to: "carl").last == Phrase.story(.onlyLeaders(circle: "Hotel")).text(.nl))
        await h.say("!verhaal 1", from: "monique", account: "monique", in: "#keuken", at: thursday.addingTimeInterval(300))
        #expect(h.transport.notices(to: "monique").last == "Gekozen: verhaal 1 opent volgende week elke huddle van Hotel.")

        // Monday's huddles of both teams open with it, on one line.
        let monday = utc("2026-11-30T06:00:00Z")
        h.clock.advance(to: monday)
        await h.scheduler.tick(now: monday)
        let line = "⭐ Verhaal van de week (Receptie) — anna → bob: Bleef na zijn dienst om een gast naar het ziekenhuis te brengen"
        #expect(h.transport.posts(in: "#receptie").contains(line))
        #expect(h.transport.posts(in: "#keuken").contains(line))
        // The group digest of the week leads with it.
        let digest = try await h.bot.writeGroupDigest(group, week: week).digest
        #expect(digest.story?.story.pickedBy == "monique" && digest.summary(language: .nl)[1] == "Receptie — anna → bob: Bleef na zijn dienst om een gast naar het ziekenhuis te brengen (gekozen door monique)")
    }
}
