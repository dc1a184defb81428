import Foundation

/// What a huddle's closing summary recaps: each question's answers in one line, without names
/// (`1: groep Philips 14:00; familie de Vries, rolstoel`), and the actions taken, with owners and
/// due dates — within the same budget of lines as the prompt's opening. The digest page shows
/// the same per huddle.
public enum HuddleRecap {
    /// An action as a line shows it: one taken in the huddle, or one due (`Opening.actionLine`).
    public struct Action: Sendable, Hashable {
        public var number: Int
        public var text: String
        public var owner: String?
        public var due: CalendarDay?

        /// Creates an action line's parts.
        public init(number: Int, text: String, owner: String?, due: CalendarDay?) {
            self.number = number
            self.text = text
            self.owner = owner
            self.due = due
        }
    }

    /// At most `budget` lines: the questions answered in order, the actions last (kept when the
    /// questions do not all fit).
    public static func lines(answers: [Int: [String]], actions: [Action], budget: Int, language: Language, today: CalendarDay) -> [String] {
        guard budget > 0 else { return [] }
        let actionLine = actions.isEmpty ? [] : [Opening.actionLine(actions, today: today, language: language)]
        let questions = answers.keys.sorted().compactMap { question -> String? in
            guard let texts = answers[question], !texts.isEmpty else { return nil }
            let prefix = "\(question): "
            return prefix + Opening.fit(texts.map { Opening.cut($0) }, separator: "; ", language: language, width: Opening.lineWidth - prefix.count)
        }
        return Array(questions.prefix(budget - actionLine.count)) + actionLine.prefix(budget)
    }
}
