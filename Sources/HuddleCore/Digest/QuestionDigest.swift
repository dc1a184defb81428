import Foundation

extension WeeklyDigest {
    /// The questions other teams asked this team in the week: per asking team how many and how
    /// fast they were answered, those left unanswered, and what keeps being asked.
    public struct QuestionsWeek: Sendable, Hashable, Codable {
        public var pairs: [QuestionPair]
        /// Closed without an answer, or still open at the week's end, in order of asking.
        public var unanswered: [UnansweredQuestion]
        /// Words or tags that came back in two questions or more, with last week's counts.
        public var themes: [Themes.Theme]
    }

    /// The questions one team asked another in a week.
    public struct QuestionPair: Sendable, Hashable, Codable {
        /// The asking team and the team asked (ids).
        public var from: String
        public var to: String
        public var asked: Int
        public var answered: Int
        public var closed: Int
        public var open: Int
        /// Minutes from question to answer over those answered: the median and the 90th percentile.
        public var medianMinutes: Double?
        public var p90Minutes: Double?

        enum CodingKeys: String, CodingKey {
            case from, to, asked, answered, closed, open, medianMinutes = "median_minutes", p90Minutes = "p90_minutes"
        }
    }

    /// A question that got no answer.
    public struct UnansweredQuestion: Sendable, Hashable, Codable {
        public var number: Int
        public var from: String
        public var text: String
        public var askedAt: Date
        /// Why it was closed; nil when it was still open at the week's end.
        public var reason: String?

        enum CodingKeys: String, CodingKey { case number, from, text, askedAt = "asked_at", reason }
    }
}

extension DigestBuilder {
    /// The questions asked of `team` in `week`, as they stood at the week's end; nil when none was asked.
    static func questions(history: TeamHistory, week: ISOWeek, team: TeamConfig) -> WeeklyDigest.QuestionsWeek? {
        let start = week.monday.start(in: team.timeZone), end = week.monday.adding(days: 7).start(in: team.timeZone)
        let lastStart = week.previous.monday.start(in: team.timeZone)
        let asOfEnd = TeamHistory(entries: history.entries.filter { EntryType.betweenTeams.contains($0.type) || $0.type == .withdrawn }
            .filter { $0.at < end })
        let all = asOfEnd.questions
        let items = all.filter { $0.askedAt >= start }
        guard !items.isEmpty else { return nil }
        let pairs = Set(items.map(\.from)).sorted().map { from in
            let asked = items.filter { $0.from == from }
            let minutes = asked.compactMap(\.minutesToAnswer)
            return WeeklyDigest.QuestionPair(from: from, to: team.id, asked: asked.count, answered: asked.filter(\.isAnswered).count,
                                             closed: asked.filter { $0.reason != nil }.count, open: asked.filter(\.isOpen).count,
                                             medianMinutes: median(minutes).map(tenths), p90Minutes: percentile(90, of: minutes).map(tenths))
        }
        let unanswered = items.filter { !$0.isAnswered }.map {
            WeeklyDigest.UnansweredQuestion(number: $0.number, from: $0.from, text: $0.text, askedAt: $0.askedAt, reason: $0.reason)
        }
        func entries(_ questions: [QuestionItem]) -> [JournalEntry] {
            questions.map { JournalEntry(id: $0.id, at: $0.askedAt, team: team.id, type: .question, text: $0.text, tags: $0.tags.isEmpty ? nil : $0.tags) }
        }
        let lastWeek = all.filter { $0.askedAt >= lastStart && $0.askedAt < start }
        return WeeklyDigest.QuestionsWeek(pairs: pairs, unanswered: unanswered, themes: Themes.build(entries(items), lastWeek: entries(lastWeek), team: team))
    }

    /// The nearest-rank percentile (90: the value 90 % of the others are at or below); nil for none.
    static func percentile(_ percent: Int, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((Double(percent) / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count, rank) - 1)]
    }

    /// Rounded to a tenth, as the digest shows minutes.
    static func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

extension WeeklyDigest.QuestionsWeek {
    /// The heading every view gives these lines.
    public static func title(_ language: Language) -> String { language == .nl ? "Vragen van andere teams" : "Questions from other teams" }

    /// How many questions one team asked another, how many were answered and how fast.
    static func pairLine(_ pair: WeeklyDigest.QuestionPair, _ language: Language) -> String {
        let nl = language == .nl
        func minutes(_ value: Double) -> String { value == value.rounded() ? "\(Int(value))" : String(format: "%.1f", value) }
        let speed = [pair.medianMinutes.map { (nl ? "mediaan " : "median ") + minutes($0) + " min" }, pair.p90Minutes.map { "p90 " + minutes($0) + " min" }]
            .compactMap { $0 }.joined(separator: ", ")
        return (nl ? "\(Phrase.count(pair.asked, "vraag", "vragen")), \(pair.answered) beantwoord" : "\(Phrase.count(pair.asked, "question", "questions")), \(pair.answered) answered")
            + (speed.isEmpty ? "" : " (\(speed))")
            + (nl ? ", \(pair.closed) gesloten, \(pair.open) open" : ", \(pair.closed) closed, \(pair.open) open")
    }

    /// The lines every view shows: one per asking team, what keeps being asked, and each question
    /// left unanswered; what people wrote passes through `user`.
    public func lines(_ language: Language, user: (String) -> String = UserText.clean) -> [String] {
        let nl = language == .nl
        var lines = pairs.map { (nl ? "van \($0.from): " : "from \($0.from): ") + Self.pairLine($0, language) }
        if !themes.isEmpty {
            lines.append((nl ? "Steeds gevraagd: " : "Asked again and again: ") + themes.prefix(5).map { "\(user($0.theme)) ×\($0.count)" }.joined(separator: ", "))
        }
        lines += unanswered.map { item in
            "#\(item.number) \(nl ? "van" : "from") \(item.from): \(user(item.text)) — "
                + (item.reason.map { (nl ? "gesloten: " : "closed: ") + user($0) } ?? (nl ? "nog open" : "still open"))
        }
        return lines
    }
}
