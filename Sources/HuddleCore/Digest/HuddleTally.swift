import Foundation

/// The counts in a huddle's closing summary, what came in while its window was open, and what
/// its recap repeats (`HuddleRecap`).
public struct HuddleTally: Sendable, Hashable {
    public var answers = 0
    public var people = 0
    public var kudos = 0
    public var observations = 0
    /// Each question's answers in order of time.
    public var answersByQuestion: [Int: [String]] = [:]
    /// The actions taken in the huddle (naming it, or while its window was open), by number.
    public var actions: [HuddleRecap.Action] = []

    /// Counts the entries of `occurrence`: its answers, and compliments, observations and actions
    /// made in the team while its window was open.
    public init(occurrence: HuddleOccurrence, entries: [JournalEntry]) {
        let ref = HuddleRef(shift: occurrence.key.shift, day: occurrence.key.day)
        var contributors: Set<String> = []
        var seen: Set<String> = []
        let ordered = JournalEntry.active(entries).sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        for entry in ordered where entry.team == occurrence.key.team && seen.insert(entry.id).inserted {
            switch entry.type {
            case .answer where entry.huddle == ref:
                answers += 1
                if let question = entry.question { answersByQuestion[question, default: []].append(entry.text ?? "") }
                if let author = entry.author { contributors.insert(author.identity) }
            case .kudos where occurrence.isOpen(at: entry.at):
                kudos += 1
            case .gain where occurrence.isOpen(at: entry.at), .pain where occurrence.isOpen(at: entry.at),
                 .observation where occurrence.isOpen(at: entry.at):
                observations += 1
            case .action where entry.huddle == ref || occurrence.isOpen(at: entry.at):
                actions.append(HuddleRecap.Action(number: entry.number ?? 0, text: entry.text ?? "", owner: entry.owner, due: entry.due))
            default:
                break
            }
        }
        people = contributors.count
        actions.sort { $0.number < $1.number }
    }
}
