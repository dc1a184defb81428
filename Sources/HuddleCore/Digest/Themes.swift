import Foundation

/// Groups customer observations into themes: their #tags, and words that recur across
/// observations (Snowball's stop words left out, Snowball's stemmer for the team's language,
/// compounds counted for their parts).
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

    /// Words left out of themes: Snowball's Dutch and English stop lists
    /// (`SnowballStopWords.swift`), and what every observation is about.
    static let stopWords: Set<String> = snowballDutch.union(snowballEnglish).union([
        "gast", "gasten", "klant", "klanten", "vandaag", "heel", "erg", "altijd", "weer",
        "customer", "customers", "guest", "guests", "today", "really", "also", "would",
    ])

    /// A word's stem by Snowball's stemmer for the language (`liften` and `lift` meet). A Dutch
    /// stem is stemmed once more: Snowball's Dutch stemmer takes `-en` from `parkeerplaatsen` and
    /// `-s` from `parkeerplaats`, so only the second pass makes them meet.
    public static func stem(_ word: String, language: Language = .nl) -> String {
        let stemmer = Stemmer.of(language)
        let once = stemmer.stem(word.lowercased())
        return language == .nl ? stemmer.stem(once) : once
    }

    /// A compound's part must be this long to be a theme of its own.
    static let minimumPart = 4

    /// The theme keys of one observation: its tags, else its stemmed content words.
    static func keys(of entry: JournalEntry, language: Language) -> [String] {
        keys(text: entry.text ?? "", tags: entry.tags ?? [], language: language)
    }

    /// The theme keys of an observation's text and tags.
    static func keys(text: String, tags: [String], language: Language) -> [String] {
        if !tags.isEmpty { return tags.map { "#" + $0 } }
        var seen: [String] = []
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= minimumPart {
            let text = String(word)
            guard !stopWords.contains(text) else { continue }
            let key = stem(text, language: language)
            if !seen.contains(key) { seen.append(key) }
        }
        return seen
    }

    /// Each observation's keys, with the keys its compounds contain: a word whose start or end is
    /// another observation's key (`ontbijtbuffet` when `ontbijt` is one) counts for that key too,
    /// as Dutch writes compounds as one word. Tags stay as they are.
    static func withCompounds(_ keys: [[String]]) -> [[String]] {
        let words = Set(keys.flatMap { $0 }.filter { !$0.hasPrefix("#") && $0.count >= minimumPart })
        guard words.count > 1 else { return keys }
        let parts = words.sorted()
        return keys.map { own in
            var all = own
            for key in own where !key.hasPrefix("#") {
                for part in parts where part != key && key.count >= part.count + 3 && (key.hasPrefix(part) || key.hasSuffix(part)) && !all.contains(part) {
                    all.append(part)
                }
            }
            return all
        }
    }

    /// The themes of this week's observations, with last week's counts for the trend. Tags are
    /// always themes; a word is a theme when it comes back in two observations or more.
    public static func build(_ observations: [JournalEntry], lastWeek previous: [JournalEntry], team: TeamConfig) -> [Theme] {
        var groups: [String: [JournalEntry]] = [:]
        let keyed = withCompounds(observations.map { keys(of: $0, language: team.language) })
        for (entry, keys) in zip(observations, keyed) { for key in keys { groups[key, default: []].append(entry) } }
        var before: [String: Int] = [:]
        for keys in withCompounds(previous.map { keys(of: $0, language: team.language) }) { for key in keys { before[key, default: 0] += 1 } }
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
