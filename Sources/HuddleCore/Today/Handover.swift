import Foundation

/// What the previous shift hands to a huddle: answers to its handover questions, the customer
/// pains and the new actions of that shift.
public struct Handover: Sendable, Hashable {
    /// The shift that hands over, and its day.
    public var from: HuddleRef
    /// What it hands over, in the order said: answers first, then pains and actions.
    public var items: [Item]

    /// One thing handed over.
    public enum Item: Sendable, Hashable {
        case answer(question: Int, text: String)
        case pain(String)
        case action(number: Int, text: String, owner: String?)
    }

    /// The handover for the huddle `key` of `team` from the huddles in `history`: the latest huddle
    /// held within 8 days before it (a Friday's reaches Monday) whose shift hands over to this one
    /// (its `handover_to`, else the team's next huddle after it) and hands over at all (a question
    /// marked `handover: true`, or a `handover_to`); nil when nothing is handed over.
    public static func find(for key: HuddleKey, team: TeamConfig, history: TeamHistory) -> Handover? {
        guard let shift = team.shift(named: key.shift), let this = team.occurrence(of: shift, on: key.day) else { return nil }
        let active = JournalEntry.active(history.entries)
        var held: [HuddleOccurrence] = []
        for entry in active where entry.type == .huddleOpened {
            guard let ref = entry.huddle, let other = team.shift(named: ref.shift), let occurrence = team.occurrence(of: other, on: ref.day),
                  occurrence.opensAt < this.opensAt, this.opensAt.timeIntervalSince(occurrence.opensAt) <= 8 * 24 * 3600,
                  !held.contains(occurrence) else { continue }
            held.append(occurrence)
        }
        for previous in held.sorted(by: { $0.opensAt > $1.opensAt }) {
            // The shift lasts until the team's next huddle; it hands over to that one unless it names another.
            let following = team.occurrences(from: previous.opensAt.addingTimeInterval(1), to: this.opensAt.addingTimeInterval(1)).first { next in
                team.shift(named: next.key.shift).map { team.skipReason($0, on: next.key.day) == nil } ?? false
            }
            let giver = team.shift(named: previous.key.shift)
            guard (giver?.handoverTo ?? following?.key.shift) == key.shift else { continue }
            guard giver?.handoverTo != nil || team.hasHandoverQuestions(previous.key.shift) else { return nil }
            let shiftEnd = following?.opensAt ?? this.opensAt
            let ref = HuddleRef(shift: previous.key.shift, day: previous.key.day)
            let questions = team.handoverQuestions(forShift: ref.shift)
            var items: [Item] = []
            for entry in active where entry.huddle == ref && entry.type == .answer {
                if let question = entry.question, questions.contains(question), let text = entry.text { items.append(.answer(question: question, text: text)) }
            }
            for entry in active where previous.opensAt <= entry.at && entry.at < shiftEnd {
                switch entry.type {
                case .pain: if let text = entry.text { items.append(.pain(text)) }
                case .action: if let text = entry.text { items.append(.action(number: entry.number ?? 0, text: text, owner: entry.owner)) }
                default: break
                }
            }
            return items.isEmpty ? nil : Handover(from: ref, items: items)
        }
        return nil
    }
}

extension Handover.Item {
    /// The item as the opening and `!overdracht` show it.
    public func text(_ language: Language) -> String {
        switch self {
        case let .answer(_, text): return text
        case .pain(let text): return Phrase.Today.handoverPain(text).text(language)
        case let .action(number, text, owner): return Phrase.Today.handoverAction(number: number, text: text, owner: owner).text(language)
        }
    }
}
