import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// Everyone heard: the reminder counts who answered against the shift's regulars, and each regular
/// who has not answered is nudged privately — unless away, quiet, or not there.
@Suite struct NudgeTests {
    /// Monday 23 November 2026, 07:00 in Amsterdam.
    let start = utc("2026-11-23T06:00:00Z")

    /// Two answers to the ochtend huddle on each of two days of the last weeks, by each of `people`.
    func history(_ h: Harness, _ people: [String]) async throws {
        for (index, day) in ["2026-11-10", "2026-11-17"].enumerated() {
            for (number, nick) in people.enumerated() {
                try await h.bot.record(JournalEntry(id: "old-\(index)-\(number)", at: utc("\(day)T06:05:00Z"), team: "receptie", type: .answer,
                                                    author: Author(nick: nick, account: nick), huddle: HuddleRef(shift: "ochtend", day: CalendarDay(parsing: day)!),
                                                    question: 1, text: "x"), team: receptie)
            }
        }
    }

    @Test func remindsCountsAndNudges() async throws {
        let h = try Harness(now: start)
        try await history(h, ["anna", "bob", "carla", "erin", "frank"])
        // Dave answered once: not a regular.
        try await h.bot.record(JournalEntry(id: "dave", at: utc("2026-11-17T06:06:00Z"), team: "receptie", type: .answer, author: Author(nick: "dave", account: "dave"),
                                            huddle: HuddleRef(shift: "ochtend", day: CalendarDay(parsing: "2026-11-17")!), question: 2, text: "y"), team: receptie)
        h.transport.members = ["anna", "bob", "carla", "erin", "dave"]
        await h.say("!afwezig tot woensdag", from: "carla", account: "carla", at: start.addingTimeInterval(-3600))
        await h.say("!stil", from: "erin", account: "erin", at: start.addingTimeInterval(-3600))
        await h.say("!taal en", from: "bob", account: "bob", at: start.addingTimeInterval(-3600))
        await h.scheduler.tick(now: start)
        await h.say("1 Groep van twaalf", from: "anna", account: "anna", at: start.addingTimeInterval(60))
        await h.say("2 Regen", from: "dave", account: "dave", at: start.addingTimeInterval(90))
        await h.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        // Expected: anna, bob, erin, frank (regulars not away) and dave (answered): 2 of 5.
        #expect(h.transport.posts(in: "#receptie").last ==
                "Nog 3 min: huddle ochtend sluit om 07:15. Nog niet geantwoord? Antwoord met 1, 2 of 3. 2 van 5 hebben geantwoord.")
        // Bob is nudged in his own language; erin asked for quiet, carla is away, frank is not there.
        #expect(h.transport.messages(to: "bob") == [
            "Huddle ochtend of Receptie is open for 3 more min (until 07:15); we would like to hear from you. Reply in #receptie with the question's number and your answer. No nudges? !quiet"])
        for nick in ["anna", "carla", "erin", "frank", "dave"] { #expect(h.transport.messages(to: nick).isEmpty, "\(nick)") }
        #expect(!h.transport.posts(in: "#receptie").contains { $0.contains("hear from you") || $0.contains("horen graag") })
        // Once: a later tick nudges no one again.
        await h.scheduler.tick(now: start.addingTimeInterval(13 * 60))
        #expect(h.transport.messages(to: "bob").count == 1)
    }

    /// `remind: quiet` says nothing in the channel, but the regulars are still nudged.
    @Test func quietChannelStillNudges() async throws {
        var team = receptie
        team.remind = .quiet
        let h = try Harness(now: start, teams: [team])
        try await history(h, ["anna", "bob"])
        await h.scheduler.tick(now: start)
        let posted = h.transport.posts(in: "#receptie").count
        await h.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        #expect(h.transport.posts(in: "#receptie").count == posted)
        #expect(h.transport.messages(to: "anna").count == 1 && h.transport.messages(to: "bob").count == 1)
        team.nudge = .off
        let silent = try Harness(now: start, teams: [team])
        try await history(silent, ["anna"])
        await silent.scheduler.tick(now: start)
        await silent.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        #expect(silent.transport.messages(to: "anna").isEmpty && silent.transport.posts(in: "#receptie").count == posted)
    }

    /// `nudge: off`, and `remind: mention` that names those lately heard but leaves out who is away.
    @Test func nudgeOffAndMention() async throws {
        var team = receptie
        team.nudge = .off
        team.remind = .mention
        let h = try Harness(now: start, teams: [team])
        try await history(h, ["anna", "bob", "carla"])
        await h.say("!afwezig tot woensdag", from: "carla", account: "carla", at: start.addingTimeInterval(-3600))
        await h.scheduler.tick(now: start)
        await h.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        #expect(h.transport.posts(in: "#receptie").suffix(2) == [
            "Nog 3 min: huddle ochtend sluit om 07:15. Nog niet geantwoord? Antwoord met 1, 2 of 3. 0 van 2 hebben geantwoord.",
            "We horen nog graag van: anna, bob."])
        #expect(h.transport.sent.allSatisfy { if case .message = $0 { false } else { true } })
    }

    /// A leader marks a colleague away by nick: the absence is the account that nick writes with.
    @Test func leaderMarksAColleagueAway() async throws {
        let h = try Harness(now: start)
        try await history(h, ["anna", "bob"])
        await h.say("1 hallo", from: "bob", account: "bob-account", at: start.addingTimeInterval(-7 * 86400))
        await h.say("!afwezig @bob tot 30-11", from: "monique", account: "monique", at: start.addingTimeInterval(-3600))
        #expect(h.transport.notices(to: "monique").last?.hasPrefix("Genoteerd: bob is afwezig tot en met maandag 30 november") == true)
        #expect(try await h.bot.peopleSettings(of: receptie).person("bob-account").isAbsent(on: CalendarDay(parsing: "2026-11-23")!))
    }

    /// One person's full part in a huddle — answers, a compliment, an observation, an action with a
    /// date, a look at the actions, settings, an urgent report — stays within the rate limit.
    @Test func aNormalHuddleIsNotRateLimited() async throws {
        let h = try Harness(now: start)
        await h.scheduler.tick(now: start)
        let lines = ["1 Groep van twaalf", "2 Regen", "3 Paraplu's klaar", "!kudos bob Top", "!blij Snelle check-in",
                     "!actie Paraplubak vullen tot morgen", "!acties", "!stil", "!taal nl", "!afwezig uit", "!zorg! Lekkage bij de ingang"]
        for (index, line) in lines.enumerated() {
            await h.say(line, from: "anna", account: "anna", at: start.addingTimeInterval(60 + Double(index) * 2))
        }
        #expect(!h.transport.notices(to: "anna").contains(Phrase.slowDown.text(.nl)))
        #expect((h.journal as! InMemoryJournal).all.filter { $0.author?.nick == "anna" }.count == 10)
    }

    /// `!taal en` in the channel: what the bot then says to her alone is English, in a private message too.
    @Test func personalLanguage() async throws {
        let h = try Harness(now: start)
        await h.say("!taal en", from: "anna", account: "anna", at: start)
        await h.say("!help", from: "anna", account: "anna", in: nil, at: start.addingTimeInterval(10))
        await h.say("!blij Snelle check-in", from: "anna", account: "anna", at: start.addingTimeInterval(20))
        let notices = h.transport.notices(to: "anna")
        #expect(notices.first == "Noted: from now on I will speak to you in English.")
        #expect(notices.dropFirst().first?.hasPrefix(Phrase.helpHeader(prefix: "!").text(.en)) == true)
        #expect(notices.last == "Noted: what makes customers happy. Thank you!")
        await h.say("!blij Snel", from: "bob", account: "bob", at: start.addingTimeInterval(30))
        #expect(h.transport.notices(to: "bob") == ["Genoteerd: waar klanten blij van worden. Dank je!"])
    }
}
