import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// Actions with a due date come back: in the opening of the team's huddles, and once, privately,
/// to their owner on the day.
@Suite struct ActionReminderTests {
    /// Receptie with a morning and an afternoon huddle.
    let team: TeamConfig = {
        var team = receptie
        team.shifts.append(ShiftConfig(name: "middag", start: LocalTime(hour: 12, minute: 0)!, window: 15 * 60))
        return team
    }()
    /// Tuesday 24 November 2026, 07:00 in Amsterdam.
    let tuesday = utc("2026-11-24T06:00:00Z")

    /// An action taken on Monday for Tuesday opens Tuesday's huddles; bob is reminded once, at the first.
    @Test func remindsOnceOnTheDueDay() async throws {
        let h = try Harness(now: tuesday, teams: [team])
        await h.say("!actie @bob Koffiemachine laten maken morgen", at: utc("2026-11-23T09:00:00Z"))
        #expect(h.transport.notices(to: "anna") == ["Genoteerd: actie 1 voor bob, tot dinsdag 24 november."])
        await h.scheduler.tick(now: tuesday)
        let posts = h.transport.posts(in: "#receptie")
        #expect(posts.count == 6 && posts[1] == "Acties: 1 Koffiemachine laten maken (bob, vandaag)")
        #expect(h.transport.messages(to: "bob") == ["Herinnering: actie 1 staat voor vandaag: Koffiemachine laten maken. Klaar? Zeg !klaar 1."])
        // The afternoon huddle shows it again; the reminder is not said twice.
        await h.scheduler.tick(now: utc("2026-11-24T11:00:00Z"))
        #expect(h.transport.posts(in: "#receptie").filter { $0.hasPrefix("Acties:") }.count == 2)
        #expect(h.transport.messages(to: "bob").count == 1)
        // Wednesday it is overdue, without a reminder; done, it is gone.
        await h.scheduler.tick(now: utc("2026-11-25T06:00:00Z"))
        #expect(h.transport.posts(in: "#receptie").last { $0.hasPrefix("Acties:") } == "Acties: 1 Koffiemachine laten maken (bob, 1 dag te laat)")
        #expect(h.transport.messages(to: "bob").count == 1)
        await h.say("!klaar 1", from: "bob", at: utc("2026-11-25T06:05:00Z"))
        await h.scheduler.tick(now: utc("2026-11-25T11:00:00Z"))
        #expect(h.transport.posts(in: "#receptie").filter { $0.hasPrefix("Acties:") }.count == 3)
    }

    /// An owner who is not there is told when next seen; a reminder never goes to the channel.
    @Test func heldUntilTheOwnerIsSeen() async throws {
        let h = try Harness(now: tuesday, teams: [team])
        await h.say("!actie Menukaart drukken tot 24-11", at: utc("2026-11-23T09:00:00Z"))
        h.transport.members = ["carla"]
        await h.scheduler.tick(now: tuesday)
        #expect(h.transport.messages(to: "anna").isEmpty)
        // Another person's line gives them nothing of anna's; anna's own line brings her reminder.
        await h.say("!acties", from: "carla", at: tuesday.addingTimeInterval(60))
        #expect(!h.transport.notices(to: "carla").contains { $0.hasPrefix("Herinnering") })
        await h.say("1 groep", from: "anna", at: tuesday.addingTimeInterval(120))
        #expect(h.transport.notices(to: "anna").suffix(2) == ["Herinnering: actie 1 staat voor vandaag: Menukaart drukken. Klaar? Zeg !klaar 1.",
                                                              "Genoteerd: je antwoord op vraag 1. Dank je!"])
        #expect(!h.transport.posts(in: "#receptie").contains { $0.contains("Herinnering") })
    }
}
