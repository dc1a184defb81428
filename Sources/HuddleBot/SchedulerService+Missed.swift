import Foundation
import HuddleCore

extension SchedulerService {
    /// Whether a huddle whose start and grace are past was missed: never started, and the bot's to post.
    func isMissed(_ occurrence: HuddleOccurrence, grace: TimeInterval) async -> Bool {
        guard await notStarted(occurrence.key) else { return false }
        return await wasScheduled(occurrence, grace: grace)
    }

    /// Whether a huddle the bot did not post was its to post: its shift has records in the ledger
    /// from (within grace of) its start on. A team or shift a reload added has none from before
    /// the reload, then or after a restart, so its earlier huddles are not recorded missed (found
    /// by Scripts/simulate, seeds 5 and 20: a team added on a Wednesday had that week's earlier
    /// huddles missed in its digest).
    func wasScheduled(_ occurrence: HuddleOccurrence, grace: TimeInterval) async -> Bool {
        guard let first = await bot.ledger.earliest(team: occurrence.key.team, shift: occurrence.key.shift) else { return false }
        return occurrence.opensAt >= first.addingTimeInterval(-grace)
    }
}
