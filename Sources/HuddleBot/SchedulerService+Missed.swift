import Foundation
import HuddleCore
import HuddleStore

extension SchedulerService {
    /// What a schedule record of a dropped shift says.
    static let dropped = "not in the schedule"

    /// What a team's shift's schedule is, as its schedule record says it: everything that decides
    /// when its huddles open and which days they are skipped. The same schedule gives the same
    /// text in every process (what a restart compares).
    static func scheduleNote(_ shift: ShiftConfig, of team: TeamConfig) -> String {
        let days = { (set: Set<CalendarDay>) in set.map(\.description).sorted().joined(separator: ",") }
        return "schedule \(team.timeZone.identifier) \(shift.start)\(shift.end.map { "-\($0)" } ?? "")"
            + " days \(shift.days.map(\.rawValue).sorted().map(String.init).joined(separator: ","))"
            + " grace \(shift.grace) window \(shift.window) holidays \(team.holidays?.rawValue ?? "none")"
            + " skip \(days(team.skipDates.union(shift.skipDates)))"
    }

    /// Notes in the ledger each shift of `config` whose schedule the ledger does not know as it
    /// is (new, changed, or back after it was dropped), and each shift it knows that `config`
    /// drops. Run at every tick and by a reload before its configuration is in force: a huddle that
    /// opened (beyond its grace) before its shift's schedule was noted was never the bot's to post.
    func noteSchedules(_ config: HuddleConfig, now: Date) async {
        var noted = await bot.ledger.schedules()
        var notes: [LedgerRecord] = []
        for team in config.teams {
            for shift in team.shifts {
                let note = Self.scheduleNote(shift, of: team)
                switch noted.removeValue(forKey: team.id + "\u{0}" + shift.name) {
                case let known? where known.reason == note:
                    break
                case _?:
                    notes.append(.schedule(team: team.id, shift: shift.name, at: now, reason: note))
                case nil:
                    // A ledger from before schedule records: the shift is taken to have had this
                    // schedule since its first record (0.8.0 and earlier recorded no changes).
                    let since = await bot.ledger.earliest(team: team.id, shift: shift.name) ?? now
                    notes.append(.schedule(team: team.id, shift: shift.name, at: min(since, now), reason: note))
                }
            }
        }
        for record in noted.values where record.reason != Self.dropped {
            notes.append(.schedule(team: record.team, shift: record.shift, at: now, reason: Self.dropped))
        }
        for note in notes {
            do {
                try await bot.ledger.record(note)
            } catch {
                bot.logger.error("could not note a shift's schedule in the ledger", metadata: [
                    "team.id": "\(note.team)", "huddle.shift": "\(note.shift)", "error": "\(error)"])
            }
        }
    }

    /// Settles a huddle whose start and grace are past and that was never started: missed when
    /// it was the bot's to post, skipped when its shift's schedule was noted only after it (a
    /// reload added, changed or brought back the shift, or took a day off the holidays), so
    /// the digest never counts it missed (found by Scripts/simulate, seeds 5 and 20).
    func settlePast(_ occurrence: HuddleOccurrence, team: TeamConfig, schedules: [String: LedgerRecord], now: Date) async {
        // Without its schedule record (it could not be written) it waits for the next tick.
        guard let shift = team.shift(named: occurrence.key.shift), let since = schedules[team.id + "\u{0}" + shift.name]?.at else { return }
        let state = await bot.ledger.state(of: occurrence.key)
        guard state?.isWaiting ?? true else { return }
        // One the bot tried to post (`unsent`) was its to post, whatever changed since.
        if state != nil || occurrence.opensAt >= since.addingTimeInterval(-TimeInterval(max(60, shift.grace))) {
            await miss(occurrence, team: team, now: now)
            return
        }
        do {
            try await bot.ledger.record(LedgerRecord(at: now, key: occurrence.key, state: .skipped, opensAt: occurrence.opensAt,
                                                     reason: "not in the schedule then"))
        } catch {
            bot.logger.error("could not record a huddle that was not in the schedule", metadata: metadata(occurrence.key).merging(["error": "\(error)"]) { $1 })
        }
    }
}
