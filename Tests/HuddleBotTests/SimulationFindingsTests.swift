import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// Regressions for what `Scripts/simulate` found in the runtime, each with the seed that found it.
@Suite struct SimulationFindingsTests {
    let monday = utc("2026-11-23T06:00:00Z")

    func day(_ text: String) -> CalendarDay { CalendarDay(parsing: text)! }

    /// A team added by reload is not recorded missed for the days before it existed (they are
    /// skipped), neither then nor after a restart, while the huddles the bot itself missed still
    /// are (seeds 5 and 20: a team added on a Wednesday had that week's earlier huddles missed in
    /// its digest).
    @Test func reloadAddsNoPastMisses() async throws {
        let data = try temporaryDirectory()
        let h = try Harness(now: monday, ledger: FileLedger(dataDirectory: data), data: data)
        await h.scheduler.tick(now: monday)
        let thursday = monday.addingTimeInterval(3 * 86_400 + 3_600)
        h.clock.advance(to: thursday)
        var config = h.bot.config
        var bar = receptie
        bar.id = "bar"
        bar.name = "Bar"
        bar.channel = "#bar"
        config.teams.append(bar)
        try await h.bot.reload(to: config)
        await h.scheduler.tick(now: thursday)
        let restarted = try Harness(now: thursday.addingTimeInterval(60), teams: [receptie, bar], ledger: FileLedger(dataDirectory: data), data: data)
        await restarted.scheduler.tick(now: thursday.addingTimeInterval(60))
        for date in ["2026-11-24", "2026-11-25", "2026-11-26"] {
            #expect(await restarted.ledger.state(of: HuddleKey(team: "bar", shift: "ochtend", day: day(date))) == .skipped)
        }
        for date in ["2026-11-24", "2026-11-25", "2026-11-26"] {
            #expect(await restarted.ledger.state(of: HuddleKey(team: "receptie", shift: "ochtend", day: day(date))) == .missed)
        }
        #expect(try await h.journal.entries(team: "bar", week: ISOWeek(parsing: "2026-W48")!).entries.isEmpty)
    }

    /// A shift a reload brings in that began just before is still the bot's to post late; its
    /// days before are not missed.
    @Test func reloadedShiftJustBegunIsPostedLate() async throws {
        let h = try Harness(now: monday)
        await h.scheduler.tick(now: monday)
        let reloadAt = monday.addingTimeInterval(86_400 + 3_600 + 120)
        h.clock.advance(to: reloadAt)
        var config = h.bot.config
        config.teams[0].shifts.append(ShiftConfig(name: "laat", start: LocalTime(hour: 8, minute: 0)!, window: 15 * 60))
        try await h.bot.reload(to: config)
        await h.scheduler.tick(now: reloadAt)
        #expect(await h.ledger.state(of: HuddleKey(team: "receptie", shift: "laat", day: day("2026-11-24"))) == .posted)
        #expect(await h.ledger.state(of: HuddleKey(team: "receptie", shift: "laat", day: day("2026-11-23"))) == .skipped)
        #expect(await h.ledger.state(of: HuddleKey(team: "receptie", shift: "ochtend", day: day("2026-11-24"))) == .missed)
    }

    /// A shift paused by a reload and brought back by another is not recorded missed for the days
    /// it was out of the schedule, then or after a restart (a review of the first-seen record the
    /// simulator's seed 20 led to: the shift's first record predated the pause).
    @Test func pausedShiftIsNotMissed() async throws {
        let data = try temporaryDirectory()
        let h = try Harness(now: monday, ledger: FileLedger(dataDirectory: data), data: data)
        await h.scheduler.tick(now: monday)
        let original = h.bot.config
        let tuesday = monday.addingTimeInterval(86_400 + 6 * 3_600)
        h.clock.advance(to: tuesday)
        var paused = original
        paused.teams[0].shifts = [ShiftConfig(name: "avond", start: LocalTime(hour: 18, minute: 0)!, window: 15 * 60)]
        try await h.bot.reload(to: paused)
        let thursday = tuesday.addingTimeInterval(2 * 86_400)
        h.clock.advance(to: thursday)
        try await h.bot.reload(to: original)
        await h.scheduler.tick(now: thursday)
        let restarted = try Harness(now: thursday.addingTimeInterval(60), ledger: FileLedger(dataDirectory: data), data: data)
        await restarted.scheduler.tick(now: thursday.addingTimeInterval(60))
        for date in ["2026-11-25", "2026-11-26"] {
            #expect(await restarted.ledger.state(of: HuddleKey(team: "receptie", shift: "ochtend", day: day(date))) == .skipped)
        }
        #expect(try await h.journal.entries(team: "receptie", week: ISOWeek(parsing: "2026-W48")!).entries.allSatisfy { $0.type != .huddleMissed })
    }

    /// A day taken off the days to skip after it passed is not recorded missed: the bot was told
    /// to skip it then. What the bot missed itself before the reload stays missed.
    @Test func pastSkipDateRemovedIsNotMissed() async throws {
        var team = receptie
        team.skipDates = [day("2026-11-25")]
        let h = try Harness(now: monday, teams: [team])
        await h.scheduler.tick(now: monday)
        let thursday = monday.addingTimeInterval(3 * 86_400 + 3 * 3_600)
        h.clock.advance(to: thursday)
        await h.scheduler.tick(now: thursday)
        h.clock.advance(to: thursday.addingTimeInterval(3 * 3_600))
        var config = h.bot.config
        config.teams[0].skipDates = []
        try await h.bot.reload(to: config)
        await h.scheduler.tick(now: thursday.addingTimeInterval(3 * 3_600))
        #expect(await h.ledger.state(of: HuddleKey(team: "receptie", shift: "ochtend", day: day("2026-11-25"))) == .skipped)
        #expect(await h.ledger.state(of: HuddleKey(team: "receptie", shift: "ochtend", day: day("2026-11-26"))) == .missed)
    }

    /// Withdrawing last week's answer once that week's digest is written writes the digest again,
    /// so its page never shows what was withdrawn (seed 7: an undo on Tuesday left Monday's
    /// posted digest with the answer in it, and it no longer regenerated alike).
    @Test func undoRewritesLastWeeksDigest() async throws {
        let data = try temporaryDirectory()
        let h = try Harness(now: monday, journal: FileJournal(dataDirectory: data), data: data)
        await h.scheduler.tick(now: monday)
        await h.say("1 Een groep van twaalf", at: monday.addingTimeInterval(60))
        let week = ISOWeek(parsing: "2026-W48")!
        let nextMonday = monday.addingTimeInterval(7 * 86_400)
        h.clock.advance(to: nextMonday)
        try await h.bot.writeDigest(team: receptie, week: week)
        #expect(h.bot.digests.read(team: "receptie", week: week)?.answers.flatMap(\.answers).count == 1)
        await h.say("!oeps", at: nextMonday.addingTimeInterval(30))
        #expect(h.transport.notices(to: "anna").last?.hasPrefix("Ingetrokken") == true)
        #expect(h.bot.digests.read(team: "receptie", week: week)?.answers.flatMap(\.answers).isEmpty == true)
    }
}
