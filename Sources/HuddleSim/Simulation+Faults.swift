import Foundation
import HuddleBot
import HuddleCore
import HuddleStore

/// The day's faults, and the two operations an admin does to a running bot: reload and forget.
extension Simulation {
    /// Plans the faults of the day from `now`: crashes, IRC losses, platform outages and
    /// throttling, a full disk, reloads; a few of them right at a shift start.
    func planFaults(from now: Date) {
        func someTime() -> Date {
            // A third of the faults fall on a shift start, where they hurt most.
            if faultRandom.chance(0.33), let start = interesting.filter({ $0 > now && $0 < now.addingTimeInterval(86_400) }).randomElement(using: &faultRandom) {
                return start.addingTimeInterval(faultRandom.seconds(-90...30))
            }
            return now.addingTimeInterval(faultRandom.seconds(0...86_399))
        }
        for _ in 0..<faultRandom.int(1...3) { queue.add(.crash, at: someTime()) }
        for _ in 0..<faultRandom.int(1...4) {
            let seconds = faultRandom.chance(0.7) ? faultRandom.seconds(5...300) : faultRandom.seconds(300...3_600)
            queue.add(.ircDown(seconds, cutPrompt: faultRandom.chance(0.2)), at: someTime())
        }
        for team in world.teams where team.platform != nil && faultRandom.chance(0.5) {
            let mood = faultRandom.pick([Platforms.Mood.down, .silent, .throttled(retryAfter: faultRandom.int(1...120))])
            queue.add(.platform(team.id, mood, faultRandom.seconds(30...7_200)), at: someTime())
        }
        if faultRandom.chance(0.5) { queue.add(.diskFull(faultRandom.seconds(5...900)), at: someTime()) }
        if faultRandom.chance(0.5) { queue.add(.reload, at: someTime()) }
        platforms.setCrashAfterDelivery(0.01)
    }

    /// Changes the configuration and reloads the running bot (SIGHUP): a shift moved, added or
    /// dropped; an IRC team added or removed. Webhook teams keep their webhooks (a changed one
    /// would rebind the real listener).
    func reload() async -> String {
        // Only a running bot reloads: the simulator dates each configuration from its reload (a restart
        // that finds a changed file notes its schedules then, and the checks could not say when it came).
        guard !calm, let live else { return "" }
        var changed = world
        var what = ""
        switch faultRandom.int(0...4) {
        case 0, 1:
            let index = faultRandom.int(0...(changed.teams.count - 1))
            var shift = changed.teams[index].shifts[0]
            shift.start = faultRandom.int(24...40) * 15
            shift.windowMinutes = faultRandom.pick([10, 15, 20])
            changed.teams[index].shifts[0] = shift
            what = "\(changed.teams[index].id) \(shift.name) moved"
        case 2:
            let index = faultRandom.int(0...(changed.teams.count - 1))
            if changed.teams[index].shifts.count > 1 {
                what = "\(changed.teams[index].id) \(changed.teams[index].shifts.removeLast().name) dropped"
            } else {
                changed.teams[index].shifts.append(ShiftSpec(name: "laat", start: faultRandom.int(76...84) * 15, windowMinutes: 15,
                                                             graceMinutes: 10, days: nil))
                what = "\(changed.teams[index].id) laat added"
            }
        case 3:
            what = "\(changed.addTeam(random: &faultRandom)) added"
        default:
            guard let gone = changed.teams.filter({ $0.platform == nil }).randomElement(using: &faultRandom), changed.teams.count > 2 else { return "" }
            changed.teams.removeAll { $0.id == gone.id }
            changed.groups = changed.groups.map { $0.filter { $0 != gone.id } }.filter { $0.count > 1 }
            what = "\(gone.id) removed"
        }
        let new: HuddleConfig
        do {
            new = try changed.config()
        } catch {
            fail("reload", "the changed configuration does not load: \(error)")
            return what
        }
        world = changed
        count("reload")
        do {
            try await live.bot.reload(to: new)
        } catch {
            fail("reload", "the bot refused a configuration it can take: \(error)")
            return what
        }
        configs.append((clock.now(), new))
        rebuildInteresting()
        live.irc.setPeople(Set(world.teams.flatMap { $0.people.map { $0.nick.lowercased() } }))
        scheduleTick(at: clock.now(), main: false)
        return what
    }

    /// Stops the bot, forgets one person as `huddle forget` does (every name they used, their
    /// entries removed or anonymised, the changed weeks' digests rebuilt) and starts it again.
    func forget() async -> String {
        let candidates = world.teams.flatMap { team in team.people.filter { !$0.isLeader && !$0.forgotten }.map { (team.id, $0) } }
        guard let (teamID, person) = candidates.randomElement(using: &faultRandom) else { return "" }
        if let live {
            live.process.die("stopped for forget")
            await live.journal.drain()
            self.live = nil
            mainTickAt = nil
            outboxAt = nil
        }
        let remove = faultRandom.chance(0.5)
        let names = Array(Set([person.account, person.nick]))
        let data = DataDirectory(world.dataDirectory)
        do {
            for name in names.sorted() {
                let (_, weeks) = try JournalMaintenance.forget(person: name, remove: remove, dataDirectory: data.path, now: clock.now())
                try await data.digests.rebuild(after: weeks, config: config, journal: data.journal, now: clock.now())
            }
        } catch {
            fail("forget", "huddle forget failed: \(error)")
        }
        if let index = world.teams.firstIndex(where: { $0.id == teamID }),
           let at = world.teams[index].people.firstIndex(of: person) {
            world.teams[index].people[at].forgotten = true
        }
        forgotten += names
        forgetLines(of: names, removed: remove)
        count("forget")
        checkForgotten()
        queue.add(.restart, at: clock.now().addingTimeInterval(60))
        return "\(names.joined(separator: ",")) \(remove ? "removed" : "anonymised")"
    }
}
