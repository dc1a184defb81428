import Foundation

/// Groups customer observations into themes: their #tags, and words that recur across
/// observations (Dutch and English stop words left out, simple stemming).
public enum Themes {
    /// A theme of the week.
    public struct Theme: Sendable, Hashable, Codable {
        /// `#tag` or a recurring word (stemmed).
        public var theme: String
        public var count: Int
        /// How many observations of this theme last week.
        public var lastWeek: Int
        /// `new`, `up`, `down` or `same` compared with last week.
        public var trend: String
        /// The shifts the observations came from (the shift that had started last when they were made).
        public var shifts: [String]
        public var firstSeen: Date
        public var lastSeen: Date
        /// Up to three observations, as written.
        public var examples: [String]

        enum CodingKeys: String, CodingKey {
            case theme, count, lastWeek = "last_week", trend, shifts, firstSeen = "first_seen", lastSeen = "last_seen", examples
        }

        /// The trend for a person: `nieuw`/`new`, `↑`, `↓` or `=`.
        public func trendLabel(_ language: Language) -> String {
            ["new": language == .nl ? "nieuw" : "new", "up": "↑", "down": "↓", "same": "="][trend] ?? trend
        }
    }

    static let stopWords: Set<String> = [
        // Dutch
        "aan", "als", "altijd", "andere", "bij", "daar", "dan", "dat", "de", "deze", "die", "dit", "doen", "door", "een", "en",
        "er", "geen", "het", "hier", "hij", "hoe", "hun", "ik", "in", "is", "je", "kan", "komen", "kunnen", "maar", "meer",
        "met", "mijn", "naar", "niet", "nog", "nu", "of", "om", "ook", "op", "over", "te", "tegen", "toch", "tot", "uit",
        "van", "veel", "voor", "want", "was", "wat", "we", "wel", "werd", "wie", "wij", "worden", "wordt", "zal", "ze",
        "zeer", "zich", "zij", "zijn", "zo", "zonder", "gasten", "gast", "klanten", "klant", "heel", "erg", "vandaag",
        // English
        "about", "after", "all", "also", "and", "are", "because", "been", "but", "can", "customer", "customers", "for", "from",
        "guest", "guests", "had", "has", "have", "her", "his", "into", "just", "like", "more", "not", "our", "really",
        "that", "the", "their", "them", "they", "this", "today", "too", "very", "was", "were", "what", "when", "which",
        "with", "would", "you",
    ]

    /// A word's simple stem: lower-case, plural and common Dutch/English endings removed.
    public static func stem(_ word: String) -> String {
        var stem = word.lowercased()
        for _ in 0..<2 {
            guard let suffix = ["ingen", "ing", "en", "es", "s", "e"].first(where: { stem.count - $0.count >= 4 && stem.hasSuffix($0) }) else { break }
            stem = String(stem.dropLast(suffix.count))
        }
        if stem.count >= 5, let last = stem.last, let before = stem.dropLast().last, last == before, !"aeiou".contains(last) {
            stem = String(stem.dropLast())
        }
        return stem
    }

    /// The theme keys of one observation: its tags, else its stemmed content words.
    static func keys(of entry: JournalEntry) -> [String] { keys(text: entry.text ?? "", tags: entry.tags ?? []) }

    /// The theme keys of an observation's text and tags.
    static func keys(text: String, tags: [String]) -> [String] {
        if !tags.isEmpty { return tags.map { "#" + $0 } }
        var seen: [String] = []
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 4 {
            let text = String(word)
            guard !stopWords.contains(text) else { continue }
            let key = stem(text)
            if !seen.contains(key) { seen.append(key) }
        }
        return seen
    }

    /// The themes of this week's observations, with last week's counts for the trend. Tags are
    /// always themes; a word is a theme when it comes back in two observations or more.
    public static func build(_ observations: [JournalEntry], lastWeek previous: [JournalEntry], team: TeamConfig) -> [Theme] {
        var groups: [String: [JournalEntry]] = [:]
        for entry in observations { for key in keys(of: entry) { groups[key, default: []].append(entry) } }
        var before: [String: Int] = [:]
        for entry in previous { for key in keys(of: entry) { before[key, default: 0] += 1 } }
        return groups.compactMap { key, entries -> Theme? in
            guard key.hasPrefix("#") || entries.count >= 2 else { return nil }
            let sorted = entries.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            let last = before[key] ?? 0
            let trend = last == 0 ? "new" : sorted.count > last ? "up" : sorted.count < last ? "down" : "same"
            let shifts = Set(sorted.compactMap { shift(of: $0, team: team) }).sorted()
            return Theme(theme: key, count: sorted.count, lastWeek: last, trend: trend, shifts: shifts,
                         firstSeen: sorted.first!.at, lastSeen: sorted.last!.at, examples: sorted.prefix(3).map { $0.text ?? "" })
        }.sorted { ($1.count, $0.theme) < ($0.count, $1.theme) }
    }

    /// The shift an entry came from: its huddle's, or the shift that had started last before it (within a day).
    static func shift(of entry: JournalEntry, team: TeamConfig) -> String? {
        if let huddle = entry.huddle { return huddle.shift }
        return team.occurrences(from: entry.at.addingTimeInterval(-24 * 3600), to: entry.at.addingTimeInterval(0.001)).last?.key.shift
    }
}
