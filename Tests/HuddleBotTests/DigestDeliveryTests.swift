import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

@Suite struct DigestDeliveryTests {
    let monday = utc("2026-11-30T07:00:00Z")  // 08:00 in Amsterdam, week 49

    /// On Monday 08:00 the leaders the bot has lately seen verified (here by account) get last
    /// week's summary privately, exactly once, also after a restart; a leader seen only before a
    /// nick change gets nothing (the nick may be someone else's now).
    @Test func postedOnceToLeaders() async throws {
        let ledger = InMemoryLedger()
        let journal = InMemoryJournal()
        try await journal.append(JournalEntry(id: "p", at: utc("2026-11-24T09:00:00Z"), team: "receptie", type: .pain,
                                              author: Author(nick: "anna"), text: "Rij #inchecken", tags: ["inchecken"]),
                                 week: ISOWeek(parsing: "2026-W48")!)
        let h = try Harness(now: monday, journal: journal, ledger: ledger)
        await h.say("goedemorgen", from: "monique", account: "monique", at: monday.addingTimeInterval(-3600))
        await h.say("goedemorgen", from: "monique", at: monday.addingTimeInterval(-3500))
        await h.scheduler.tick(now: monday.addingTimeInterval(-60))
        #expect(h.transport.messages(to: "monique").isEmpty)
        await h.scheduler.tick(now: monday)
        let summary = h.transport.messages(to: "monique")
        #expect(summary.first == "Weekoverzicht Receptie, week 48 (2026-W48)")
        #expect(summary.contains("Meest genoemde zorg: #inchecken ×1"))
        #expect(summary.last?.hasPrefix("Volledig overzicht: ") == true && summary.last?.hasSuffix("digests/receptie/2026-W48.html") == true)
        let again = try Harness(now: monday.addingTimeInterval(3600), journal: journal, ledger: ledger, data: h.data)
        await again.scheduler.tick(now: monday.addingTimeInterval(3600))
        #expect(again.transport.sent.filter { if case .message = $0 { true } else { false } }.isEmpty)

        let renamed = try Harness(now: monday, journal: journal)
        await renamed.say("goedemorgen", from: "monique", account: "monique", at: monday.addingTimeInterval(-3600))
        renamed.bot.leaderSightings.forget("Monique")
        await renamed.scheduler.tick(now: monday)
        #expect(renamed.transport.messages(to: "monique").isEmpty)
    }

    /// With a leaders' channel the summary goes there.
    @Test func postedInLeadersChannel() async throws {
        var team = receptie
        team.digest.channel = "#leiding"
        let h = try Harness(now: monday, teams: [team])
        await h.scheduler.tick(now: monday)
        #expect(h.transport.posts(in: "#leiding").first == "Weekoverzicht Receptie, week 48 (2026-W48)")
    }

    /// `!overzicht` gives a leader the summary privately; anyone else gets a polite refusal.
    @Test func onDemand() async throws {
        let h = try Harness(now: monday)
        await h.say("!overzicht", from: "bob", account: "bob", at: monday)
        #expect(h.transport.notices(to: "bob") == [Phrase.onlyLeadersDigest.text(.nl)])
        await h.say("!digest this", from: "monique", account: "monique", at: monday)
        #expect(h.transport.notices(to: "monique").first == "Weekoverzicht Receptie, week 49 (2026-W49)")
        await h.say("!overzicht 2026-W40", from: "monique", account: "monique", in: nil, at: monday)
        #expect(h.transport.notices(to: "monique").contains("Weekoverzicht Receptie, week 40 (2026-W40)"))
    }

    /// The week's first prompt looks back on last week's top pain and the open actions; later prompts do not.
    @Test func recapInFirstPrompt() async throws {
        var team = receptie
        team.digest.recap = true
        let journal = InMemoryJournal()
        try await journal.append(JournalEntry(id: "p", at: utc("2026-11-24T09:00:00Z"), team: "receptie", type: .pain,
                                              author: Author(nick: "anna"), text: "Rij #inchecken", tags: ["inchecken"]),
                                 week: ISOWeek(parsing: "2026-W48")!)
        try await journal.append(JournalEntry(id: "a", at: utc("2026-11-24T09:00:00Z"), team: "receptie", type: .action,
                                              author: Author(nick: "anna"), text: "Extra balie", number: 1),
                                 week: ISOWeek(parsing: "2026-W48")!)
        let start = utc("2026-11-30T06:00:00Z")
        let h = try Harness(now: start, teams: [team], journal: journal)
        await h.scheduler.tick(now: start)
        #expect(h.transport.posts(in: "#receptie")[1] == "Terugblik: vorige week lag men vooral wakker van #inchecken; 1 open actie.")
        await h.scheduler.tick(now: start.addingTimeInterval(86400))
        #expect(!h.transport.posts(in: "#receptie").dropFirst(2).contains { $0.hasPrefix("Terugblik") })
    }
}
