import Foundation
import HuddleCore
import HuddleStore

extension HuddleBot {
    /// Records as skipped the huddles a reload brought into the schedule after their start and
    /// grace (a team or shift added, a shift moved earlier): they were never the bot's to post,
    /// and a scheduler looking back for missed huddles, now or after a restart, must not count
    /// them missed (found by Scripts/simulate: a team added on a Wednesday got that week's
    /// earlier huddles as missed in its digest). A huddle the old schedule had already due stays
    /// the scheduler's to post late or record missed.
    func skipUnscheduled(from old: HuddleConfig, to new: HuddleConfig, now: Date) async {
        guard let earliest = await ledger.earliest() else { return }
        for team in new.teams {
            let before = old.team(id: team.id)
            guard before?.shifts != team.shifts || before?.holidays != team.holidays || before?.skipDates != team.skipDates
                    || before?.timeZone != team.timeZone else { continue }
            let grace = TimeInterval(max(60, team.shifts.map(\.grace).max() ?? 0))
            let from = max(earliest.addingTimeInterval(-grace), now.addingTimeInterval(-SchedulerService(bot: self).missedLookback))
            for occurrence in team.pastOccurrences(from: from, to: now) where await ledger.state(of: occurrence.key) == nil {
                if let before, let shift = before.shift(named: occurrence.key.shift), before.skipReason(shift, on: occurrence.key.day) == nil,
                   let was = before.occurrence(of: shift, on: occurrence.key.day),
                   was.opensAt.addingTimeInterval(TimeInterval(max(60, shift.grace))) <= now {
                    continue
                }
                do {
                    try await ledger.record(LedgerRecord(at: now, key: occurrence.key, state: .skipped,
                                                         reason: "not in the schedule before a reload"))
                } catch {
                    logger.error("could not record a huddle the reload brought in too late", metadata: [
                        "team.id": "\(team.id)", "huddle.shift": "\(occurrence.key.shift)", "huddle.day": "\(occurrence.key.day)", "error": "\(error)"])
                }
            }
        }
    }
}
