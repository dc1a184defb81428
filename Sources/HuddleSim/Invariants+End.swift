import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Webhooks

/// The invariants checked once the faults have stopped and the run is over.
extension Simulation {
    func finish() async {
        await drainOutbox()
        await live?.journal.drain()
        mirror.reset()
        mirror.refresh()
        checkConfirmedOnce()
        checkHuddles()
        checkOutbox()
        await checkDigests()
        checkForgotten()
        report.teamDays = options.days * options.teams
    }

    /// Delivers the outbox until it is empty or two hours have passed, faults long gone.
    func drainOutbox() async {
        guard let live else {
            fail("outboxes drain", "the bot is not running at the end")
            return
        }
        var now = clock.now()
        let until = now.addingTimeInterval(7_200)
        while now < until {
            guard let next = await live.courier.deliver(now: now) else { break }
            now = max(next, now.addingTimeInterval(1))
            clock.set(now)
        }
        if let pending = try? await live.courier.outbox.pending(), !pending.isEmpty {
            fail("outboxes drain", "\(pending.count) webhook messages still wait two hours after the faults stopped (first: \(pending[0].file), \(pending[0].message.lastError ?? ""))")
        }
    }

    /// The configuration in force at `date`.
    func configAt(_ date: Date) -> HuddleConfig { configs.last { $0.from <= date }?.config ?? configs[0].config }

    /// Every confirmed line is in the journal exactly once.
    func checkConfirmedOnce() {
        let confirmations = observer.state.withLock { $0.confirmations }
        var seen: Set<Int64> = []
        for confirmation in confirmations {
            let millis = JournalMirror.millis(confirmation.line.at)
            guard seen.insert(millis).inserted else { continue }
            let found = mirror.byTime[millis] ?? []
            if found.count != 1 {
                fail("confirmed only once on disk", "the line of \(confirmation.line.nick) at \(HuddleJSON.timestamp(confirmation.line.at)) (\"\(confirmation.text)\") is in the journal \(found.count) times")
                return
            }
        }
        report.counts["confirmed entries checked"] = seen.count
    }

    /// Each huddle scheduled while its configuration was in force ended posted (then closed),
    /// missed or skipped; none posted twice, none posted and missed, none closed that never went
    /// out (but one whose `posting` reached the disk just before a crash); none missed that was
    /// never scheduled; and the journal opened each at most once.
    func checkHuddles() {
        guard let ledger = try? FileLedger.read(dataDirectory: world.dataDirectory) else {
            fail("each huddle ends posted, late or missed", "the ledger cannot be read")
            return
        }
        var scheduled: Set<HuddleKey> = []
        let finalTeams = Set(config.teams.map(\.id))
        for (index, period) in configs.enumerated() {
            let until = index + 1 < configs.count ? configs[index + 1].from : end
            for team in period.config.teams where index > 0 {
                // What a reload brings in that began just before it is due (late) or missed then.
                let grace = TimeInterval(max(60, team.shifts.map(\.grace).max() ?? 0))
                for occurrence in team.occurrences(from: period.from.addingTimeInterval(-grace - 300), to: period.from) {
                    scheduled.insert(occurrence.key)
                }
            }
            for team in period.config.teams {
                for occurrence in team.occurrences(from: period.from, to: until) {
                    guard let shift = team.shift(named: occurrence.key.shift), team.skipReason(shift, on: occurrence.key.day) == nil else { continue }
                    scheduled.insert(occurrence.key)
                    // Judged once its window has surely closed before the end, while its team and shift
                    // were still there (a reload may drop a shift whose prompt waits to go out).
                    let over = occurrence.opensAt.addingTimeInterval(TimeInterval(shift.window + max(60, shift.grace)))
                    guard finalTeams.contains(team.id), occurrence.opensAt > start.addingTimeInterval(60), over.addingTimeInterval(7_200) < end,
                          configAt(over).team(id: team.id)?.shift(named: shift.name) != nil else { continue }
                    let state = ledger.state(of: occurrence.key)
                    let times = posted[occurrence.key] ?? 0
                    switch state {
                    case .closed?:
                        if times == 0 && !excused.contains(occurrence.key) {
                            fail("each huddle ends posted, late or missed", "\(occurrence.key) is closed in the ledger but its prompt never went out")
                        }
                    case .missed?:
                        if times > 0 { fail("each huddle ends posted, late or missed", "\(occurrence.key) was posted, yet the ledger says missed") }
                    case .skipped?:
                        break
                    default:
                        fail("each huddle ends posted, late or missed", "\(occurrence.key) ends \(state.map(\.rawValue) ?? "unknown to the ledger") (posted \(times) times)")
                    }
                    report.counts["huddles judged", default: 0] += 1
                    if !report.violations.isEmpty { return }
                }
            }
        }
        report.counts["huddles lost to a crash between posting and its outcome"] = excused.count
        // A huddle is recorded missed only if the configuration in force when it opened held it:
        // not for the days before a reload added its team or shift, nor for the days its shift
        // was dropped, nor for a day it skipped then (a holiday or skip date taken out later).
        for record in ledger.all where record.kind == "prompt" && record.state == .missed && !scheduled.contains(record.key) {
            let then = configAt(record.opensAt ?? record.at).team(id: record.team)
            guard let team = then, let shift = team.shift(named: record.shift), team.skipReason(shift, on: record.day) == nil else {
                fail("each huddle ends posted, late or missed", "\(record.key) was recorded missed at \(HuddleJSON.timestamp(record.at)), but the configuration in force then did not hold it")
                return
            }
        }
        var opened: [HuddleKey: Int] = [:]
        for (_, found) in mirror.all where found.type == .huddleOpened {
            guard let ref = found.huddle else { continue }
            let key = HuddleKey(team: String(found.path.split(separator: "/").dropLast().last ?? ""), shift: ref.shift, day: ref.day)
            opened[key, default: 0] += 1
            if opened[key]! > 1 {
                fail("each huddle ends posted, late or missed", "the journal opens \(key) twice")
                return
            }
        }
    }

    /// Once the faults stopped, every webhook message left the outbox; each reached its platform
    /// once (twice only when the bot died between the platform's answer and the removal) and in
    /// the order it was written.
    func checkOutbox() {
        let (delivered, enqueued, twiceExcused) = observer.state.withLock { ($0.delivered, $0.enqueued, $0.deliveredBeforeCrash) }
        for (team, ids) in enqueued.sorted(by: { $0.key < $1.key }) {
            let got = delivered[team] ?? []
            var times: [String: Int] = [:]
            var order: [String] = []
            for item in got {
                times[item.id, default: 0] += 1
                if times[item.id] == 1 { order.append(item.id) }
            }
            for id in ids {
                let count = times[id] ?? 0
                if count == 0 { fail("outboxes drain", "\(team): message \(id) was written to the outbox and never delivered") }
                if count > 1 && !twiceExcused.contains(id) { fail("each message delivered once", "\(team): message \(id) was delivered \(count) times") }
                report.counts["webhook messages delivered twice after a crash", default: 0] += count > 1 ? 1 : 0
            }
            let written = Set(ids)
            if order.filter(written.contains) != ids.filter({ times[$0] != nil }) {
                fail("each message delivered once", "\(team): messages reached the platform out of the order they were written")
            }
            if !report.violations.isEmpty { return }
        }
        report.counts["webhook messages"] = enqueued.values.reduce(0) { $0 + $1.count }
    }

    /// Every team digest of a finished week regenerates from the journal byte for byte, in this
    /// process and (with a regenerator) in another one, whose hashing differs.
    func checkDigests() async {
        let digests = DigestFiles(dataDirectory: world.dataDirectory)
        let journal = FileJournal(dataDirectory: world.dataDirectory)
        let lastFinished = ISOWeek(containing: CalendarDay(end.addingTimeInterval(-2 * 86_400), in: TimeZone(identifier: "UTC")!)).previous
        var compared = 0
        var sameNow: Set<String> = []
        for team in config.teams {
            for week in (try? await journal.weeks(team: team.id)) ?? [] where week <= lastFinished {
                let path = digests.path(team: team.id, week: week)
                guard let stored = FileManager.default.contents(atPath: path) else { continue }
                guard let made = try? await journal.digest(for: team, week: week, now: end).digest, let bytes = try? DigestBuilder.encode(made) else {
                    fail("digests regenerate byte-identically", "\(path) cannot be made again")
                    return
                }
                if bytes != stored {
                    // Past weeks count their scheduled huddles by the shifts in force: made again
                    // after a reload changed them, they differ; with the shifts of then, they must not.
                    var earlier = false
                    for period in configs.reversed() {
                        guard let then = period.config.team(id: team.id), then != team,
                              let again = try? await journal.digest(for: then, week: week, now: end).digest else { continue }
                        if (try? DigestBuilder.encode(again)) == stored { earlier = true; break }
                    }
                    if earlier {
                        report.counts["digests made with an earlier schedule"] = (report.counts["digests made with an earlier schedule"] ?? 0) + 1
                        continue
                    }
                    if String(decoding: stored, as: UTF8.self).contains("\"upcoming\"") {
                        report.counts["digests last written during their week"] = (report.counts["digests last written during their week"] ?? 0) + 1
                        continue
                    }
                    try? bytes.write(to: URL(fileURLWithPath: path + ".regenerated"))
                    fail("digests regenerate byte-identically", "\(path) differs from the digest made again from the journal (beside it: .regenerated)")
                    return
                }
                compared += 1
                sameNow.insert("\(team.id)/\(week)")
            }
        }
        report.counts["digests regenerated"] = compared
        if let regenerator = options.regenerator { compareAcrossProcesses(regenerator, only: sameNow) }
    }
}
