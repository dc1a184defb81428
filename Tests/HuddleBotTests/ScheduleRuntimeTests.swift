import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

@Suite struct ScheduleRuntimeTests {
    let start = utc("2026-11-23T06:00:00Z")
    let key = HuddleKey(team: "receptie", shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)
    let week = ISOWeek(parsing: "2026-W48")!

    /// Within the grace period the huddle is posted late, says so, and gets its full window from then.
    @Test func lateWithinGrace() async throws {
        let h = try Harness(now: start)
        let late = start.addingTimeInterval(10 * 60)
        await h.scheduler.tick(now: late)
        #expect(h.transport.posts(in: "#receptie")[1] == "(Later dan gepland: deze huddle begon om 07:00.)")
        await h.say("1 nog net", at: late.addingTimeInterval(14 * 60))
        #expect(h.transport.notices(to: "anna") == ["Genoteerd: je antwoord op vraag 1. Dank je!"])
        let digest = DigestBuilder.build(team: receptie, week: week, entries: try await h.journal.entries(team: "receptie", week: week).entries)
        #expect(digest.huddles.late == 1 && digest.huddles.held == 1)
    }

    /// A bot that was down past the grace period records the huddle as missed, once, and the digest shows it.
    @Test func missedWhileDown() async throws {
        let data = try temporaryDirectory()
        let first = try Harness(now: start.addingTimeInterval(-86400), journal: FileJournal(dataDirectory: data),
                                ledger: FileLedger(dataDirectory: data), data: data)
        await first.scheduler.tick(now: start.addingTimeInterval(-86400))
        #expect(first.transport.posts(in: "#receptie").count == 5)
        let back = start.addingTimeInterval(20 * 60)
        let second = try Harness(now: back, journal: FileJournal(dataDirectory: data), ledger: FileLedger(dataDirectory: data), data: data)
        await second.scheduler.tick(now: back)
        await second.scheduler.tick(now: back.addingTimeInterval(30))
        #expect(second.transport.posts(in: "#receptie") == ["Huddle ochtend gesloten: 0 antwoorden van 0 collega's, 0 complimenten, 0 klantobservaties. Dank jullie wel!"])
        #expect(await second.ledger.state(of: key) == .missed)
        let entries = try await second.journal.entries(team: "receptie", week: week).entries
        #expect(entries.filter { $0.type == .huddleMissed }.map(\.huddle?.day) == [key.day])
        let digest = DigestBuilder.build(team: receptie, week: week, entries: entries)
        #expect(digest.huddles.missed == 1 && digest.huddles.list.first { $0.day == key.day }?.missed == true)
    }

    /// Not connected at the shift start: nothing is recorded as held; back within grace the prompt
    /// goes out late with its full window; back after grace the huddle is missed, never held.
    @Test func disconnectedAtStart() async throws {
        let h = try Harness(now: start)
        h.transport.isConnected = false
        await h.scheduler.tick(now: start)
        let waiting = await h.ledger.state(of: key)
        #expect(h.transport.posts(in: "#receptie").isEmpty && waiting == .unsent)
        #expect(try await h.journal.entries(team: "receptie", week: week).entries.isEmpty)
        await h.say("1 ben ik te vroeg?", at: start.addingTimeInterval(60))
        #expect(h.transport.notices(to: "anna").isEmpty)
        h.transport.isConnected = true
        let back = start.addingTimeInterval(5 * 60)
        await h.scheduler.tick(now: back)
        #expect(h.transport.posts(in: "#receptie")[1] == "(Later dan gepland: deze huddle begon om 07:00.)")
        #expect(await h.ledger.state(of: key) == .posted)
        let open = await h.bot.openHuddle(of: receptie, at: back.addingTimeInterval(14 * 60))
        #expect(open?.closesAt == back.addingTimeInterval(15 * 60))

        let other = try Harness(now: start)
        other.transport.isConnected = false
        await other.scheduler.tick(now: start.addingTimeInterval(5))
        await other.scheduler.tick(now: start.addingTimeInterval(10 * 60))
        other.transport.isConnected = true
        await other.scheduler.tick(now: start.addingTimeInterval(16 * 60))
        let missed = await other.ledger.state(of: key)
        #expect(other.transport.posts(in: "#receptie").isEmpty && missed == .missed)
        let digest = DigestBuilder.build(team: receptie, week: week, entries: try await other.journal.entries(team: "receptie", week: week).entries)
        #expect(digest.huddles.held == 0 && digest.huddles.missed == 1)
    }

    /// On a holiday of the team's calendar nothing is posted and nothing is missed.
    @Test func holidayIsQuiet() async throws {
        var team = receptie
        team.holidays = .nl
        let christmas = utc("2026-12-25T06:00:00Z")
        let ledger = InMemoryLedger()
        let dayBefore = HuddleKey(team: "receptie", shift: "ochtend", day: CalendarDay(parsing: "2026-12-23")!)
        try await ledger.record(LedgerRecord(at: christmas.addingTimeInterval(-86400 * 2), key: dayBefore, state: .closed))
        let h = try Harness(now: christmas, teams: [team], ledger: ledger)
        await h.scheduler.tick(now: christmas)
        await h.scheduler.tick(now: christmas.addingTimeInterval(3600))
        #expect(h.transport.sent.isEmpty)
        let huddles = ledger.all.filter { $0.kind != LedgerRecord.scheduleKind }
        #expect(huddles.count == 2 && huddles[1].state == .missed)
        #expect(huddles[1].day.description == "2026-12-24")
    }

    /// A leader skips the next huddle with a reason; it is not posted and the digest says why. Others may not skip.
    @Test func leaderSkip() async throws {
        let h = try Harness(now: start.addingTimeInterval(-3600))
        await h.say("!skip teamuitje", from: "bob", account: "bob", at: start.addingTimeInterval(-3600))
        #expect(h.transport.notices(to: "bob") == [Phrase.onlyLeaders.text(.nl)])
        await h.say("!overslaan Teamuitje de hele ochtend", from: "monique", account: "monique", at: start.addingTimeInterval(-3600))
        #expect(h.transport.notices(to: "monique") == ["Genoteerd: de huddle ochtend van maandag 23 november gaat niet door."])
        await h.scheduler.tick(now: start)
        #expect(h.transport.posts(in: "#receptie").isEmpty)
        #expect(await h.ledger.state(of: key) == .skipped)
        await h.say("!overslaan ook morgen", from: "monique", account: "monique", at: start.addingTimeInterval(60))
        #expect(h.transport.notices(to: "monique").last == "Genoteerd: de huddle ochtend van dinsdag 24 november gaat niet door.")
        let entries = try await h.journal.entries(team: "receptie", week: week).entries
        let digest = DigestBuilder.build(team: receptie, week: week, entries: entries)
        #expect(digest.huddles.skipped == 2 && digest.huddles.list[0].skipped == "overgeslagen door monique: Teamuitje de hele ochtend")
    }

    /// A nick alone never makes a leader, whatever allow_nick_identity says (that is for staff entries).
    @Test func leaderNeverByNick() async throws {
        var accountsOnly = ChatSettings()
        accountsOnly.nickIdentity = .false
        let strict = try Harness(now: start.addingTimeInterval(-3600), chatSettings: accountsOnly)
        await strict.say("!skip training", from: "monique", at: start.addingTimeInterval(-3600))
        #expect(strict.transport.notices(to: "monique") == [Phrase.needsAccount.text(.nl)])
        var settings = ChatSettings()
        settings.nickIdentity = .true
        let relaxed = try Harness(now: start.addingTimeInterval(-3600), chatSettings: settings)
        await relaxed.say("!skip training", from: "monique", at: start.addingTimeInterval(-3600))
        #expect(relaxed.transport.notices(to: "monique") == [Phrase.onlyLeaders.text(.nl)])
        await relaxed.say("!blij koffie", from: "monique", at: start.addingTimeInterval(-3600))
        #expect(relaxed.transport.notices(to: "monique").last?.hasPrefix("Genoteerd") == true)
    }

    /// The mention reminder names the regulars who have not answered yet; quiet teams get no reminder.
    @Test func reminders() async throws {
        var team = receptie
        team.remind = .mention
        let h = try Harness(now: start.addingTimeInterval(-86400), teams: [team])
        await h.scheduler.tick(now: start.addingTimeInterval(-86400))
        await h.say("1 gisteren", from: "anna", account: "anna", at: start.addingTimeInterval(-86400 + 60))
        await h.say("1 gisteren", from: "bob", account: "bob", at: start.addingTimeInterval(-86400 + 60))
        await h.scheduler.tick(now: start.addingTimeInterval(-86400 + 15 * 60))
        await h.scheduler.tick(now: start)
        await h.say("2 vandaag", from: "anna", account: "anna", at: start.addingTimeInterval(60))
        let before = h.transport.posts(in: "#receptie").count
        await h.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        #expect(Array(h.transport.posts(in: "#receptie").dropFirst(before)) == [
            // Answering once makes no regular: anna answered today, so 1 of 1.
            "Nog 3 min: huddle ochtend sluit om 07:15. Nog niet geantwoord? Antwoord met 1, 2 of 3. 1 van 1 heeft geantwoord.",
            "We horen nog graag van: bob.",
        ])
        await h.scheduler.tick(now: start.addingTimeInterval(13 * 60))
        #expect(h.transport.posts(in: "#receptie").count == before + 2)

        team.remind = .quiet
        let quiet = try Harness(now: start, teams: [team])
        await quiet.scheduler.tick(now: start)
        await quiet.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        #expect(quiet.transport.posts(in: "#receptie").count == 5)
    }

    /// `!overzicht <group>` from a group leader (by host mask) gives the group's summary
    /// privately, without asking which team; from anyone else a polite refusal.
    @Test func groupDigestInChat() async throws {
        var keuken = receptie
        keuken.id = "keuken"
        keuken.channel = "#keuken"
        let group = GroupConfig(id: "zuid", name: "Hotel Zuid", teams: ["receptie", "keuken"], leaders: ["monique!*@10.1.2.*"])
        let h = try Harness(now: start, teams: [receptie, keuken], groups: [group])
        await h.say("!blij Snelle check-in", from: "anna", at: start)
        await h.chat.handle(ChatMessage(sender: Author(nick: "monique"), channel: nil, text: "!overzicht zuid deze", at: start,
                                        senderMask: "monique!m@10.1.2.3"))
        let lines = h.transport.notices(to: "monique")
        #expect(lines.first == "Groepsoverzicht Hotel Zuid, week 48 (2026-W48)")
        #expect(lines.last?.hasPrefix("Volledig overzicht: ") == true && lines.last?.contains("group-digests/zuid/2026-W48.html") == true)
        await h.chat.handle(ChatMessage(sender: Author(nick: "monique"), channel: nil, text: "!overzicht zuid", at: start,
                                        senderMask: "monique!m@192.0.2.9"))
        #expect(h.transport.notices(to: "monique").last == Phrase.onlyLeadersDigest.text(.nl))
    }
}
