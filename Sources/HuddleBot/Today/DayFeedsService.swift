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
    /// How many owners are fetched at the same time at most.
    static let parallel = 16

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let now = bot.clock.now()
            let wake = await refreshDue(now: now)
            do {
                try await cancelWhenGracefulShutdown {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await bot.clock.sleep(until: wake) }
                        group.addTask { await bot.state.feedsNudge.wait() }
                        try await group.next()
                        group.cancelAll()
                    }
                }
            } catch {
                return
            }
        }
    }

    /// Fetches what is due at `now`; returns when to look again.
    func refreshDue(now: Date) async -> Date {
        let config = bot.config
        let owners = OpeningAssembly.sourcesByOwner(config)
        guard !owners.isEmpty else { return now.addingTimeInterval(300) }
        var wake = now.addingTimeInterval(30)
        var due: [String: (sources: [DaySource], day: CalendarDay, zone: TimeZone)] = [:]
        for team in config.teams {
            let mine = [team.id] + config.groups(of: team.id).map(\.recordKey)
            guard mine.contains(where: { owners[$0] != nil }), let next = team.nextHuddle(after: now) else { continue }
            let fetchAt = next.opensAt.addingTimeInterval(-TimeInterval(config.opening.fetchAhead))
            guard now >= fetchAt else {
                wake = min(wake, fetchAt)
                continue
            }
            for owner in mine where due[owner] == nil {
                guard let sources = owners[owner] else { continue }
                let last = await bot.feeds.lastAttempt(owner)
                if last == nil || last!.at < fetchAt || (last!.failed && now.timeIntervalSince(last!.at) >= Self.retry) {
                    due[owner] = (sources, next.key.day, team.timeZone)
                }
            }
        }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for (owner, work) in due {
                if running == Self.parallel {
                    await group.next()
                    running -= 1
                }
                group.addTask { await bot.feeds.refresh(owner: owner, sources: work.sources, day: work.day, timeZone: work.zone, now: now) }
                running += 1
            }
        }
        return wake
    }
}
