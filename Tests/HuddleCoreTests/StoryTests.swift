import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// The story of the week in the core: numbering, seconds, picks, who may pick, the winner, the
/// opening line within the budget, and the digests.
@Suite struct StoryTests {
    let team = CommandTests.team
    let now = utc("2026-11-26T09:00:00Z")
    let anna = Author(nick: "anna", account: "anna"), bob = Author(nick: "bob", account: "bob"), carl = Author(nick: "carl", account: "carl")

    func entry(_ id: String, _ type: EntryType, by author: Author, minutes: Double, text: String = "x", to: [String]? = nil, ref: String? = nil) -> JournalEntry {
        JournalEntry(id: id, at: now.addingTimeInterval(minutes * 60), team: team.id, type: type, author: author, to: to, text: text, ref: ref)
    }

    var week: [JournalEntry] {
        [entry("k1", .kudos, by: anna, minutes: 0, text: "Top", to: ["bob"]),
         entry("g1", .gain, by: bob, minutes: 1, text: "Blij met de lift"),
         entry("k2", .kudos, by: carl, minutes: 2, text: "Dank", to: ["anna"]),
         entry("w", .withdrawn, by: bob, minutes: 3, ref: "g1"),
         entry("p1", .seconded, by: bob, minutes: 4, ref: "k2"), entry("p2", .seconded, by: bob, minutes: 5, ref: "k2"),
         entry("p3", .seconded, by: carl, minutes: 6, ref: "k1"), entry("p4", .seconded, by: bob, minutes: 7, ref: "k1"),
         entry("p5", .seconded, by: anna, minutes: 8, ref: "g1")]
    }

    @Test func candidatesAndWinner() {
        let candidates = StoryOfTheWeek.candidates(week.reversed())
        // The withdrawn gain keeps its number unused; a person seconds once.
        #expect(candidates.map(\.number) == [1, 3] && candidates.map(\.seconders) == [["carl", "bob"], ["bob"]])
        #expect(StoryOfTheWeek.winner(candidates)?.id == "k1")
        // Equal seconds: the earliest; a pick beats any number of seconds, the last pick wins.
        let equal = StoryOfTheWeek.candidates(Array(week.prefix(6)) + [entry("p6", .seconded, by: anna, minutes: 9, ref: "k1")])
        #expect(StoryOfTheWeek.winner(equal)?.id == "k1")
        let picked = StoryOfTheWeek.candidates(week + [entry("s1", .story, by: anna, minutes: 10, ref: "k2"), entry("s2", .story, by: anna, minutes: 11, ref: "k1"),
                                                      entry("s3", .story, by: anna, minutes: 12, ref: "k2")])
        #expect(StoryOfTheWeek.winner(picked)?.id == "k2" && StoryOfTheWeek.winner(picked)?.pickedBy == "anna")
        #expect(StoryOfTheWeek.winner(StoryOfTheWeek.candidates(Array(week.prefix(3)))) == nil)
    }

    func handle(_ text: String, sender: Author, board: StoryBoard?) -> HuddleEngine.Decision {
        var situation = ChatSituation(team: team, sender: sender, at: now, accountsAvailable: true, botNick: "huddle")
        situation.stories = board
        return HuddleEngine().handle(text, in: situation)
    }

    @Test func commands() {
        var group = GroupConfig(id: "hotel", name: "Hotel", teams: ["receptie", "keuken"], digest: DigestSettings())
        var candidates = StoryOfTheWeek.candidates(week)
        candidates[0].team = "keuken"
        let board = StoryBoard(circle: StoryCircle(id: "hotel", name: "Hotel", teams: group.teams, group: group), candidates: candidates,
                               teamNames: ["keuken": "Keuken"])
        #expect(handle("!plus 3", sender: anna, board: board) ==
                .record(EntryDraft(type: .seconded, ref: "k2", peer: "receptie", team: "receptie"), ack: "Gesteund: verhaal 3 (nu 2×)."))
        #expect(handle("!+1 1", sender: Author(nick: "dave", account: "dave"), board: board) ==
                .record(EntryDraft(type: .seconded, ref: "k1", peer: "receptie", team: "keuken"), ack: "Gesteund: verhaal 1 (nu 3×)."))
        #expect(handle("!plus 3", sender: carl, board: board) == .reply([Phrase.story(.ownStory).text(.nl)]))
        #expect(handle("!plus 1", sender: bob, board: board) == .reply([Phrase.story(.alreadySeconded(1)).text(.nl)]))
        #expect(handle("!plus 2", sender: anna, board: board) == .reply([Phrase.story(.noSuch(2, prefix: "!")).text(.nl)]))
        // Without group leaders, the team's leader picks; with them, only they do.
        let monique = Author(nick: "monique", account: "monique")
        #expect(handle("!verhaal 1", sender: monique, board: board) ==
                .record(EntryDraft(type: .story, ref: "k1", peer: "hotel", team: "keuken"), ack: "Gekozen: verhaal 1 opent volgende week elke huddle van Hotel."))
        group.leaders = ["joost"]
        let led = StoryBoard(circle: StoryCircle(id: "hotel", name: "Hotel", teams: group.teams, group: group), candidates: candidates)
        #expect(handle("!verhaal 1", sender: monique, board: led) == .reply([Phrase.story(.onlyLeaders(circle: "Hotel")).text(.nl)]))
        #expect(handle("!verhaal 1", sender: Author(nick: "joost"), board: led) == .reply([Phrase.needsAccount.text(.nl)]))
        if case .record(let draft, _) = handle("!story 1", sender: Author(nick: "joost", account: "joost"), board: led) { #expect(draft.type == .story) } else {
            Issue.record("the group's leader could not pick")
        }
        if case .reply(let lines) = handle("!verhalen", sender: anna, board: board) {
            #expect(lines[1] == "1. Keuken — anna → bob: Top (2× +)" && lines[2] == "3. Receptie — carl → anna: Dank (1× +)")
        } else {
            Issue.record("!verhalen gave no list")
        }
    }

    /// The story's line comes after the other sections' first lines, within the budget.
    @Test func openingLine() {
        var parts = OpeningParts(topic: "Noem de gast bij naam")
        parts.story = OpeningParts.Story(candidate: StoryOfTheWeek.candidates(week)[0], team: "Receptie")
        let lines = Opening.lines(parts, budget: 2, language: .en, timeZone: team.timeZone, now: now, prefix: "!")
        #expect(lines == ["Topic of the day: Noem de gast bij naam", "⭐ Story of the week (Receptie) — anna → bob: Top"])
        #expect(Opening.lines(parts, budget: 1, language: .nl, timeZone: team.timeZone, now: now, prefix: "!").count == 1)
    }

    @Test func digests() throws {
        let digest = DigestBuilder.build(team: team, week: ISOWeek(parsing: "2026-W48")!, entries: week)
        #expect(digest.stories?.map(\.id) == ["k1", "k2"] && digest.stories?.map(\.seconds) == [2, 1])
        var other = DigestBuilder.build(team: team, week: ISOWeek(parsing: "2026-W48")!, entries: [])
        (other.team, other.teamName) = ("keuken", "Keuken")
        other.stories = [.init(id: "x", type: "gain", from: "", to: [], text: "Mooi", at: now, seconds: 3)]
        let group = GroupConfig(id: "hotel", name: "Hotel", teams: ["receptie", "keuken"], digest: DigestSettings())
        let built = GroupDigest.build(group: group, digests: [digest, other])
        #expect(built.story?.team == "keuken")
        #expect(built.render(language: .en, format: .md).contains("## ⭐ Story of the week\n- Keuken — happy customer: Mooi (seconded 3×)"))
        #expect(DigestBuilder.text(digest, language: .nl).contains("Receptie — anna → bob: Top (2× gesteund)"))
    }
}
