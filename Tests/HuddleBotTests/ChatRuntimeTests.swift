import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

@Suite struct ChatRuntimeTests {
    let start = utc("2026-11-23T06:00:00Z")

    /// The recipient of a compliment is told who gave it and why, by NOTICE, private message, or not at all.
    @Test(arguments: [(RecipientNotice.notice, 1, 0), (.private, 0, 1), (.off, 0, 0)])
    func recipientIsTold(_ style: RecipientNotice, _ notices: Int, _ messages: Int) async throws {
        var settings = ChatSettings()
        settings.notifyRecipient = style
        let h = try Harness(now: start, chatSettings: settings)
        await h.say("!kudos bob Top hoe je de gast hielp", at: start)
        #expect(h.transport.notices(to: "bob").count == notices && h.transport.messages(to: "bob").count == messages)
        if style == .private { #expect(h.transport.messages(to: "bob") == ["Compliment van anna: Top hoe je de gast hielp"]) }
    }

    /// Confirmations come as NOTICE, as a reply in the channel, or as a short line, once stored.
    @Test func confirmStyles() async throws {
        var settings = ChatSettings()
        settings.confirm = .reply
        let reply = try Harness(now: start, chatSettings: settings)
        await reply.say("!blij koffie", at: start)
        #expect(reply.transport.posts(in: "#receptie") == ["anna: Genoteerd: waar klanten blij van worden. Dank je!"])
        settings.confirm = .short
        let short = try Harness(now: start, chatSettings: settings)
        await short.say("!blij koffie", at: start)
        await short.say("!blij privé", in: nil, at: start)
        #expect(short.transport.posts(in: "#receptie") == ["anna: ✓"])
        #expect(short.transport.notices(to: "anna") == ["Genoteerd: waar klanten blij van worden. Dank je!"])
    }

    /// A real huddle's worth of commands from one person within a minute goes through; 30 commands
    /// in 10 seconds get one polite refusal; after a pause commands work again.
    @Test func rateLimit() async throws {
        let h = try Harness(now: start)
        let huddle = ["!blij koffie", "!zorg wachtrij", "!kudos bob top", "!kudos carla snel", "!klant vraagt naar bus",
                      "!actie bord ophangen", "!blij ontbijt", "!zorg lift"]
        for (index, line) in huddle.enumerated() { await h.say(line, at: start.addingTimeInterval(Double(index) * 7)) }
        #expect(!h.transport.notices(to: "anna").contains(Phrase.slowDown.text(.nl)))
        #expect((h.journal as! InMemoryJournal).all.count == 8)

        let flood = try Harness(now: start)
        for index in 0..<30 { await flood.say("!blij \(index)", at: start.addingTimeInterval(Double(index) / 3)) }
        let notices = flood.transport.notices(to: "anna")
        #expect((12...16).contains(notices.filter { $0.hasPrefix("Genoteerd") }.count))
        #expect(notices.filter { $0 == Phrase.slowDown.text(.nl) }.count == 1)
        await flood.say("!blij later", at: start.addingTimeInterval(120))
        #expect(flood.transport.notices(to: "anna").last == "Genoteerd: waar klanten blij van worden. Dank je!")
    }

    /// Undo withdraws the last entry in the journal, and the digest leaves it out; actions are numbered across weeks.
    @Test func undoAndActions() async throws {
        let data = try temporaryDirectory()
        let h = try Harness(now: start, journal: FileJournal(dataDirectory: data), data: data)
        await h.say("!actie @bob Koffiemachine", at: start.addingTimeInterval(-7 * 86400))
        await h.say("!blij iets verkeerds", at: start)
        await h.say("!oeps", at: start.addingTimeInterval(10))
        await h.say("!actie Taxi bellen", at: start.addingTimeInterval(20))
        await h.say("!klaar 1", at: start.addingTimeInterval(30))
        await h.say("!acties", at: start.addingTimeInterval(40))
        #expect(h.transport.notices(to: "anna") == [
            "Genoteerd: actie 1 voor bob.", "Genoteerd: waar klanten blij van worden. Dank je!", "Ingetrokken: iets verkeerds",
            "Genoteerd: actie 2.", "Genoteerd: actie 1 is klaar. Top!", "Open acties (1):", "2: Taxi bellen (0 dagen)",
        ])
        let week = ISOWeek(parsing: "2026-W48")!
        let digest = DigestBuilder.build(team: receptie, week: week, entries: try await h.journal.entries(team: "receptie", week: week).entries)
        #expect(digest.observations.gains.isEmpty)
        #expect(digest.actions.map(\.number) == [2])
    }

    /// An anonymous observation sent privately is stored without any author.
    @Test func anonymousPrivately() async throws {
        let h = try Harness(now: start)
        await h.say("!anoniem zorg Lawaai van de bouw", in: nil, at: start)
        let entry = try #require((h.journal as! InMemoryJournal).all.first)
        #expect(entry.author == nil && entry.type == .pain && entry.text == "Lawaai van de bouw")
        #expect(h.transport.notices(to: "anna") == ["Genoteerd, zonder je naam. Dank je!"])
    }

    /// The bot learns accounts from messages, so a compliment to another nick of your own account is refused.
    @Test func selfKudosAcrossNicks() async throws {
        let h = try Harness(now: start)
        await h.say("!blij x", from: "anna_phone", account: "anna", at: start)
        await h.say("!kudos anna_phone goed gedaan", from: "anna", account: "anna", at: start.addingTimeInterval(60))
        #expect(h.transport.notices(to: "anna") == [Phrase.selfKudos.text(.nl)])
    }
}
