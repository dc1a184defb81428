import Foundation
import HuddleCore
import HuddleStore
import Logging
import ServiceLifecycle

/// Opens each huddle at its shift start (at most once, as the ledger decides) and closes it
/// with a summary when its window ends.
struct SchedulerService: Service, CustomStringConvertible {
    let bot: HuddleBot
    var description: String { "SchedulerService" }
    /// The longest the scheduler sleeps, so a wall-clock jump is noticed soon.
    let maxSleep: TimeInterval = 30

    func run() async throws {
        while !Task.isShuttingDownGracefully {
            let now = bot.clock.now()
            await tick(now: now)
            do {
                try await cancelWhenGracefulShutdown {
                    try await bot.clock.sleep(until: nextWake(after: now))
                }
            } catch {
                return
            }
        }
    }

    /// Does everything due at `now`: posts prompts that are due and summaries of windows that closed.
    func tick(now: Date) async {
        for team in bot.config.teams {
            for occurrence in team.openOccurrences(at: now).reversed() where await bot.ledger.state(of: occurrence.key) == nil {
                await open(occurrence, team: team, now: now)
            }
        }
        for record in await bot.ledger.unclosed() {
            guard let closesAt = record.closesAt, closesAt <= now, let team = bot.config.team(id: record.team) else { continue }
            await close(record, team: team, now: now)
        }
    }

    /// The next instant something may be due, but no later than `maxSleep` from now.
    func nextWake(after now: Date) -> Date {
        var wake = now.addingTimeInterval(maxSleep)
        for team in bot.config.teams {
            for occurrence in team.occurrences(from: now.addingTimeInterval(-12 * 3600), to: wake) {
                if occurrence.opensAt > now { wake = min(wake, occurrence.opensAt) }
                if occurrence.closesAt > now { wake = min(wake, occurrence.closesAt) }
            }
        }
        return wake
    }

    func open(_ occurrence: HuddleOccurrence, team: TeamConfig, now: Date) async {
        let metadata: Logger.Metadata = ["team.id": "\(team.id)", "huddle.shift": "\(occurrence.key.shift)", "huddle.day": "\(occurrence.key.day)"]
        do {
            try await bot.ledger.record(LedgerRecord(at: now, key: occurrence.key, state: .posting, closesAt: occurrence.closesAt))
            let late = now.timeIntervalSince(occurrence.opensAt) >= 60
            try await bot.record(JournalEntry(id: HuddleBot.newID(), at: now, team: team.id, type: .huddleOpened,
                                              huddle: HuddleRef(shift: occurrence.key.shift, day: occurrence.key.day),
                                              zone: team.timeZone.identifier, scheduled: late ? occurrence.opensAt : nil), team: team)
            for line in promptLines(occurrence, team: team, late: late) {
                await bot.transport.post(line, to: team.channel)
            }
            try await bot.ledger.record(LedgerRecord(at: now, key: occurrence.key, state: .posted, closesAt: occurrence.closesAt))
            bot.logger.info("huddle opened", metadata: metadata)
        } catch {
            bot.logger.error("could not open huddle", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    func promptLines(_ occurrence: HuddleOccurrence, team: TeamConfig, late: Bool) -> [String] {
        let language = team.language
        let minutes = Int(occurrence.closesAt.timeIntervalSince(occurrence.opensAt) / 60)
        var lines = [Phrase.promptHeader(team: team.name, shift: occurrence.key.shift, day: occurrence.key.day, minutes: minutes).text(language)]
        if late, let shift = team.shift(named: occurrence.key.shift) {
            lines.append(Phrase.promptLate(scheduled: shift.start).text(language))
        }
        lines += (1...AnswerCommand.questionCount).map { Phrase.question(number: $0).text(language) }
        lines.append(Phrase.promptFooter(prefix: bot.engine.prefix).text(language))
        return lines
    }

    func close(_ record: LedgerRecord, team: TeamConfig, now: Date) async {
        let key = record.key
        let metadata: Logger.Metadata = ["team.id": "\(team.id)", "huddle.shift": "\(key.shift)", "huddle.day": "\(key.day)"]
        do {
            let opensAt = team.shift(named: key.shift).map { key.day.instant(at: $0.start, in: team.timeZone) } ?? record.at
            let occurrence = HuddleOccurrence(key: key, opensAt: opensAt, closesAt: record.closesAt ?? now)
            let weeks: Set<ISOWeek> = [ISOWeek(containing: key.day), ISOWeek(containing: opensAt, in: team.timeZone),
                                       ISOWeek(containing: occurrence.closesAt, in: team.timeZone)]
            let tally = HuddleTally(occurrence: occurrence, entries: try await bot.entries(team: team, weeks: weeks))
            let summary = Phrase.summary(shift: key.shift, answers: tally.answers, people: tally.people,
                                         kudos: tally.kudos, observations: tally.observations).text(team.language)
            try await bot.record(JournalEntry(id: HuddleBot.newID(), at: now, team: team.id, type: .huddleClosed,
                                              huddle: HuddleRef(shift: key.shift, day: key.day), text: summary,
                                              zone: team.timeZone.identifier), team: team)
            await bot.transport.post(summary, to: team.channel)
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .closed, closesAt: record.closesAt))
            let written = try await bot.writeDigest(team: team, week: ISOWeek(containing: key.day))
            bot.logger.info("huddle closed", metadata: metadata.merging(["digest.path": "\(written.path)"]) { $1 })
        } catch {
            bot.logger.error("could not close huddle", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}
