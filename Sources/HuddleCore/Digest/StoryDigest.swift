import Foundation

extension WeeklyDigest {
    /// A compliment or happy customer of the week that staff seconded (`!plus`) or a leader picked
    /// (`!verhaal`) for the story of the week.
    public struct SecondedStory: Sendable, Hashable, Codable {
        public var id: String
        /// `kudos` or `gain`.
        public var type: String
        /// Who wrote it; empty when anonymous.
        public var from: String
        public var to: [String]
        public var text: String
        public var at: Date
        public var seconds: Int
        public var pickedAt: Date?
        public var pickedBy: String?

        enum CodingKeys: String, CodingKey { case id, type, from, to, text, at, seconds, pickedAt = "picked_at", pickedBy = "picked_by" }
    }
}

extension DigestBuilder {
    /// The week's compliments and gains that were seconded or picked, in order of time; nil when none was.
    static func stories(_ entries: [JournalEntry]) -> [WeeklyDigest.SecondedStory]? {
        let chosen = StoryOfTheWeek.candidates(entries).filter { !$0.seconders.isEmpty || $0.pickedAt != nil }
        guard !chosen.isEmpty else { return nil }
        return chosen.map { .init(id: $0.id, type: $0.type.rawValue, from: $0.author?.identity ?? "", to: $0.to, text: $0.text, at: $0.at,
                                  seconds: $0.seconders.count, pickedAt: $0.pickedAt, pickedBy: $0.pickedBy) }
    }
}

extension GroupDigest {
    /// The story of the week: the team it is from and the story as the team's digest has it.
    public struct Story: Sendable, Hashable, Codable {
        public var team: String
        public var story: WeeklyDigest.SecondedStory
    }

    /// The story of the week of the teams' digests: the last one a leader picked, else the most seconded.
    static func story(_ digests: [WeeklyDigest]) -> Story? {
        let all = digests.flatMap { digest in (digest.stories ?? []).map { Story(team: digest.team, story: $0) } }
        return StoryOfTheWeek.winner(all, at: \.story.at, plus: \.story.seconds, pickedAt: \.story.pickedAt)
    }

    /// The story's line in the group digest's views.
    static func storyLine(_ story: Story, team: String, language: Language, user: (String) -> String) -> String {
        let nl = language == .nl
        let item = story.story
        let who = item.type == EntryType.kudos.rawValue ? "\(user(item.from.isEmpty ? "?" : item.from)) → \(item.to.map(user).joined(separator: ", "))"
            : (nl ? "blije klant" : "happy customer") + (item.from.isEmpty ? "" : " (\(user(item.from)))")
        let how = item.pickedBy.map { nl ? "gekozen door \(user($0))" : "picked by \(user($0))" }
            ?? (nl ? "\(item.seconds)× gesteund" : "seconded \(item.seconds)×")
        return "\(team) — \(who): \(user(item.text)) (\(how))"
    }
}
