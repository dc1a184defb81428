import Foundation

/// What a prompt may mention besides the day: last week's top customer pain and the open actions.
public struct PromptFacts: Sendable, Hashable {
    /// The theme customers worried about most last week (a #tag, or a repeated text).
    public var topPain: String?
    public var openActions: [ActionItem]

    /// Creates facts.
    public init(topPain: String? = nil, openActions: [ActionItem] = []) {
        self.topPain = topPain
        self.openActions = openActions
    }

    /// The facts from the team's history: the pains of `lastWeek` and every action.
    public init(history: TeamHistory, lastWeek: ISOWeek, timeZone: TimeZone) {
        let pains = JournalEntry.active(history.entries).filter { entry in
            entry.type == .pain && (entry.huddle.map { ISOWeek(containing: $0.day) } ?? ISOWeek(containing: entry.at, in: timeZone)) == lastWeek
        }
        var counts: [String: Int] = [:]
        for pain in pains {
            let themes = pain.tags ?? []
            for theme in themes.isEmpty ? [(pain.text ?? "").lowercased().trimmingCharacters(in: .whitespacesAndNewlines)] : themes.map({ "#" + $0 })
            where !theme.isEmpty {
                counts[theme, default: 0] += 1
            }
        }
        topPain = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        openActions = history.actions.filter { $0.doneAt == nil }
    }
}

/// The lines of a huddle's prompt: header, late notice, intro, the numbered questions, and how to take part.
public enum HuddlePrompt {
    /// The prompt of `occurrence` in the team's language; `opening` (what the team needs to know
    /// today, from `Opening.lines`) comes before the intro and the questions.
    public static func lines(team: TeamConfig, occurrence: HuddleOccurrence, late: Bool, prefix: String,
                             facts: PromptFacts = PromptFacts(), opening: [String] = []) -> [String] {
        let language = team.language
        let key = occurrence.key
        let questions = team.questions(forShift: key.shift)
        let minutes = Int((occurrence.closesAt.timeIntervalSince(occurrence.opensAt) / 60).rounded())
        var lines = [Phrase.promptHeader(team: team.name, shift: key.shift, day: key.day, minutes: minutes,
                                         questions: questions.count).text(language)]
        if late, let shift = team.shift(named: key.shift) {
            lines.append(Phrase.promptLate(scheduled: shift.start).text(language))
        }
        lines += opening
        if let intro = team.intro {
            lines.append(render(intro.text(language), team: team, key: key, facts: facts))
        }
        let checks = team.quickChecks(forShift: key.shift)
        lines += questions.enumerated().map { index, question in
            "\(index + 1). " + render(question.text(language), team: team, key: key, facts: facts) + (checks[index + 1].map { " " + $0.hint(language) } ?? "")
        }
        lines.append(Phrase.promptFooter(prefix: prefix).text(language))
        return lines
    }

    /// Fills the placeholders `{team}`, `{shift}`, `{date}`, `{top_pain}` and `{open_actions}`.
    public static func render(_ template: String, team: TeamConfig, key: HuddleKey, facts: PromptFacts = PromptFacts()) -> String {
        let language = team.language
        return template
            .replacingOccurrences(of: "{team}", with: team.name)
            .replacingOccurrences(of: "{shift}", with: key.shift)
            .replacingOccurrences(of: "{date}", with: DayNames.long(key.day, language))
            .replacingOccurrences(of: "{top_pain}", with: facts.topPain ?? Phrase.nothingYet.text(language))
            .replacingOccurrences(of: "{open_actions}", with: facts.openActions.isEmpty
                ? Phrase.noOpenActions.text(language)
                : facts.openActions.map { "\($0.number): \($0.text)\($0.owner.map { " (\($0))" } ?? "")" }.joined(separator: "; "))
    }

    /// Whether any text of the team's prompts uses last week's facts (so the runtime loads them).
    public static func needsFacts(_ team: TeamConfig, shift: String) -> Bool {
        let texts = ([team.intro].compactMap { $0 } + team.questions(forShift: shift)).flatMap { [$0.nl, $0.en] }
        return texts.contains { $0.contains("{top_pain}") || $0.contains("{open_actions}") }
    }
}
