import Foundation

extension Phrase {
    /// What the bot says about the story of the week (`!verhalen`, `!plus`, `!verhaal`).
    public enum Stories: Sendable, Hashable {
        case heading(circle: String)
        /// One candidate: its number, team, who for whom, the text, seconds and whether picked.
        case item(StoryCandidate, team: String)
        case footer(prefix: String)
        case none
        case seconded(Int, count: Int)
        case alreadySeconded(Int)
        case ownStory
        case noSuch(Int, prefix: String)
        case picked(Int, circle: String)
        case onlyLeaders(circle: String)
        /// The line the next week's huddles open with.
        case opening(StoryCandidate, team: String)

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            switch self {
            case .heading(let circle):
                return nl ? "Kandidaten voor het verhaal van de week (\(circle)):" : "Candidates for the story of the week (\(circle)):"
            case let .item(candidate, team):
                let plus = candidate.seconders.isEmpty ? "" : " (\(candidate.seconders.count)× +)"
                let picked = candidate.pickedAt == nil ? "" : nl ? " ★ gekozen" : " ★ picked"
                return "\(candidate.number). \(team) — \(Self.who(candidate, language)): \(Opening.cut(candidate.text))\(plus)\(picked)"
            case .footer(let p):
                return nl ? "Steun er een met \(p)plus <nummer>; de leiding kiest met \(p)verhaal <nummer>. Het gekozen of meest gesteunde verhaal opent volgende week elke huddle."
                    : "Second one with \(p)plus <number>; the leaders pick with \(p)story <number>. The picked or most seconded story opens every huddle next week."
            case .none:
                return nl ? "Nog geen complimenten of blije klanten deze week; elk wordt kandidaat voor het verhaal van de week."
                    : "No compliments or happy customers this week yet; each one becomes a candidate for the story of the week."
            case let .seconded(number, count):
                return nl ? "Gesteund: verhaal \(number) (nu \(count)×)." : "Seconded: story \(number) (now \(count)×)."
            case .alreadySeconded(let number):
                return nl ? "Je steunde verhaal \(number) al." : "You already seconded story \(number)."
            case .ownStory:
                return nl ? "Je eigen compliment of observatie kun je niet steunen; steun dat van een collega."
                    : "You cannot second your own compliment or observation; second a colleague's."
            case let .noSuch(number, p):
                return nl ? "Er is geen verhaal \(number) deze week; \(p)verhalen toont ze." : "There is no story \(number) this week; \(p)stories shows them."
            case let .picked(number, circle):
                return nl ? "Gekozen: verhaal \(number) opent volgende week elke huddle van \(circle)." : "Picked: story \(number) opens every huddle of \(circle) next week."
            case .onlyLeaders(let circle):
                return nl ? "Alleen de leiding van \(circle) kiest het verhaal van de week (met een account of host mask, niet een bijnaam alleen). Steun het met !plus."
                    : "Only the leaders of \(circle) pick the story of the week (by account or host mask, not a nick alone). Second it with !plus."
            case let .opening(candidate, team):
                return (nl ? "⭐ Verhaal van de week (\(team)) — " : "⭐ Story of the week (\(team)) — ") + "\(Self.who(candidate, language)): \(Opening.cut(candidate.text, to: 140))"
            }
        }

        /// `anna → bob` for a compliment, `blij (anna)` for a gain.
        static func who(_ candidate: StoryCandidate, _ language: Language) -> String {
            let author = candidate.author?.nick ?? (language == .nl ? "anoniem" : "anonymous")
            if candidate.type == .kudos { return "\(author) → \(candidate.to.joined(separator: ", "))" }
            return (language == .nl ? "blije klant" : "happy customer") + " (\(author))"
        }
    }
}
