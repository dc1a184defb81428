import Foundation

/// The counts in a huddle's closing summary: what came in while its window was open.
public struct HuddleTally: Sendable, Hashable {
    public var answers = 0
    public var people = 0
    public var kudos = 0
    public var observations = 0

    /// Counts the entries of `occurrence`: its answers, and compliments and observations made
    /// in the team while its window was open.
    public init(occurrence: HuddleOccurrence, entries: [JournalEntry]) {
        let ref = HuddleRef(shift: occurrence.key.shift, day: occurrence.key.day)
        var contributors: Set<String> = []
        var seen: Set<String> = []
        for entry in JournalEntry.active(entries) where entry.team == occurrence.key.team && seen.insert(entry.id).inserted {
            switch entry.type {
            case .answer where entry.huddle == ref:
                answers += 1
                if let author = entry.author { contributors.insert(author.identity) }
            case .kudos where occurrence.isOpen(at: entry.at):
                kudos += 1
            case .gain where occurrence.isOpen(at: entry.at), .pain where occurrence.isOpen(at: entry.at),
                 .observation where occurrence.isOpen(at: entry.at):
                observations += 1
            default:
                break
            }
        }
        people = contributors.count
    }
}
