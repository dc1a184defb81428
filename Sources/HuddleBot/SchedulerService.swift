import Foundation
import HuddleCore
import HuddleStore
import Logging
import Metrics
import ServiceLifecycle

/// Opens each huddle at its shift start (at most once, as the ledger decides), reminds the
/// channel before the window closes, closes it with a summary, and records huddles that were
/// missed while the bot was down.
struct SchedulerService: Service, CustomStringConvertible {
    let bot: HuddleBot
    var description: String { "SchedulerService" }
    /// The longest the scheduler sleeps, so a wall-clock jump is noticed soon.
    let maxSleep: TimeInterval = 30
    /// How many prompts go out at the same time at most (one in the deterministic simulator).
    var parallelOpens = 64
    /// How far back a restarted bot looks for huddles it missed.
    let missedLookback: TimeInterval = 7 * 24 * 3600

    func run() async throws {
        var retentionDay: CalendarDay?
        while !Task.isShuttingDownGracefully {
            let now = bot.clock.now()
            if let weeks = bot.config.retentionWeeks, retentionDay != CalendarDay(now, in: bot.config.timeZone) {
                retentionDay = CalendarDay(now, in: bot.config.timeZone)
                applyRetention(weeks: weeks, now: now)
            }
            await tick(now: now)
            guard await bot.rest(until: await nextWake(after: now), or: bot.state.nudge) else { return }
        }
    }

    /// Deletes journal weeks (and their digests) older than the configured retention, once a day.
    func applyRetention(weeks: Int, now: Date) {
        do {
            let deleted = try JournalMaintenance.applyRetention(weeks: weeks, now: now, timeZone: bot.config.timeZone,
                                                                dataDirectory: bot.config.dataDirectory)
            for path in deleted { bot.logger.info("retention: deleted", metadata: ["file.path": "\(path)"]) }
        } catch {
            bot.logger.error("retention failed", metadata: ["error": "\(error)"])
        }
    }

    /// Does everything due at `now`.
    func tick(now: Date) async {
        await noteSchedules(bot.config, now: now)
        let earliest = await bot.ledger.earliest()
        let schedules = await bot.ledger.schedules()
        var due: [(HuddleOccurrence, TeamConfig)] = []
        var digests: [(TeamConfig, CalendarDay)] = []
        for team in bot.config.teams {
            if let earliest {
                // Huddles that started before the bot's first record but were still within their
                // grace then were the bot's to post (late), so they count as missed too.
                let grace = TimeInterval(max(60, team.shifts.map(\.grace).max() ?? 0))
                let from = max(earliest.addingTimeInterval(-grace), now.addingTimeInterval(-missedLookback))
                for occurrence in team.pastOccurrences(from: from, to: now) {
                    await settlePast(occurrence, team: team, schedules: schedules, now: now)
                }
            }
            for occurrence in team.dueOccurrences(at: now) where await notStarted(occurrence.key) {
                due.append((occurrence, team))
            }
            if let day = digestDay(team: team, now: now),
               await bot.ledger.state(of: LedgerRecord.digestKey(team: team.id, day: day)) == nil {
                digests.append((team, day))
            }
        }
        // Side by side: a prompt waits for its channel (a join, a platform's answer), and one
        // team's wait must not delay the others.
        await withTaskGroup(of: Void.self) { group in
            for (index, (occurrence, team)) in due.enumerated() {
                if index >= parallelOpens { await group.next() }
                group.addTask { await open(occurrence, team: team, now: now) }
            }
        }
        await bot.remindQuestions(now: now)
        for (team, day) in digests { await postDigest(team: team, day: day, now: now) }
        for group in bot.config.groups {
            guard let day = digestDay(group.digest, timeZone: group.timeZone, now: now),
                  await bot.ledger.state(of: LedgerRecord.digestKey(team: group.recordKey, day: day)) == nil else { continue }
            await postGroupDigest(group, day: day, now: now)
        }
        for record in await bot.ledger.unclosed() {
            guard let team = bot.config.team(id: record.team), let occurrence = record.occurrence else { continue }
            if occurrence.closesAt <= now {
                await close(occurrence, team: team, now: now)
            } else if record.state == .posted, team.remindsAnyone, reminderTime(occurrence, team: team) <= now {
                await remind(occurrence, team: team, now: now)
            }
        }
    }

    /// Whether a huddle's prompt has not gone out: never tried, or tried while the chat could not be reached.
    func notStarted(_ key: HuddleKey) async -> Bool {
        guard let state = await bot.ledger.state(of: key) else { return true }
        return state.isWaiting
    }

    /// The next instant something may be due, but no later than `maxSleep` from now.
    func nextWake(after now: Date) async -> Date {
        var wake = now.addingTimeInterval(maxSleep)
        if let reminder = await bot.questions.nextReminder(after: now, delay: TimeInterval(bot.config.ask.remindAfter)) { wake = min(wake, reminder) }
        for team in bot.config.teams {
            for occurrence in team.occurrences(from: now.addingTimeInterval(0.001), to: wake) {
                wake = min(wake, occurrence.opensAt)
            }
        }
        for record in await bot.ledger.unclosed() {
            guard let team = bot.config.team(id: record.team), let occurrence = record.occurrence else { continue }
            let reminder = reminderTime(occurrence, team: team)
            if record.state == .posted, team.remindsAnyone, reminder > now { wake = min(wake, reminder) }
            if occurrence.closesAt > now { wake = min(wake, occurrence.closesAt) }
        }
        return wake
    }

    func reminderTime(_ occurrence: HuddleOccurrence, team: TeamConfig) -> Date {
        occurrence.opensAt.addingTimeInterval(occurrence.closesAt.timeIntervalSince(occurrence.opensAt) * team.remindAt)
    }

    func metadata(_ key: HuddleKey) -> Logger.Metadata {
        ["team.id": "\(key.team)", "huddle.shift": "\(key.shift)", "huddle.day": "\(key.day)"]
    }

    func open(_ scheduled: HuddleOccurrence, team: TeamConfig, now: Date) async {
        let key = scheduled.key
        let late = now.timeIntervalSince(scheduled.opensAt) >= 60
        // A late huddle gets its full window from the moment it is posted.
        let occurrence = late
            ? HuddleOccurrence(key: key, opensAt: now, closesAt: now.addingTimeInterval(scheduled.closesAt.timeIntervalSince(scheduled.opensAt)))
            : scheduled
        let facts = await promptFacts(team: team, key: key, now: now)
        let config = bot.config
        let parts = await bot.opening(of: team, key: key, at: now)
        let opening = Opening.lines(parts, budget: config.opening.lines, language: team.language, timeZone: team.timeZone,
                                    now: now, prefix: bot.engine.prefix)
        let retry = await bot.ledger.state(of: key) == .unsent
        do {
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .posting, opensAt: occurrence.opensAt, closesAt: occurrence.closesAt))
            var lines = HuddlePrompt.lines(team: team, occurrence: occurrence, late: late, prefix: bot.engine.prefix, facts: facts,
                                           opening: opening)
            if isFirstOfWeek(key, team: team) {
                lines.insert(Phrase.recap(topPain: facts.topPain, openActions: facts.openActions.count).text(team.language), at: 1)
            }
            guard await bot.transport(for: team).deliverPrompt(lines, to: team.channel) else {
                try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .unsent))
                if !retry {
                    bot.logger.warning("huddle prompt could not go out: the bot is not connected to the channel; it goes out late within the grace period, or the huddle is recorded missed",
                                       metadata: metadata(key).merging(["irc.channel": "\(team.channel)"]) { $1 })
                }
                return
            }
            var opened = JournalEntry(id: HuddleBot.newID(), at: now, team: team.id, type: .huddleOpened,
                                      huddle: HuddleRef(shift: key.shift, day: key.day),
                                      zone: team.timeZone.identifier, scheduled: late ? scheduled.opensAt : nil)
            let shown = parts.facts.recorded.merging(parts.handover.map { ["handover": $0.items.count] } ?? [:]) { $1 }
            opened.facts = shown.isEmpty ? nil : shown
            try await bot.record(opened, team: team)
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .posted, opensAt: occurrence.opensAt, closesAt: occurrence.closesAt))
            bot.logger.info("huddle opened", metadata: metadata(key).merging(["huddle.late": "\(late)"]) { $1 })
            BotMetrics.prompts(late ? "late" : "posted").increment()
            await remindActionsDue(parts.actionsDue, key: key, team: team)
        } catch {
            bot.logger.error("could not open huddle", metadata: metadata(key).merging(["error": "\(error)"]) { $1 })
        }
    }

    /// With the team's first huddle of a day: one private reminder to the owner (or, without one,
    /// the opener) of each action due that day.
    func remindActionsDue(_ actions: [ActionItem], key: HuddleKey, team: TeamConfig) async {
        let due = actions.filter { $0.due == key.day }
        guard !due.isEmpty else { return }
        for shift in team.shifts where shift.name != key.shift {
            let state = await bot.ledger.state(of: HuddleKey(team: team.id, shift: shift.name, day: key.day))
            // Two huddles opening at once: the one whose shift sorts first reminds.
            if let state, [.posted, .reminded, .closed].contains(state) || state == .posting && shift.name < key.shift { return }
        }
        let people = (try? await bot.peopleSettings(of: team)) ?? PeopleSettings()
        for action in due {
            guard let person = action.owner ?? action.openerNick else { continue }
            let language = people.person(action.owner ?? action.openedBy ?? person).language ?? team.language
            await bot.tellPrivately(Phrase.actions(.reminder(number: action.number, text: action.text, prefix: bot.engine.prefix)).text(language),
                                    to: person, team: team)
        }
    }

    /// Whether this is the team's first huddle of its ISO week (the one that recaps last week).
    func isFirstOfWeek(_ key: HuddleKey, team: TeamConfig) -> Bool {
        team.digest.recap && team.plannedHuddles(in: ISOWeek(containing: key.day)).first { $0.skip == nil }?.occurrence.key == key
    }

    /// The day whose digest post is due at `now`: the post time has passed, less than a day ago.
    func digestDay(team: TeamConfig, now: Date) -> CalendarDay? { digestDay(team.digest, timeZone: team.timeZone, now: now) }

    func digestDay(_ digest: DigestSettings, timeZone: TimeZone, now: Date) -> CalendarDay? {
        let today = CalendarDay(now, in: timeZone)
        for day in [today, today.adding(days: -1)] where day.weekday == digest.weekday {
            let postAt = day.instant(at: digest.time, in: timeZone)
            if postAt <= now && now.timeIntervalSince(postAt) < 24 * 3600 { return day }
        }
        return nil
    }

    /// Posts the summary of last week's digest to the leaders, once (the ledger decides).
    func postDigest(team: TeamConfig, day: CalendarDay, now: Date) async {
        let key = LedgerRecord.digestKey(team: team.id, day: day)
        let week = ISOWeek(containing: day).previous
        do {
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .posting, kind: "digest"))
            let written = try await bot.writeDigest(team: team, week: week)
            let nicks = bot.leaderSightings.nicks(team: team.id, since: now.addingTimeInterval(-LeaderSightings.trusted))
            if team.webhook == nil && team.digest.channel == nil && nicks.isEmpty {
                bot.logger.warning("digest not sent privately: no leader of the team was seen verified lately (account, host mask or leader code); set digest.channel or ask with !overzicht",
                                   metadata: ["team.id": "\(team.id)"])
            }
            await bot.transport(for: team).deliverDigest(written.digest, path: written.location, of: team, leaderNicks: nicks)
            if let email = team.digest.email {
                let message = DigestMail.message(written.digest, email: email, language: team.language, date: now, link: written.link)
                try await bot.mail.add(OutboxMessage(id: HuddleBot.newID(), createdAt: now, team: team.id, kind: "digest",
                                                     body: message.rendered))
            }
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .closed, kind: "digest"))
            bot.logger.info("digest posted", metadata: ["team.id": "\(team.id)", "digest.week": "\(week)", "digest.path": "\(written.path)"])
        } catch {
            bot.logger.error("could not post the digest", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
        }
    }

    /// Writes last week's digest of a group and sends it to the group's channel and mail, once
    /// (the ledger decides; its key is `group:<id>`, which no team id can be).
    func postGroupDigest(_ group: GroupConfig, day: CalendarDay, now: Date) async {
        let key = LedgerRecord.digestKey(team: group.recordKey, day: day)
        let week = ISOWeek(containing: day).previous
        do {
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .posting, kind: "digest"))
            let written = try await bot.writeGroupDigest(group, week: week)
            if let channel = group.digest.channel, let team = group.teams.compactMap(bot.config.team(id:)).first(where: { $0.webhook == nil }) {
                await bot.transport(for: team).post(written.digest.summary(language: group.language)
                                                    + [Phrase.digestWhere(written.location).text(group.language)], to: channel)
            }
            if let email = group.digest.email {
                let message = GroupMail.message(written.digest, email: email, language: group.language, date: now, link: written.link)
                try await bot.mail.add(OutboxMessage(id: HuddleBot.newID(), createdAt: now, team: group.recordKey, kind: "digest", body: message.rendered))
            }
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .closed, kind: "digest"))
            bot.logger.info("group digest posted", metadata: ["group.id": "\(group.id)", "digest.week": "\(week)", "digest.path": "\(written.path)"])
        } catch {
            bot.logger.error("could not post the group digest", metadata: ["group.id": "\(group.id)", "error": "\(error)"])
        }
    }

    /// Last week's top pain and the open actions, when the team's prompt texts use them.
    func promptFacts(team: TeamConfig, key: HuddleKey, now: Date) async -> PromptFacts {
        guard HuddlePrompt.needsFacts(team, shift: key.shift) || isFirstOfWeek(key, team: team) else { return PromptFacts() }
        do {
            return PromptFacts(history: try await bot.history(of: team, need: .all, at: now),
                               lastWeek: ISOWeek(containing: key.day).previous, timeZone: team.timeZone)
        } catch {
            bot.logger.error("could not read the journal for the prompt", metadata: metadata(key).merging(["error": "\(error)"]) { $1 })
            return PromptFacts()
        }
    }

    func miss(_ occurrence: HuddleOccurrence, team: TeamConfig, now: Date) async {
        let key = occurrence.key
        do {
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .missed, opensAt: occurrence.opensAt))
            try await bot.record(JournalEntry(id: HuddleBot.newID(), at: now, team: team.id, type: .huddleMissed,
                                              huddle: HuddleRef(shift: key.shift, day: key.day), zone: team.timeZone.identifier,
                                              scheduled: occurrence.opensAt), team: team)
            bot.logger.warning("huddle missed: its prompt could not go out before its grace ended (the bot was down or not connected)", metadata: metadata(key))
            BotMetrics.prompts("missed").increment()
        } catch {
            bot.logger.error("could not record missed huddle", metadata: metadata(key).merging(["error": "\(error)"]) { $1 })
        }
    }

    /// The one reminder before the window closes: how many of those expected have answered, in
    /// the channel (with the names of who has not, in `mention` style; nothing with `remind:
    /// quiet`), and a private nudge to each regular who has not answered, is there, is not away
    /// and did not ask for quiet.
    func remind(_ occurrence: HuddleOccurrence, team: TeamConfig, now: Date) async {
        let key = occurrence.key
        do {
            let minutes = max(1, Int((occurrence.closesAt.timeIntervalSince(now) / 60).rounded(.up)))
            let closesAt = LocalClock.time(occurrence.closesAt, in: team.timeZone)
            var line = Phrase.reminder(shift: key.shift, minutes: minutes, closesAt: closesAt).text(team.language)
            // Without the journal the reminder still goes out, with no count and no nudges.
            var heard = Heard()
            var people = PeopleSettings()
            do {
                heard = try await self.heard(occurrence, team: team, now: now)
                people = try await bot.peopleSettings(of: team)
            } catch {
                bot.logger.error("could not read the journal for the reminder's count and nudges", metadata: metadata(key).merging(["error": "\(error)"]) { $1 })
            }
            let away = { (identity: String) in people.person(identity).isAbsent(on: key.day) }
            let regulars = heard.regulars.filter { !away($0.key) }
            let expected = Set(regulars.keys).union(heard.answered)
            if !expected.isEmpty { line += " " + Phrase.people(.answered(heard.answered.count, of: expected.count)).text(team.language) }
            var lines = [line]
            if team.remind == .mention {
                let waiting = heard.recent.filter { !heard.answered.contains($0.key) && !away($0.key) }.map(\.value).sorted()
                if !waiting.isEmpty { lines.append(Phrase.reminderWaitingFor(waiting).text(team.language)) }
            }
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .reminded, opensAt: occurrence.opensAt, closesAt: occurrence.closesAt))
            let transport = bot.transport(for: team)
            // `remind: quiet` says nothing in the channel; the nudges go all the same.
            if team.remind != .quiet { await transport.post(lines, to: team.channel) }
            guard team.nudge == .private else { return }
            for (identity, nick) in regulars.sorted(by: { $0.value < $1.value })
            where !heard.answered.contains(identity) && !people.person(identity).quiet && transport.canMessagePrivately(nick, channel: team.channel) {
                let text = Phrase.people(.nudge(team: team.name, shift: key.shift, minutes: minutes, closesAt: closesAt,
                                                channel: team.webhook == nil ? team.channel : nil, prefix: bot.engine.prefix))
                await transport.message(text.text(people.person(identity).language ?? team.language), to: nick)
            }
        } catch {
            bot.logger.error("could not remind", metadata: metadata(key).merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Who answered a huddle, and by identity with the nick they last used: the shift's regulars
    /// and everyone who answered any huddle of the team in the four weeks before.
    struct Heard {
        var answered: Set<String> = []
        /// Who answered the shift at least twice in those weeks.
        var regulars: [String: String] = [:]
        var recent: [String: String] = [:]
    }

    /// Who answered `occurrence`, its shift's regulars and the team's recent answerers.
    func heard(_ occurrence: HuddleOccurrence, team: TeamConfig, now: Date) async throws -> Heard {
        let weeks = Set((0...4).map { ISOWeek(containing: now.addingTimeInterval(-Double($0) * 7 * 24 * 3600), in: team.timeZone) })
        let since = now.addingTimeInterval(-28 * 24 * 3600)
        let ref = HuddleRef(shift: occurrence.key.shift, day: occurrence.key.day)
        let entries = JournalEntry.active(try await bot.entries(team: team, weeks: weeks)).sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        var nicks: [String: String] = [:]
        var answered: Set<String> = []
        for entry in entries where entry.type == .answer && entry.at >= since {
            guard let author = entry.author else { continue }
            nicks[author.identity] = author.nick
            if entry.huddle == ref { answered.insert(author.identity) }
        }
        let before = entries.filter { $0.huddle != ref }
        let regulars = DigestBuilder.regulars(in: before, from: since, to: now, shift: occurrence.key.shift)
        return Heard(answered: answered, regulars: nicks.filter { regulars.contains($0.key) }, recent: nicks)
    }

    func close(_ occurrence: HuddleOccurrence, team: TeamConfig, now: Date) async {
        let key = occurrence.key
        do {
            let weeks: Set<ISOWeek> = [ISOWeek(containing: key.day), ISOWeek(containing: occurrence.opensAt, in: team.timeZone),
                                       ISOWeek(containing: occurrence.closesAt, in: team.timeZone)]
            let tally = HuddleTally(occurrence: occurrence, entries: try await bot.entries(team: team, weeks: weeks))
            let summary = Phrase.summary(shift: key.shift, answers: tally.answers, people: tally.people,
                                         kudos: tally.kudos, observations: tally.observations).text(team.language)
            try await bot.record(JournalEntry(id: HuddleBot.newID(), at: now, team: team.id, type: .huddleClosed,
                                              huddle: HuddleRef(shift: key.shift, day: key.day), text: summary,
                                              zone: team.timeZone.identifier), team: team)
            let recap = HuddleRecap.lines(answers: tally.answersByQuestion, actions: tally.actions, budget: bot.config.opening.lines,
                                          language: team.language, today: CalendarDay(now, in: team.timeZone))
            await bot.transport(for: team).post([summary] + recap, to: team.channel)
            try await bot.ledger.record(LedgerRecord(at: now, key: key, state: .closed, opensAt: occurrence.opensAt, closesAt: occurrence.closesAt))
            let written = try await bot.writeDigest(team: team, week: ISOWeek(containing: key.day))
            bot.logger.info("huddle closed", metadata: metadata(key).merging(["digest.path": "\(written.path)"]) { $1 })
        } catch {
            bot.logger.error("could not close huddle", metadata: metadata(key).merging(["error": "\(error)"]) { $1 })
        }
    }
}
