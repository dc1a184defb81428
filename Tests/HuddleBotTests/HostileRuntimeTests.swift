import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// The chat handler against a hostile or careless sender: every answer is rate-limited, help needs
/// no team, long lines and control characters are refused or removed, and a compliment reaches an
/// off-shift colleague when they are next seen.
@Suite struct HostileRuntimeTests {
    let start = utc("2026-11-23T06:00:00Z")

    func twoTeams() throws -> Harness {
        var keuken = receptie
        keuken.id = "keuken"
        keuken.channel = "#keuken"
        return try Harness(now: start, teams: [receptie, keuken])
    }

    /// "Which team?" counts against the rate limit like any answer: a flood of private lines gets
    /// the burst's worth of questions (12, and a few more as the bucket refills) and one "slow down".
    @Test func whichTeamIsRateLimited() async throws {
        let h = try twoTeams()
        for index in 0..<40 { await h.say("!blij \(index)", in: nil, at: start.addingTimeInterval(Double(index) / 4)) }
        let notices = h.transport.notices(to: "anna")
        let asked = notices.filter { $0.hasPrefix("Voor welk team") }.count
        #expect((12...16).contains(asked))
        #expect(notices.filter { $0 == Phrase.slowDown.text(.nl) }.count == 1)
        #expect(notices.count == asked + 1)
    }

    /// `!help` and an unknown command are answered privately without asking for a team first.
    @Test func helpNeedsNoTeam() async throws {
        let h = try twoTeams()
        await h.say("!help", in: nil, at: start)
        let notices = h.transport.notices(to: "anna")
        #expect(notices.first == Phrase.helpHeader(prefix: "!").text(.nl) && notices.count > 5)
        #expect(!notices.contains { $0.hasPrefix("Voor welk team") })
        await h.say("!bestaatniet", in: nil, at: start.addingTimeInterval(1))
        #expect(h.transport.notices(to: "anna").last == Phrase.unknownCommand(prefix: "!", name: "bestaatniet").text(.nl))
    }

    /// A line over the length cap gets a clear reply and nothing is stored; control characters,
    /// formatting and bidi controls never reach the journal.
    @Test func longAndControlText() async throws {
        let h = try Harness(now: start)
        await h.say("!blij " + String(repeating: "lang ", count: 500), at: start)
        #expect(h.transport.notices(to: "anna") == [Phrase.tooLong(UserText.maxLength).text(.nl)])
        await h.say("!blij \u{01}ACTION zwaait\u{01} \u{03}4rood\u{0F} \u{202E}gnp", at: start.addingTimeInterval(1))
        let entries = (h.journal as! InMemoryJournal).all
        #expect(entries.map(\.text) == ["ACTION zwaait rood gnp"])
    }

    /// A colleague who is not in the channel but wrote in the team lately gets the compliment when
    /// next seen (joining or speaking), once; a stranger's name is refused.
    @Test func heldUntilSeen() async throws {
        let h = try Harness(now: start)
        h.transport.members = ["anna"]
        await h.say("!blij koffie", from: "bob", at: start)
        await h.say("!kudos bob top gedaan", at: start.addingTimeInterval(60))
        #expect(h.transport.notices(to: "anna").last == "Genoteerd: je compliment voor bob.")
        #expect(!h.transport.notices(to: "bob").contains { $0.hasPrefix("Compliment") })
        await h.say("!kudos zed top", at: start.addingTimeInterval(61))
        #expect(h.transport.notices(to: "anna").last == Phrase.kudosStrangers(["zed"]).text(.nl))
        // bob speaks again: he is told now, and only once.
        await h.say("goedemorgen", from: "bob", at: start.addingTimeInterval(3600))
        await h.say("!blij thee", from: "bob", at: start.addingTimeInterval(3601))
        #expect(h.transport.notices(to: "bob").filter { $0 == "Compliment van anna: top gedaan" }.count == 1)
    }
}
