import Foundation
import HuddleCore
import HuddleStore

extension SchedulerService {
    /// Whether a huddle whose start and grace are past was missed: never started, and the bot's to post.
    func isMissed(_ occurrence: HuddleOccurrence, grace: TimeInterval) async -> Bool {
        guard await notStarted(occurrence.key) else { return false }
        return await wasScheduled(occurrence, grace: grace)
    }

    /// The key of the ledger record that says when a team's shift was first in the schedule.
    static func firstSeen(team: String, shift: String) -> HuddleKey {
        HuddleKey(team: team, shift: shift, day: CalendarDay(year: 1970, month: 1, day: 1)!)
    }

    /// Notes in the ledger when each shift of the configuration is first seen (a team or shift
    /// new to the bot, at its start or on a reload), once: the huddles it had before were never
    /// the bot's to post, then or after a restart.
    func noteNewShifts(now: Date) async {
        for team in bot.config.teams {
            for shift in team.shifts where await bot.ledger.earliest(team: team.id, shift: shift.name) == nil {
                do {
                    try await bot.ledger.record(LedgerRecord(at: now, key: Self.firstSeen(team: team.id, shift: shift.name), state: .skipped,
                                                             reason: "first in the schedule", kind: "shift"))
                } catch {
                    bot.logger.error("could not note a new shift in the ledger", metadata: ["team.id": "\(team.id)", "huddle.shift": "\(shift.name)", "error": "\(error)"])
                }
            }
        }
    }

    /// Whether a huddle the bot did not post was its to post: its shift was in the schedule (the
    /// ledger has a record of it) from within grace of its start on. A team or shift a reload
    /// added has no record from before the reload, then or after a restart, so its earlier
    /// huddles are not recorded missed (found by Scripts/simulate, seeds 5 and 20: a team added
    /// on a Wednesday had that week's earlier huddles missed in its digest).
    func wasScheduled(_ occurrence: HuddleOccurrence, grace: TimeInterval) async -> Bool {
        guard let first = await bot.ledger.earliest(team: occurrence.key.team, shift: occurrence.key.shift) else { return false }
        return occurrence.opensAt >= first.addingTimeInterval(-grace)
    }
}
