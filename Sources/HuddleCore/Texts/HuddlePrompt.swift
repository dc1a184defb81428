import Foundation

/// The lines of a huddle's prompt: header, late notice, intro, the numbered questions, and how to take part.
public enum HuddlePrompt {
    /// The prompt of `occurrence` in the team's language.
    public static func lines(team: TeamConfig, occurrence: HuddleOccurrence, late: Bool, prefix: String) -> [String] {
        let language = team.language
        let key = occurrence.key
        let questions = team.questions(forShift: key.shift)
        let minutes = Int((occurrence.closesAt.timeIntervalSince(occurrence.opensAt) / 60).rounded())
        var lines = [Phrase.promptHeader(team: team.name, shift: key.shift, day: key.day, minutes: minutes,
                                         questions: questions.count).text(language)]
        if late, let shift = team.shift(named: key.shift) {
            lines.append(Phrase.promptLate(scheduled: shift.start).text(language))
        }
        if let intro = team.intro {
            lines.append(render(intro.text(language), team: team, key: key))
        }
        lines += questions.enumerated().map { index, question in
            "\(index + 1). " + render(question.text(language), team: team, key: key)
        }
        lines.append(Phrase.promptFooter(prefix: prefix).text(language))
        return lines
    }

    /// Fills the placeholders `{team}`, `{shift}` and `{date}`.
    public static func render(_ template: String, team: TeamConfig, key: HuddleKey) -> String {
        template
            .replacingOccurrences(of: "{team}", with: team.name)
            .replacingOccurrences(of: "{shift}", with: key.shift)
            .replacingOccurrences(of: "{date}", with: DayNames.long(key.day, team.language))
    }
}
