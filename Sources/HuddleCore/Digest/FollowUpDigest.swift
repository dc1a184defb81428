import Foundation

extension WeeklyDigest {
    /// The week's actions followed up: how many were opened and closed, how long closing took,
    /// and which were overdue at the end of the week.
    public struct ActionFlow: Sendable, Hashable, Codable {
        public var opened: Int
        public var closed: Int
        /// The median of the closed actions' days from opening to done; nil when none was closed.
        public var medianDaysToClose: Double?
        /// Open actions past their due day, the longest overdue first.
        public var overdue: [Overdue]

        enum CodingKeys: String, CodingKey { case opened, closed, medianDaysToClose = "median_days_to_close", overdue }
    }

    /// An open action past its due day.
    public struct Overdue: Sendable, Hashable, Codable {
        public var number: Int
        public var text: String
        public var owner: String?
        public var due: CalendarDay
        public var daysOverdue: Int

        enum CodingKeys: String, CodingKey { case number, text, owner, due, daysOverdue = "days_overdue" }
    }

    /// The week's urgent reports (`!zorg!`) and how fast a leader saw them.
    public struct Escalations: Sendable, Hashable, Codable {
        public var items: [Item]
        /// The median minutes from a report to a leader's `!gezien`, over those seen.
        public var medianMinutesToSeen: Double?

        enum CodingKeys: String, CodingKey { case items, medianMinutesToSeen = "median_minutes_to_seen" }

        /// One report.
        public struct Item: Sendable, Hashable, Codable {
            public var number: Int
            public var text: String
            /// Who raised it; empty when anonymous.
            public var from: String
            public var at: Date
            public var seenAt: Date?
            public var seenBy: String?

            enum CodingKeys: String, CodingKey { case number, text, from, at, seenAt = "seen_at", seenBy = "seen_by" }
        }
    }

    /// A quick check's answers this week and last, per shift and question.
    public struct QuickCheckWeek: Sendable, Hashable, Codable {
        public var shift: String
        public var question: Int
        /// The question's words, in the team's language.
        public var text: String
        public var kind: QuickCheck
        /// How often each value was answered (values never answered left out).
        public var counts: [String: Int]
        public var lastWeek: [String: Int]
        /// The mean of a scale's answers; nil for a traffic light or without answers.
        public var average: Double?
        public var lastWeekAverage: Double?

        enum CodingKeys: String, CodingKey {
            case shift, question, text, kind, counts, lastWeek = "last_week", average, lastWeekAverage = "last_week_average"
        }
    }

    /// How healthy the huddle itself was this week.
    public struct Health: Sendable, Hashable, Codable {
        /// Huddles that were due (as `huddles.scheduled`) and those of them posted on time.
        public var scheduled: Int
        public var onTime: Int
        /// The median minutes from a huddle's prompt to its last answer, over the huddles answered.
        public var medianMinutesToLastAnswer: Double?
        /// People who answered this week.
        public var contributors: Int
        /// The shifts' regulars (who answered the shift at least twice in the four weeks to the
        /// week's end), and how many of them answered this week.
        public var regulars: Int
        public var regularsHeard: Int
        /// Answers per huddle held; nil when none was held.
        public var answersPerHuddle: Double?
        /// Urgent reports raised this week.
        public var escalations: Int = 0
        /// The week's answers by how they came: `chat`, `form` (nil in digests written before it was counted).
        public var answersByChannel: [String: Int]? = nil

        enum CodingKeys: String, CodingKey {
            case scheduled, onTime = "on_time", medianMinutesToLastAnswer = "median_minutes_to_last_answer", contributors, regulars,
                 regularsHeard = "regulars_heard", answersPerHuddle = "answers_per_huddle", escalations, answersByChannel = "answers_by_channel"
        }

        /// The share of scheduled huddles held on time, in whole percent; nil when none was scheduled.
        public var onTimePercent: Int? { Self.percent(onTime, of: scheduled) }

        /// `part` of `whole` in whole percent; nil when `whole` is 0.
        public static func percent(_ part: Int, of whole: Int) -> Int? {
            whole == 0 ? nil : Int((Double(part) * 100 / Double(whole)).rounded())
        }
    }
}

extension DigestBuilder {
    /// Regulars need this many answers to one shift in the four weeks.
    static let regularAnswers = 2

    /// The actions of `week`, from every action as it stood at the week's end.
    static func actionFlow(actions: [ActionItem], week: ISOWeek, team: TeamConfig, asOf: Date?) -> WeeklyDigest.ActionFlow {
        let zone = team.timeZone
        let start = week.monday.start(in: zone)
        let lastDay = asOf.map { min(CalendarDay($0, in: zone), week.monday.adding(days: 6)) } ?? week.monday.adding(days: 6)
        let closed = actions.filter { $0.doneAt.map { $0 >= start } ?? false }
        let days = closed.map { CalendarDay($0.doneAt!, in: zone).ordinal - CalendarDay($0.openedAt, in: zone).ordinal }
        let overdue = actions.filter { $0.doneAt == nil && ($0.overdueDays(on: lastDay) ?? 0) > 0 }
            .sorted { ($0.due!, $0.number) < ($1.due!, $1.number) }
            .map { WeeklyDigest.Overdue(number: $0.number, text: $0.text, owner: $0.owner, due: $0.due!, daysOverdue: $0.overdueDays(on: lastDay)!) }
        return .init(opened: actions.filter { $0.openedAt >= start }.count, closed: closed.count,
                     medianDaysToClose: median(days.map(Double.init)), overdue: overdue)
    }

    /// The urgent reports raised in `week`, with when a leader saw them.
    static func escalations(history: TeamHistory, week: ISOWeek, team: TeamConfig) -> WeeklyDigest.Escalations {
        let start = week.monday.start(in: team.timeZone), end = week.monday.adding(days: 7).start(in: team.timeZone)
        let items = history.escalations.filter { $0.at >= start && $0.at < end }.map {
            WeeklyDigest.Escalations.Item(number: $0.number, text: $0.text, from: $0.author?.identity ?? "", at: $0.at, seenAt: $0.seenAt, seenBy: $0.seenBy)
        }
        let minutes = items.compactMap { item in item.seenAt.map { max(0, $0.timeIntervalSince(item.at) / 60) } }
        return .init(items: items, medianMinutesToSeen: median(minutes).map { ($0 * 10).rounded() / 10 })
    }

    /// The quick checks' answers per shift and question, this week (`entries`) beside last week
    /// (`lastWeek`); nil when the team asks none.
    static func quickChecks(team: TeamConfig, entries: [JournalEntry], lastWeek: [JournalEntry]) -> [WeeklyDigest.QuickCheckWeek]? {
        let shifts = team.shifts.map(\.name).filter { !team.quickChecks(forShift: $0).isEmpty }
        guard !shifts.isEmpty else { return nil }
        func counts(_ entries: [JournalEntry], shift: String, question: Int, check: QuickCheck) -> [String: Int] {
            var counts: [String: Int] = [:]
            for entry in JournalEntry.active(entries) where entry.type == .answer && entry.huddle?.shift == shift && entry.question == question {
                if let value = check.read(entry.text ?? "")?.value { counts[value, default: 0] += 1 }
            }
            return counts
        }
        func average(_ counts: [String: Int], _ check: QuickCheck) -> Double? {
            let total = counts.values.reduce(0, +)
            guard check == .scale, total > 0 else { return nil }
            return (Double(counts.reduce(0) { $0 + (Int($1.key) ?? 0) * $1.value }) / Double(total) * 10).rounded() / 10
        }
        return shifts.flatMap { shift in
            let questions = team.questions(forShift: shift)
            return team.quickChecks(forShift: shift).sorted { $0.key < $1.key }.map { question, check in
                let this = counts(entries, shift: shift, question: question, check: check)
                let last = counts(lastWeek, shift: shift, question: question, check: check)
                return WeeklyDigest.QuickCheckWeek(shift: shift, question: question, text: questions[question - 1].text(team.language),
                                                   kind: check, counts: this, lastWeek: last,
                                                   average: average(this, check), lastWeekAverage: average(last, check))
            }
        }
    }

    /// The huddle's own health in `week`: `list` the week's huddles, `answers` what was answered in each.
    static func health(list: [WeeklyDigest.HuddleSummary], scheduled: Int, answers: [HuddleKey: [WeeklyDigest.Answer]],
                       history: TeamHistory?, week: ISOWeek, team: TeamConfig, escalations: Int = 0,
                       answersByChannel: [String: Int] = [:]) -> WeeklyDigest.Health {
        let byKey = Dictionary(answers.map { (HuddleRef(shift: $0.key.shift, day: $0.key.day), $0.value) }, uniquingKeysWith: +)
        let minutes = list.compactMap { huddle -> Double? in
            guard let posted = huddle.postedAt, let last = byKey[HuddleRef(shift: huddle.shift, day: huddle.day)]?.map(\.at).max() else { return nil }
            return max(0, last.timeIntervalSince(posted) / 60)
        }
        let contributors = Set(answers.values.flatMap { $0.map(\.from) })
        let end = week.monday.adding(days: 7).start(in: team.timeZone)
        let regulars = Self.regulars(in: history?.entries ?? [], from: end.addingTimeInterval(-28 * 86_400), to: end)
        let held = list.filter(\.held).count
        let answerCount = answers.values.reduce(0) { $0 + $1.count }
        return .init(scheduled: scheduled, onTime: list.filter { $0.held && !$0.late && $0.scheduledAt != nil }.count,
                     medianMinutesToLastAnswer: median(minutes).map { ($0 * 10).rounded() / 10 },
                     contributors: contributors.count, regulars: regulars.count, regularsHeard: regulars.intersection(contributors).count,
                     answersPerHuddle: held == 0 ? nil : (Double(answerCount) / Double(held) * 10).rounded() / 10, escalations: escalations,
                     answersByChannel: answersByChannel)
    }

    /// Who answered one shift at least `regularAnswers` times between `from` and `to`, by identity.
    public static func regulars(in entries: [JournalEntry], from: Date, to: Date, shift: String? = nil) -> Set<String> {
        var counts: [String: [String: Int]] = [:]
        for entry in TeamHistory(entries: entries.filter { $0.at >= from && $0.at < to }).active([.answer]) where entry.type == .answer {
            guard let who = entry.author?.identity, let ref = entry.huddle, shift == nil || ref.shift == shift else { continue }
            counts[ref.shift, default: [:]][who, default: 0] += 1
        }
        return Set(counts.values.flatMap { $0.filter { $0.value >= regularAnswers }.keys })
    }

    /// The middle value (the mean of the two middle ones for an even count); nil for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
