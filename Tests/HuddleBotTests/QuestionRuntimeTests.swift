import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// A front desk asks the kitchen: the question is said in the kitchen's channel with a number,
/// reminded once when it waits, answered or closed there, and the answer comes back to the asker
/// privately and to the front desk's channel. Open questions survive a restart.
@Suite struct QuestionRuntimeTests {
    let now = utc("2026-11-23T09:00:00Z")
    static let keuken: TeamConfig = {
        var team = receptie
        team.id = "keuken"
        team.name = "Keuken"
        team.channel = "#keuken"
        return team
    }()
    static let hotel = GroupConfig(id: "hotel", name: "Hotel", teams: ["receptie", "keuken"], digest: DigestSettings())

    func harness(journal: (any Journal)? = nil, data: String? = nil) throws -> Harness {
        try Harness(now: now, teams: [receptie, Self.keuken], journal: journal, data: data, groups: [Self.hotel])
    }

    @Test func askRemindAnswer() async throws {
        let h = try harness()
        await h.say("!vraag keuken Is de soep vandaag glutenvrij?", from: "anna", account: "anna", at: now)
        #expect(h.transport.notices(to: "anna") == ["Vraag #1 gesteld aan Keuken; hun antwoord komt hier en privé bij je."])
        #expect(h.transport.posts(in: "#keuken") == ["❓ Vraag #1 van Receptie (anna): Is de soep vandaag glutenvrij? · Antwoord met !antwoord #1 <tekst>"])
        let stored = (h.journal as! InMemoryJournal).all.filter { $0.type == .question }
        #expect(stored.count == 1 && stored[0].team == "keuken" && stored[0].peer == "receptie" && stored[0].number == 1
                && stored[0].author == Author(nick: "anna", account: "anna"))
        // The next question to the kitchen gets the next number, by name as well as by id.
        await h.say("!ask Keuken: Can room 12 have breakfast at 6?", from: "anna", account: "anna", at: now.addingTimeInterval(60))
        #expect(h.transport.posts(in: "#keuken").last?.hasPrefix("❓ Vraag #2 van Receptie (anna): Can room 12 have breakfast at 6?") == true)

        // Fifteen minutes on, each open question is said again in the kitchen, once.
        await h.scheduler.tick(now: now.addingTimeInterval(14 * 60))
        #expect(h.transport.posts(in: "#keuken").count == 2)
        await h.scheduler.tick(now: now.addingTimeInterval(16 * 60))
        await h.scheduler.tick(now: now.addingTimeInterval(17 * 60))
        await h.scheduler.tick(now: now.addingTimeInterval(18 * 60))
        let reminders = h.transport.posts(in: "#keuken").filter { $0.hasPrefix("⏰") }
        #expect(reminders.count == 2 && reminders[0].hasPrefix("⏰ Vraag #1 van Receptie wacht al 16 min: Is de soep vandaag glutenvrij?")
                && reminders[1].hasPrefix("⏰ Vraag #2 van Receptie wacht al 15 min: Can room 12"))

        await h.say("!vragen", from: "bob", account: "bob", in: "#keuken", at: now.addingTimeInterval(20 * 60))
        #expect(h.transport.notices(to: "bob") == ["Open vragen aan ons:", "#1 van Receptie (anna, 20 min): Is de soep vandaag glutenvrij?",
                                                   "#2 van Receptie (anna, 19 min): Can room 12 have breakfast at 6?"])
        await h.say("!antwoord #1 Ja, zonder de croutons", from: "bob", account: "bob", in: "#keuken", at: now.addingTimeInterval(21 * 60))
        #expect(h.transport.notices(to: "bob").last == "Antwoord op vraag #1 doorgegeven aan Receptie.")
        let answer = "💬 Keuken (bob) antwoordt op vraag #1 “Is de soep vandaag glutenvrij?”: Ja, zonder de croutons"
        #expect(h.transport.messages(to: "anna") == [answer])
        #expect(h.transport.posts(in: "#receptie") == [answer])
        // Answered once: a second answer is refused; the other question is closed with a reason.
        await h.say("!antwoord #1 Nee toch", from: "carl", account: "carl", in: "#keuken", at: now.addingTimeInterval(22 * 60))
        #expect(h.transport.notices(to: "carl") == ["Er staat geen vraag #1 open voor dit team; !vragen toont de open vragen."])
        await h.say("!vragen", from: "anna", account: "anna", at: now.addingTimeInterval(23 * 60))
        #expect(h.transport.notices(to: "anna").suffix(2) == ["Onze open vragen aan andere teams:", "#2 aan Keuken (22 min): Can room 12 have breakfast at 6?"])
        await h.say("!sluitvraag #2 Vraag het de nachtportier", from: "bob", account: "bob", in: "#keuken", at: now.addingTimeInterval(24 * 60))
        #expect(h.transport.posts(in: "#receptie").last == "Keuken (bob) sloot vraag #2 “Can room 12 have breakfast at 6?” zonder antwoord: Vraag het de nachtportier")
        await h.say("!vragen", from: "anna", account: "anna", at: now.addingTimeInterval(25 * 60))
        #expect(h.transport.notices(to: "anna").last == "Er staan geen vragen tussen teams open.")
    }

    /// A bot started again on the same data directory knows the open question, its number, and reminds it.
    @Test func openQuestionSurvivesRestart() async throws {
        let data = try temporaryDirectory()
        let first = try harness(journal: FileJournal(dataDirectory: data), data: data)
        await first.say("!vraag keuken Heeft iemand de sleutel van de koelcel?", from: "anna", account: "anna", at: now)
        let second = try harness(journal: FileJournal(dataDirectory: data), data: data)
        await second.scheduler.tick(now: now.addingTimeInterval(10 * 60))
        await second.scheduler.tick(now: now.addingTimeInterval(15 * 60))
        #expect(second.transport.posts(in: "#keuken").contains { $0.hasPrefix("⏰ Vraag #1 van Receptie wacht al 15 min") })
        await second.say("!vraag keuken En de reservesleutel?", from: "anna", account: "anna", at: now.addingTimeInterval(16 * 60))
        #expect(second.transport.posts(in: "#keuken").last?.hasPrefix("❓ Vraag #2 ") == true)
        // Without a huddle open, a bare number answers the question too.
        await second.say("!antwoord 1 Ligt bij de chef", from: "bob", account: "bob", in: "#keuken", at: now.addingTimeInterval(17 * 60))
        #expect(second.transport.messages(to: "anna").first?.hasSuffix("Ligt bij de chef") == true)
    }

    /// Only the teams of one group, or pairs the config names, ask each other.
    @Test func onlyPeers() async throws {
        var bar = Self.keuken
        bar.id = "bar"
        bar.name = "Bar"
        bar.channel = "#bar"
        let h = try Harness(now: now, teams: [receptie, Self.keuken, bar], groups: [Self.hotel])
        await h.say("!vraag bar Is er nog ijs?", from: "anna", account: "anna", at: now)
        #expect(h.transport.notices(to: "anna") == [Phrase.question(.whichTeam(["keuken"], prefix: "!")).text(.nl)])
        await h.say("!vraag keuken Is er nog ijs?", from: "dave", account: "dave", in: "#bar", at: now)
        #expect(h.transport.notices(to: "dave") == [Phrase.question(.noPeers).text(.nl)])
        await h.say("!vraag receptie Wie heeft dienst?", from: "anna", account: "anna", at: now)
        #expect(h.transport.notices(to: "anna").last == Phrase.question(.ownTeam).text(.nl))
        #expect(h.transport.posts(in: "#bar").isEmpty && h.transport.posts(in: "#keuken").isEmpty)
    }
}
