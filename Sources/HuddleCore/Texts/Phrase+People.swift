extension Phrase {
    /// What the bot says about who answers: nudges, absences and people's own settings.
    public enum People: Sendable, Hashable {
        /// `!stil` said back: nudges off (or on again).
        case quiet(Bool)
        /// `!taal` said back, in the language chosen (nil: the team's again).
        case languageSet(Language?)
        /// An absence recorded: for oneself (`who` nil) or a colleague.
        case absent(who: String?, until: CalendarDay)
        /// Back again.
        case back(who: String?)
        /// Only a leader records a colleague's absence.
        case onlyLeadersAbsence
        /// The private nudge to a regular who has not answered yet.
        case nudge(team: String, shift: String, minutes: Int, closesAt: LocalTime, channel: String?, prefix: String)
        /// `5 van 8 hebben geantwoord.`
        case answered(Int, of: Int)

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            switch self {
            case .quiet(true):
                return nl ? "Genoteerd: ik stuur je geen persoonlijke herinneringen meer om te antwoorden. Weer wel? Zeg !stil uit."
                    : "Noted: I will send you no more personal nudges to answer. Want them again? Say !quiet off."
            case .quiet(false):
                return nl ? "Genoteerd: je krijgt weer een persoonlijke herinnering als je nog niet hebt geantwoord."
                    : "Noted: you will get a personal nudge again when you have not answered yet."
            case .languageSet(let chosen):
                let shown = chosen ?? language
                guard chosen != nil else {
                    return shown == .nl ? "Genoteerd: ik spreek je weer aan in de taal van het team." : "Noted: I will speak to you in the team's language again."
                }
                return shown == .nl ? "Genoteerd: ik spreek je voortaan in het Nederlands aan." : "Noted: from now on I will speak to you in English."
            case let .absent(who, until):
                let day = DayNames.long(until, language)
                if let who {
                    return nl ? "Genoteerd: \(who) is afwezig tot en met \(day); tot dan telt \(who) niet mee en krijgt geen herinneringen."
                        : "Noted: \(who) is away until \(day) inclusive; until then \(who) does not count and gets no nudges."
                }
                return nl ? "Genoteerd: je bent afwezig tot en met \(day); tot dan tel je niet mee en krijg je geen herinneringen."
                    : "Noted: you are away until \(day) inclusive; until then you do not count and get no nudges."
            case .back(let who):
                if let who { return nl ? "Genoteerd: \(who) is er weer." : "Noted: \(who) is back." }
                return nl ? "Welkom terug! Genoteerd: je bent er weer." : "Welcome back! Noted: you are back."
            case .onlyLeadersAbsence:
                return nl ? "Alleen een teamleider kan een collega afwezig melden; jezelf kan altijd: !afwezig tot vrijdag."
                    : "Only a team leader can mark a colleague away; yourself you always can: !absent until friday."
            case let .nudge(team, shift, minutes, closesAt, channel, p):
                let whereTo = channel.map { nl ? " in \($0)" : " in \($0)" } ?? ""
                return nl ? "Huddle \(shift) van \(team) staat nog \(minutes) min open (tot \(closesAt)); we horen graag van je. Antwoord\(whereTo) met het nummer van de vraag en je antwoord. Liever geen herinneringen? \(p)stil"
                    : "Huddle \(shift) of \(team) is open for \(minutes) more min (until \(closesAt)); we would like to hear from you. Reply\(whereTo) with the question's number and your answer. No nudges? \(p)quiet"
            case let .answered(count, total):
                return nl ? "\(count) van \(total) \(count == 1 ? "heeft" : "hebben") geantwoord." : "\(count) of \(total) \(count == 1 ? "has" : "have") answered."
            }
        }
    }
}
