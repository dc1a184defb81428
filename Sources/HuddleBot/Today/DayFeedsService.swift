import Foundation
import HuddleCore
import ServiceLifecycle

/// Fetches each team's (and group's) sources ahead of its next huddle (`prompt.fetch_ahead`,
/// 15 minutes by default), and again every two minutes until the shift while a source fails.
struct DayFeedsService: Service, CustomStringConvertible {
    let bot: HuddleBot
    var description: String { "DayFeedsService" }
    /// How often a failing source is tried again before the shift.
    static let retry: TimeInterval = 120

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let now = bot.clock.now()
            guard await bot.rest(until: await refreshDue(now: now), or: bot.state.feedsNudge) else { return }
        }
    }

    /// Starts fetching what is due at `now` (each owner in a task of its own, so a slow source
    /// holds up no other); returns when to look again.
    func refreshDue(now: Date) async -> Date {
        let config = bot.config
        let owners = OpeningAssembly.sourcesByOwner(config)
        await bot.feeds.retain(owners)
        guard !owners.isEmpty else { return now.addingTimeInterval(300) }
        var wake = now.addingTimeInterval(30)
        var started: Set<String> = []
        for team in config.teams {
            let mine = [team.id] + config.groups(of: team.id).map(\.recordKey)
            guard mine.contains(where: { owners[$0] != nil }), let next = team.nextHuddle(after: now) else { continue }
            let fetchAt = next.opensAt.addingTimeInterval(-TimeInterval(config.opening.fetchAhead))
            guard now >= fetchAt else {
                wake = min(wake, fetchAt)
                continue
            }
            for owner in mine where !started.contains(owner) {
                guard let sources = owners[owner] else { continue }
                let due: Bool
                if let last = await bot.feeds.lastAttempt(owner, sources: sources) {
                    due = last.at < fetchAt || (last.failed && now.timeIntervalSince(last.at) >= Self.retry)
                } else {
                    due = true
                }
                guard due else { continue }
                started.insert(owner)
                let (feeds, day, zone) = (bot.feeds, next.key.day, team.timeZone)
                Task { await feeds.refresh(owner: owner, sources: sources, day: day, timeZone: zone, now: now) }
            }
        }
        return wake
    }
}
