import Foundation

/// What a digest needs beyond its own week: the team's history (for open actions and
/// compliments over four weeks) and the counts of the four weeks before.
public struct DigestContext: Sendable {
    public var history: TeamHistory?
    public var recentWeeks: [WeeklyDigest.WeekCounts]
    /// When the digest is made, if that is before the week's end: huddles planned after it are
    /// still to come, not missing, and actions are aged to it. Nil for a week that is over.
    public var asOf: Date?
    /// The local day of the team's first journal entry, where counters without `since` start and
    /// before which no huddle counts as scheduled (the bot did not run for the team yet).
    public var firstDay: CalendarDay?

    /// Creates a context; without history the cross-week parts stay empty.
    public init(history: TeamHistory? = nil, recentWeeks: [WeeklyDigest.WeekCounts] = [], asOf: Date? = nil) {
        self.history = history
        self.recentWeeks = recentWeeks
        self.asOf = asOf
    }
}

/// Builds a digest from a week of journal entries. Same entries in, same digest out.
public enum DigestBuilder {
    /// The digest of `week` for `team`, from the entries of that week's journal file and, for the
    /// trend, those of the week before.
    public static func build(team: TeamConfig, week: ISOWeek, entries: [JournalEntry], previous: [JournalEntry] = [],
                             context: DigestContext = DigestContext()) -> WeeklyDigest {
        let sorted = JournalEntry.active(entries.filter { $0.team == team.id }).sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        let last = JournalEntry.active(previous.filter { $0.team == team.id })
        var summaries: [HuddleKey: WeeklyDigest.HuddleSummary] = [:]
        for planned in team.plannedHuddles(in: week) {
            let key = planned.occurrence.key
            if let first = context.firstDay, key.day < first { continue }
            summaries[key] = .init(shift: key.shift, day: key.day, scheduledAt: planned.occurrence.opensAt,
                                   skipped: planned.skip?.text(team.language))
        }
        var kudos: [WeeklyDigest.Kudos] = []
        var gains: [WeeklyDigest.Observation] = []
        var pains: [WeeklyDigest.Observation] = []
        var other: [WeeklyDigest.Observation] = []
        var notes: [WeeklyDigest.Note] = []
        var actions: [String: WeeklyDigest.Action] = [:]
        var done: [(String, Date)] = []
        var answers: [HuddleKey: [WeeklyDigest.Answer]] = [:]
        var contributors: [HuddleKey: Set<String>] = [:]
        func summaryKey(_ ref: HuddleRef) -> HuddleKey {
            let key = HuddleKey(team: team.id, shift: ref.shift, day: ref.day)
            if summaries[key] == nil {
                summaries[key] = .init(shift: ref.shift, day: ref.day, scheduledAt: nil)
            }
            return key
        }
        for entry in sorted {
            let from = entry.author?.identity ?? ""
            switch entry.type {
            case .huddleOpened:
                guard let ref = entry.huddle else { continue }
                let key = summaryKey(ref)
                if summaries[key]!.postedAt == nil { summaries[key]!.postedAt = entry.at }
                summaries[key]!.held = true
                summaries[key]!.late = entry.scheduled != nil
            case .huddleMissed:
                guard let ref = entry.huddle else { continue }
                summaries[summaryKey(ref)]!.missed = true
            case .huddleSkipped:
                guard let ref = entry.huddle else { continue }
                let by = entry.author?.identity ?? ""
                summaries[summaryKey(ref)]!.skipped = SkipReason.leader(by: by, reason: entry.text ?? "").text(team.language)
            case .huddleClosed:
                continue
            case .answer:
                guard let ref = entry.huddle, let question = entry.question else { continue }
                let key = summaryKey(ref)
                answers[key, default: []].append(.init(question: question, from: from, text: entry.text ?? "", at: entry.at))
                contributors[key, default: []].insert(from)
                summaries[key]!.answers += 1
                summaries[key]!.contributors = contributors[key]!.count
            case .kudos:
                for recipient in entry.to ?? [] {
                    kudos.append(.init(from: from, to: recipient, text: entry.text ?? "", values: entry.values ?? [], at: entry.at))
                }
            case .gain:
                gains.append(.init(from: from, text: entry.text ?? "", tags: entry.tags ?? [], at: entry.at))
            case .pain:
                pains.append(.init(from: from, text: entry.text ?? "", tags: entry.tags ?? [], at: entry.at))
            case .observation:
                other.append(.init(from: from, text: entry.text ?? "", tags: entry.tags ?? [], at: entry.at))
            case .note:
                guard let ref = entry.huddle else { continue }
                notes.append(.init(shift: ref.shift, day: ref.day, from: from, text: entry.text ?? "", at: entry.at))
            case .action:
                actions[entry.id] = .init(number: entry.number ?? 0, text: entry.text ?? "", owner: entry.owner, from: from,
                                          at: entry.at, doneAt: nil, due: entry.due, huddle: entry.huddle)
            case .actionDone:
                if let ref = entry.ref { done.append((ref, entry.at)) }
            case .withdrawn, .incident, .absence, .preference, .escalation, .seen, .question, .questionAnswered, .questionClosed, .seconded, .story:
                // Incidents go to the counters (`WeeklyDigest.Days`), escalations and questions
                // between teams and the story's seconds to their own parts (`FollowUpDigest.swift`,
                // `QuestionDigest.swift`, `StoryDigest.swift`);
                // absences and settings are people's own.
                continue
            }
        }
        let orderedKeys = summaries.keys.sorted { lhs, rhs in
            let l = summaries[lhs]!.scheduledAt ?? summaries[lhs]!.postedAt ?? .distantFuture
            let r = summaries[rhs]!.scheduledAt ?? summaries[rhs]!.postedAt ?? .distantFuture
            return (l, lhs) < (r, rhs)
        }
        let list = orderedKeys.map { summaries[$0]! }
        for (ref, at) in done where actions[ref] != nil && actions[ref]?.doneAt == nil { actions[ref]?.doneAt = at }
        // A huddle whose time has not come yet is neither held nor missing: it is still to come.
        func isUpcoming(_ huddle: WeeklyDigest.HuddleSummary) -> Bool {
            guard let asOf = context.asOf, let at = huddle.scheduledAt else { return false }
            return at > asOf && !huddle.held && !huddle.missed && huddle.skipped == nil
        }
        func huddleCounts(_ items: [WeeklyDigest.HuddleSummary]) -> (scheduled: Int, held: Int, late: Int, missed: Int, skipped: Int) {
            (items.filter { $0.scheduledAt != nil && ($0.skipped == nil || $0.held) && !isUpcoming($0) }.count, items.filter(\.held).count,
             items.filter(\.late).count, items.filter(\.missed).count, items.filter { $0.skipped != nil && !$0.held }.count)
        }
        let all = huddleCounts(list)
        let upcoming = context.asOf == nil ? nil : list.filter(isUpcoming).count
        let perShift = Set(list.map(\.shift)).sorted().map { shift in
            let counts = huddleCounts(list.filter { $0.shift == shift })
            return WeeklyDigest.ShiftHuddles(shift: shift, scheduled: counts.scheduled, held: counts.held, late: counts.late,
                                             missed: counts.missed, skipped: counts.skipped)
        }
        let huddles = WeeklyDigest.Huddles(scheduled: all.scheduled, held: all.held, late: all.late, missed: all.missed,
                                           skipped: all.skipped, upcoming: upcoming, shifts: perShift, list: list)
        let themes = WeeklyDigest.ThemeGroups(
            gains: Themes.build(sorted.filter { $0.type == .gain }, lastWeek: last.filter { $0.type == .gain }, team: team),
            pains: Themes.build(sorted.filter { $0.type == .pain }, lastWeek: last.filter { $0.type == .pain }, team: team))
        let thisWeek = counts(of: sorted, week: week)
        let lastWeek = counts(of: last, week: week.previous)
        let trend = WeeklyDigest.Trend(held: .init(this: huddles.held, last: lastWeek.held),
                                       answers: .init(this: thisWeek.answers, last: lastWeek.answers),
                                       kudos: .init(this: thisWeek.kudos, last: lastWeek.kudos),
                                       gains: .init(this: thisWeek.gains, last: lastWeek.gains),
                                       pains: .init(this: thisWeek.pains, last: lastWeek.pains))
        // Without the team's history (a digest of one week's file), the week's own entries.
        let history = context.history ?? TeamHistory(entries: sorted)
        let escalations = escalations(history: history, week: week, team: team)
        // Every action as it stood at the week's end, for the open ones and the week's flow.
        let weekEnd = week.monday.adding(days: 7).start(in: team.timeZone)
        let actionsAtEnd = TeamHistory(entries: history.entries.filter { $0.at < weekEnd }).actions
        return WeeklyDigest(
            v: 1, team: team.id, teamName: team.name, week: week, timezone: team.timeZone.identifier,
            period: .init(start: week.monday, end: week.monday.adding(days: 6)),
            huddles: huddles, kudos: kudos,
            observations: .init(gains: gains, pains: pains, other: other),
            answers: orderedKeys.compactMap { key in answers[key].map { .init(shift: key.shift, day: key.day, answers: $0) } },
            notes: notes,
            actions: actions.values.sorted { $0.number < $1.number },
            themes: themes,
            participation: participation(list: list, answers: answers),
            compliments: .init(given: counted(kudos.map(\.from)), received: counted(kudos.map(\.to))),
            trend: trend,
            recentWeeks: context.recentWeeks,
            openActions: context.history == nil ? [] : openActions(actionsAtEnd, week: week, team: team, asOf: context.asOf),
            noComplimentsFourWeeks: context.history.map { withoutCompliments(in: $0, week: week, team: team) } ?? [],
            days: WeeklyDigest.Days.build(team: team, week: week, entries: sorted, history: context.history, firstDay: context.firstDay),
            actionFlow: actionFlow(actions: actionsAtEnd, week: week, team: team, asOf: context.asOf),
            health: health(list: list, scheduled: all.scheduled, answers: answers, history: history, week: week, team: team,
                           escalations: escalations.items.count,
                           answersByChannel: Dictionary(grouping: sorted.filter { $0.type == .answer }, by: { $0.via ?? "chat" }).mapValues(\.count)),
            escalations: escalations,
            quickChecks: quickChecks(team: team, entries: sorted, lastWeek: last),
            questions: questions(history: history, week: week, team: team),
            stories: stories(entries.filter { $0.team == team.id }))
    }

    /// The main counts of a week's entries.
    public static func counts(of entries: [JournalEntry], week: ISOWeek) -> WeeklyDigest.WeekCounts {
        let active = JournalEntry.active(entries)
        return WeeklyDigest.WeekCounts(
            week: week, held: Set(active.filter { $0.type == .huddleOpened }.compactMap(\.huddle)).count,
            answers: active.filter { $0.type == .answer }.count,
            kudos: active.filter { $0.type == .kudos }.reduce(0) { $0 + ($1.to?.count ?? 0) },
            gains: active.filter { $0.type == .gain }.count, pains: active.filter { $0.type == .pain }.count)
    }

    /// Actions not done by the end of `week` (or by `asOf`, in a week not over yet), with their
    /// age then; `actions`: every action as it stood at the week's end.
    static func openActions(_ actions: [ActionItem], week: ISOWeek, team: TeamConfig, asOf: Date? = nil) -> [WeeklyDigest.OpenAction] {
        let lastDay = asOf.map { min(CalendarDay($0, in: team.timeZone), week.monday.adding(days: 6)) } ?? week.monday.adding(days: 6)
        return actions.filter { $0.doneAt == nil }.map {
            WeeklyDigest.OpenAction(number: $0.number, text: $0.text, owner: $0.owner,
                                    ageDays: lastDay.ordinal - CalendarDay($0.openedAt, in: team.timeZone).ordinal, due: $0.due)
        }
    }

    /// People who took part in the four weeks up to `week` but were not complimented in them.
    static func withoutCompliments(in history: TeamHistory, week: ISOWeek, team: TeamConfig) -> [String] {
        let end = week.monday.adding(days: 7).start(in: team.timeZone)
        let begin = week.monday.adding(days: -21).start(in: team.timeZone)
        let recent = JournalEntry.active(history.entries).filter { $0.at >= begin && $0.at < end }
        let people = Set(recent.filter(\.isContribution).compactMap { $0.author?.identity })
        let complimented = Set(recent.filter { $0.type == .kudos }.flatMap { $0.to ?? [] }.map { $0.lowercased() })
        return people.filter { !complimented.contains($0.lowercased()) }.sorted()
    }

    static func counted(_ names: [String]) -> [WeeklyDigest.PersonCount] {
        var counts: [String: Int] = [:]
        for name in names where !name.isEmpty { counts[name, default: 0] += 1 }
        return counts.map { WeeklyDigest.PersonCount(person: $0.key, count: $0.value) }
            .sorted { ($1.count, $0.person) < ($0.count, $1.person) }
    }

    static func participation(list: [WeeklyDigest.HuddleSummary], answers: [HuddleKey: [WeeklyDigest.Answer]]) -> WeeklyDigest.Participation {
        var shifts: [String: (held: Int, people: Set<String>, answers: Int)] = [:]
        for huddle in list where huddle.held { shifts[huddle.shift, default: (0, [], 0)].held += 1 }
        var questions: [Int: Int] = [:]
        for (key, items) in answers {
            for item in items {
                shifts[key.shift, default: (0, [], 0)].people.insert(item.from)
                shifts[key.shift, default: (0, [], 0)].answers += 1
                questions[item.question, default: 0] += 1
            }
        }
        return .init(shifts: shifts.keys.sorted().map { .init(shift: $0, held: shifts[$0]!.held, contributors: shifts[$0]!.people.count,
                                                               answers: shifts[$0]!.answers) },
                     questions: questions.keys.sorted().map { .init(question: $0, answers: questions[$0]!) })
    }

    /// The digest as the bytes stored on disk: pretty JSON with sorted keys and a final newline.
    public static func encode(_ digest: WeeklyDigest) throws -> Data {
        var data = try HuddleJSON.documentEncoder().encode(digest)
        data.append(0x0A)
        return data
    }
}
