import Foundation
import HuddleCore

extension Simulation {
    /// A scheduler wake at `at`: the main one replaces the one planned before; others come on top.
    func scheduleTick(at date: Date, main: Bool) {
        let at = wholeSecond(date)
        if main {
            guard mainTickAt.map({ at < $0 }) ?? true else { return }
            mainTickAt = at
        }
        queue.add(.tick(main: main), at: at)
    }

    /// A delivery round of the webhook outbox at `at`, unless one comes sooner.
    func scheduleOutbox(at date: Date) {
        let at = wholeSecond(date)
        guard live != nil, outboxAt.map({ at < $0 }) ?? true else { return }
        outboxAt = at
        queue.add(.outbox, at: at)
    }

    /// After a wake at `now`, the next one: where the scheduler's own wake says nothing is due
    /// within its 30 seconds, the next moment anything can be (a shift start or the end of its
    /// grace, a reminder, a window's end, a digest's post time) instead of every 30 seconds;
    /// every 30 seconds only while a due prompt waits to go out.
    func planTick(after now: Date) async {
        guard let live else { return }
        let wake = await live.stepper.nextWake(after: now)
        guard wake >= now.addingTimeInterval(30) else {
            scheduleTick(at: wake, main: true)
            return
        }
        var next = interesting.first { $0 > now } ?? end
        for record in await live.bot.ledger.unclosed() {
            guard let occurrence = record.occurrence, let team = config.team(id: record.team) else { continue }
            let reminder = occurrence.opensAt.addingTimeInterval(occurrence.closesAt.timeIntervalSince(occurrence.opensAt) * team.remindAt)
            for moment in [reminder, occurrence.closesAt] where moment > now { next = min(next, moment) }
        }
        for team in config.teams {
            for occurrence in team.dueOccurrences(at: now) {
                let state = await live.bot.ledger.state(of: occurrence.key)
                if state == nil || state == .unsent { next = min(next, now.addingTimeInterval(30)) }
            }
        }
        scheduleTick(at: max(next, now.addingTimeInterval(1)), main: true)
    }

    /// The moments something is due under the configuration in force: shift starts, the ends of
    /// their grace, and the digests' post times of teams and groups.
    func rebuildInteresting() {
        var moments: [Date] = []
        let from = start.addingTimeInterval(-86_400), to = end.addingTimeInterval(86_400)
        for team in config.teams {
            for occurrence in team.occurrences(from: from, to: to) {
                let grace = TimeInterval(max(60, team.shift(named: occurrence.key.shift)?.grace ?? 0))
                moments += [occurrence.opensAt, occurrence.opensAt.addingTimeInterval(grace)]
            }
            moments += postTimes(team.digest, zone: team.timeZone, from: from, to: to)
        }
        for group in config.groups { moments += postTimes(group.digest, zone: group.timeZone, from: from, to: to) }
        interesting = moments.sorted()
    }

    private func postTimes(_ digest: DigestSettings, zone: TimeZone, from: Date, to: Date) -> [Date] {
        var day = CalendarDay(from, in: zone)
        var times: [Date] = []
        while day.start(in: zone) < to {
            if day.weekday == digest.weekday { times.append(day.instant(at: digest.time, in: zone)) }
            day = day.adding(days: 1)
        }
        return times
    }

    /// A moment for a line near `at`, unique to the millisecond and never on a whole second
    /// (the bot's own entries are stamped with the scheduler's whole-second wakes).
    func uniqueTime(near at: Date) -> Date {
        var millis = Int64((at.timeIntervalSince1970 * 1000).rounded(.down))
        while millis % 1000 == 0 || usedTimes.contains(millis) { millis += 1 }
        usedTimes.insert(millis)
        return Date(timeIntervalSince1970: Double(millis) / 1000 + 0.0001)
    }
}
