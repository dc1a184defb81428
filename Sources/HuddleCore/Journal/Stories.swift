import Foundation

/// The teams that share one story of the week: a team's first group, else the team alone.
public struct StoryCircle: Sendable, Hashable {
    /// The group's id, or the team's.
    public var id: String
    public var name: String
    /// The teams, in the config's order.
    public var teams: [String]
    /// The group, when the circle is one.
    public var group: GroupConfig?
}

extension HuddleConfig {
    /// The circle whose story of the week `team`'s huddles open with.
    public func storyCircle(of team: TeamConfig) -> StoryCircle {
        if let group = groups(of: team.id).first { return StoryCircle(id: group.id, name: group.name, teams: group.teams, group: group) }
        return StoryCircle(id: team.id, name: team.name, teams: [team.id], group: nil)
    }
}

/// A compliment or a customer gain of the week, as a candidate for the story of the week.
public struct StoryCandidate: Sendable, Hashable {
    /// Its number in the circle's week (in order of time; a withdrawn one keeps its number unused).
    public var number: Int
    /// The id of its journal entry, and the team whose journal holds it.
    public var id: String
    public var team: String
    public var type: EntryType
    /// Who wrote it (nil: anonymous), and for a compliment whom it is for.
    public var author: Author?
    public var to: [String]
    public var text: String
    public var at: Date
    /// The identities of who seconded it (`!plus`), in order.
    public var seconders: [String] = []
    /// The last leader's pick (`!verhaal`), if any.
    public var pickedAt: Date? = nil
    public var pickedBy: String? = nil
}

/// The story of the week: the compliments and gains of a circle's week, seconded by staff and
/// picked by a leader; the pick, else the most seconded, opens every huddle of the next week.
public enum StoryOfTheWeek {
    /// The types a story can be.
    public static let kinds: Set<EntryType> = [.kudos, .gain]

    /// The candidates in the entries of one week of a circle's teams, numbered in order of time,
    /// with their seconds and picks (withdrawn ones left out, their numbers not reused).
    public static func candidates(_ entries: [JournalEntry]) -> [StoryCandidate] {
        let sorted = entries.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        let withdrawn = Set(sorted.filter { $0.type == .withdrawn }.compactMap(\.ref))
        var candidates: [StoryCandidate] = []
        var position: [String: Int] = [:]
        var number = 0
        for entry in sorted where kinds.contains(entry.type) {
            number += 1
            guard !withdrawn.contains(entry.id) else { continue }
            position[entry.id] = candidates.count
            candidates.append(StoryCandidate(number: number, id: entry.id, team: entry.team, type: entry.type, author: entry.author,
                                             to: entry.to ?? [], text: entry.text ?? "", at: entry.at))
        }
        for entry in sorted where (entry.type == .seconded || entry.type == .story) && !withdrawn.contains(entry.id) {
            guard let ref = entry.ref, let index = position[ref], let who = entry.author?.identity else { continue }
            if entry.type == .seconded {
                if !candidates[index].seconders.contains(who) { candidates[index].seconders.append(who) }
            } else {
                candidates[index].pickedAt = entry.at
                candidates[index].pickedBy = entry.author?.nick
            }
        }
        return candidates
    }

    /// Which of these wins: the last one a leader picked, else the most seconded (at least once;
    /// the earliest among equals), else none.
    public static func winner<T>(_ items: [T], at: (T) -> Date, plus: (T) -> Int, pickedAt: (T) -> Date?) -> T? {
        if let picked = items.filter({ pickedAt($0) != nil }).max(by: { pickedAt($0)! < pickedAt($1)! }) { return picked }
        return items.filter { plus($0) > 0 }.min { (plus($1), at($0)) < (plus($0), at($1)) }
    }

    /// The winner among a week's candidates.
    public static func winner(_ candidates: [StoryCandidate]) -> StoryCandidate? {
        winner(candidates, at: \.at, plus: \.seconders.count, pickedAt: \.pickedAt)
    }
}

/// The candidates of the circle's current week around a team.
public struct StoryBoard: Sendable, Hashable {
    public var circle: StoryCircle
    public var candidates: [StoryCandidate]
    /// The names of the circle's teams, by id.
    public var teamNames: [String: String]

    /// Creates a board.
    public init(circle: StoryCircle, candidates: [StoryCandidate] = [], teamNames: [String: String] = [:]) {
        self.circle = circle
        self.candidates = candidates
        self.teamNames = teamNames
    }
}
