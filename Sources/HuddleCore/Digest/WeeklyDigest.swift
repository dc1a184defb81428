import Foundation

/// The weekly digest for a team's leaders, as stored in `<data>/digests/<team>/<YYYY>-W<ww>.json`.
public struct WeeklyDigest: Sendable, Hashable, Codable {
    public var v: Int
    public var team: String
    public var teamName: String
    public var week: ISOWeek
    /// The team's IANA time zone; days and local times in the digest are in it.
    public var timezone: String
    public var period: Period
    public var huddles: Huddles
    public var kudos: [Kudos]
    public var observations: Observations
    /// The answers, grouped per huddle in order of the huddles.
    public var answers: [HuddleAnswers]
    public var notes: [Note]
    public var actions: [Action]
    /// Observations grouped into themes, with last week's counts.
    public var themes: ThemeGroups
    public var participation: Participation
    /// Compliments given and received per person.
    public var compliments: ComplimentCounts
    /// This week's counts beside last week's.
    public var trend: Trend
    /// Counts of the four weeks before this one, oldest first, for the "this week vs last four weeks" view.
    public var recentWeeks: [WeekCounts]
    /// Actions still open at the end of the week, oldest first, with their age in days.
    public var openActions: [OpenAction]
    /// Colleagues who took part in the last four weeks but received no compliment then (for leaders' eyes only).
    public var noComplimentsFourWeeks: [String]

    enum CodingKeys: String, CodingKey {
        case v, team, teamName = "team_name", week, timezone, period, huddles, kudos, observations, answers, notes, actions,
             themes, participation, compliments, trend, recentWeeks = "recent_weeks", openActions = "open_actions",
             noComplimentsFourWeeks = "no_compliments_4_weeks"
    }

    /// One week's main counts.
    public struct WeekCounts: Sendable, Hashable, Codable {
        public var week: ISOWeek
        public var held: Int
        public var answers: Int
        public var kudos: Int
        public var gains: Int
        public var pains: Int
    }

    /// An action not done by the end of the week.
    public struct OpenAction: Sendable, Hashable, Codable {
        public var number: Int
        public var text: String
        public var owner: String?
        public var ageDays: Int

        enum CodingKeys: String, CodingKey { case number, text, owner, ageDays = "age_days" }
    }

    /// Themes of gains and of pains.
    public struct ThemeGroups: Sendable, Hashable, Codable {
        public var gains: [Themes.Theme]
        public var pains: [Themes.Theme]
    }

    /// Who took part: per shift and per question.
    public struct Participation: Sendable, Hashable, Codable {
        public var shifts: [ShiftParticipation]
        public var questions: [QuestionCount]
    }

    /// One shift's huddles held this week and the distinct people who answered in them.
    public struct ShiftParticipation: Sendable, Hashable, Codable {
        public var shift: String
        public var held: Int
        public var contributors: Int
        public var answers: Int
    }

    /// How many answers a question got.
    public struct QuestionCount: Sendable, Hashable, Codable {
        public var question: Int
        public var answers: Int
    }

    /// Compliments per person, most first.
    public struct ComplimentCounts: Sendable, Hashable, Codable {
        public var given: [PersonCount]
        public var received: [PersonCount]
    }

    /// A person and a number.
    public struct PersonCount: Sendable, Hashable, Codable {
        public var person: String
        public var count: Int
    }

    /// A count this week and last week.
    public struct Change: Sendable, Hashable, Codable {
        public var this: Int
        public var last: Int
    }

    /// Week-over-week counts.
    public struct Trend: Sendable, Hashable, Codable {
        public var held: Change
        public var answers: Change
        public var kudos: Change
        public var gains: Change
        public var pains: Change
    }

    /// The first and last day of the week.
    public struct Period: Sendable, Hashable, Codable {
        public var start: CalendarDay
        public var end: CalendarDay
    }

    /// How many huddles were planned, held, missed and skipped, and each one.
    public struct Huddles: Sendable, Hashable, Codable {
        /// Planned huddles that were to take place (days off not counted).
        public var scheduled: Int
        public var held: Int
        /// Held, but posted later than planned (the bot was down at the start).
        public var late: Int
        /// Not held: the bot was down past the grace period.
        public var missed: Int
        /// Not held: a day off or a leader's skip.
        public var skipped: Int
        /// Planned for later in a week that is not over yet (absent once the week is over).
        public var upcoming: Int?
        /// The same counts per shift.
        public var shifts: [ShiftHuddles]
        public var list: [HuddleSummary]
    }

    /// One huddle of the week.
    public struct HuddleSummary: Sendable, Hashable, Codable {
        public var shift: String
        public var day: CalendarDay
        /// When it was scheduled to open (nil for a huddle no longer in the config).
        public var scheduledAt: Date?
        /// When the prompt was posted, if it was.
        public var postedAt: Date?
        public var held: Bool
        public var late: Bool
        public var missed: Bool
        /// Why the huddle did not take place, when it was skipped.
        public var skipped: String?
        public var answers: Int
        /// Distinct people who answered.
        public var contributors: Int

        enum CodingKeys: String, CodingKey {
            case shift, day, scheduledAt = "scheduled_at", postedAt = "posted_at", held, late, missed, skipped, answers, contributors
        }

        init(shift: String, day: CalendarDay, scheduledAt: Date?, skipped: String? = nil) {
            self.shift = shift
            self.day = day
            self.scheduledAt = scheduledAt
            self.held = false
            self.late = false
            self.missed = false
            self.skipped = skipped
            self.answers = 0
            self.contributors = 0
        }
    }

    /// A compliment from one person to another.
    public struct Kudos: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var text: String
        public var values: [String]
        public var at: Date
    }

    /// Customer observations, split into gains, pains and those of unclear kind.
    public struct Observations: Sendable, Hashable, Codable {
        public var gains: [Observation]
        public var pains: [Observation]
        public var other: [Observation]
    }

    /// One customer observation; `from` is empty for an anonymous one.
    public struct Observation: Sendable, Hashable, Codable {
        public var from: String
        public var text: String
        public var tags: [String]
        public var at: Date
    }

    /// An action opened this week, and when it was done if it was.
    public struct Action: Sendable, Hashable, Codable {
        public var number: Int
        public var text: String
        public var owner: String?
        public var from: String
        public var at: Date
        public var doneAt: Date?

        enum CodingKeys: String, CodingKey { case number, text, owner, from, at, doneAt = "done_at" }
    }

    /// Huddles of one shift this week.
    public struct ShiftHuddles: Sendable, Hashable, Codable {
        public var shift: String
        public var scheduled: Int
        public var held: Int
        public var late: Int
        public var missed: Int
        public var skipped: Int
    }

    /// A plain line said during a huddle.
    public struct Note: Sendable, Hashable, Codable {
        public var shift: String
        public var day: CalendarDay
        public var from: String
        public var text: String
        public var at: Date
    }

    /// The answers given in one huddle.
    public struct HuddleAnswers: Sendable, Hashable, Codable {
        public var shift: String
        public var day: CalendarDay
        public var answers: [Answer]
    }

    /// One answer to one question.
    public struct Answer: Sendable, Hashable, Codable {
        public var question: Int
        public var from: String
        public var text: String
        public var at: Date
    }
}

/// What a digest needs beyond its own week: the team's history (for open actions and
/// compliments over four weeks) and the counts of the four weeks before.
public struct DigestContext: Sendable {
    public var history: TeamHistory?
    public var recentWeeks: [WeeklyDigest.WeekCounts]
    /// When the digest is made, if that is before the week's end: huddles planned after it are
    /// still to come, not missing, and actions are aged to it. Nil for a week that is over.
    public var asOf: Date?

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
                                          at: entry.at, doneAt: nil)
            case .actionDone:
                if let ref = entry.ref { done.append((ref, entry.at)) }
            case .withdrawn:
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
            openActions: context.history.map { openActions(in: $0, week: week, team: team, asOf: context.asOf) } ?? [],
            noComplimentsFourWeeks: context.history.map { withoutCompliments(in: $0, week: week, team: team) } ?? [])
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

    /// Actions not done by the end of `week` (or by `asOf`, in a week not over yet), with their age then.
    static func openActions(in history: TeamHistory, week: ISOWeek, team: TeamConfig, asOf: Date? = nil) -> [WeeklyDigest.OpenAction] {
        let end = week.monday.adding(days: 7).start(in: team.timeZone)
        let lastDay = asOf.map { min(CalendarDay($0, in: team.timeZone), week.monday.adding(days: 6)) } ?? week.monday.adding(days: 6)
        return TeamHistory(entries: history.entries.filter { $0.at < end }).actions.filter { $0.doneAt == nil }.map {
            WeeklyDigest.OpenAction(number: $0.number, text: $0.text, owner: $0.owner,
                                    ageDays: lastDay.ordinal - CalendarDay($0.openedAt, in: team.timeZone).ordinal)
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

    /// The short version for leaders in chat: counts, the top themes, and where the full digest is.
    public static func summary(_ digest: WeeklyDigest, language: Language, path: String?) -> [String] {
        let answers = digest.answers.reduce(0) { $0 + $1.answers.count }
        var lines = [
            Phrase.digestTitle(team: digest.teamName, week: digest.week).text(language),
            Phrase.digestHuddles(held: digest.huddles.held, scheduled: digest.huddles.scheduled, upcoming: digest.huddles.upcoming ?? 0).text(language) + " · "
                + Phrase.digestCounts(kudos: digest.kudos.count, gains: digest.observations.gains.count,
                                      pains: digest.observations.pains.count, answers: answers).text(language),
        ]
        if let pain = digest.themes.pains.first { lines.append(Phrase.digestTopPain("\(pain.theme) ×\(pain.count)").text(language)) }
        if let gain = digest.themes.gains.first { lines.append(Phrase.digestTopGain("\(gain.theme) ×\(gain.count)").text(language)) }
        if let path { lines.append(Phrase.digestWhere(path).text(language)) }
        return lines
    }

    /// How a digest is shown to a person.
    public enum Format: String, Sendable, CaseIterable {
        case text, md
    }

    /// A plain-text view of the digest for a person, in a language.
    public static func text(_ digest: WeeklyDigest, language: Language) -> String {
        render(digest, language: language, format: .text)
    }

    /// The digest for a person, as plain text or Markdown; made from the digest only, never from the journal.
    public static func render(_ digest: WeeklyDigest, language: Language, format: Format) -> String {
        let nl = language == .nl
        let md = format == .md
        var lines: [String] = []
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append(md ? "## \(title)" : "\(title):")
            lines += items.map { (md ? "- " : "  ") + $0 }
        }
        // What people wrote, never markup of the document (or a mention where it is posted).
        func user(_ text: String) -> String { md ? UserText.markdown(text) : UserText.clean(text) }
        func change(_ value: WeeklyDigest.Change) -> String {
            value.this == value.last ? "" : nl ? " (vorige week \(value.last))" : " (last week \(value.last))"
        }
        let title = Phrase.digestTitle(team: digest.teamName, week: digest.week).text(language)
        lines.append(md ? "# \(title)" : title)
        if md { lines.append("") }
        var huddles = Phrase.digestHuddles(held: digest.huddles.held, scheduled: digest.huddles.scheduled, upcoming: digest.huddles.upcoming ?? 0).text(language)
        let extra = [(digest.huddles.late, nl ? "te laat" : "late"), (digest.huddles.missed, nl ? "gemist" : "missed"),
                     (digest.huddles.skipped, nl ? "overgeslagen" : "skipped")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if !extra.isEmpty { huddles += " (\(extra.joined(separator: ", ")))" }
        lines.append(huddles + change(digest.trend.held))
        let answerCount = digest.answers.reduce(0) { $0 + $1.answers.count }
        lines.append(Phrase.digestCounts(kudos: digest.kudos.count, gains: digest.observations.gains.count,
                                         pains: digest.observations.pains.count, answers: answerCount).text(language))
        func themeLine(_ theme: Themes.Theme) -> String {
            let arrow = theme.trendLabel(language)
            let example = theme.examples.first.map { " — “\(user($0))”" } ?? ""
            return "\(user(theme.theme)) ×\(theme.count) (\(arrow)\(theme.trend == "new" ? "" : " \(theme.lastWeek)"))"
                + (theme.shifts.isEmpty ? "" : " [\(theme.shifts.joined(separator: ", "))]") + example
        }
        section(nl ? "Waar klanten wakker van liggen (thema's)" : "What worries customers (themes)", digest.themes.pains.prefix(5).map(themeLine))
        section(nl ? "Waar klanten blij van worden (thema's)" : "What makes customers happy (themes)", digest.themes.gains.prefix(5).map(themeLine))
        section(nl ? "Complimenten" : "Compliments", digest.kudos.map { "\(user($0.from)) → \(user($0.to)): \(user($0.text))" })
        let anonymous = nl ? "anoniem" : "anonymous"
        section(nl ? "Klanten blij van" : "Customers happy about", digest.observations.gains.map { "+ \(user($0.text)) (\($0.from.isEmpty ? anonymous : user($0.from)))" })
        section(nl ? "Klanten wakker van" : "Customers worried about", digest.observations.pains.map { "- \(user($0.text)) (\($0.from.isEmpty ? anonymous : user($0.from)))" })
        section(nl ? "Andere klantobservaties" : "Other customer observations", digest.observations.other.map { "\(user($0.text)) (\($0.from.isEmpty ? anonymous : user($0.from)))" })
        section(nl ? "Acties" : "Actions", digest.actions.map { action in
            "\(action.number): \(user(action.text))" + (action.owner.map { " (\(user($0)))" } ?? "") + (action.doneAt == nil ? "" : nl ? " — klaar" : " — done")
        })
        for huddle in digest.answers {
            section("Huddle \(huddle.shift) \(huddle.day)", huddle.answers.map { "\($0.question). \(user($0.text)) (\(user($0.from)))" })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
