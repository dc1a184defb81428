extension Phrase {
    /// What the bot says about urgent reports.
    public enum Escalation: Sendable, Hashable {
        /// Said back to who raised it.
        case recorded(Int)
        /// What the leaders get (privately, in the leaders' channel or webhook, by e-mail).
        case alert(number: Int, team: String, from: String?, text: String, prefix: String)
        /// No leader could be reached now.
        case nobodyReached
        case seenRecorded(Int)
        /// Told to who raised it once a leader saw it.
        case seenBy(Int, by: String)
        case noSuch(Int)
        case alreadySeen(Int, by: String)
        case onlyLeaders
        /// The e-mail's subject.
        case mailSubject(number: Int, team: String)

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            switch self {
            case .recorded(let number):
                return nl ? "Genoteerd en meteen doorgezet naar de leiding (melding \(number))." : "Noted and passed on to the leaders at once (report \(number))."
            case let .alert(number, team, from, text, p):
                let who = from ?? (nl ? "anoniem" : "anonymous")
                return nl ? "🚨 Dringend — \(team), melding \(number) van \(who): \(text) · Gezien? Zeg \(p)gezien \(number)"
                    : "🚨 Urgent — \(team), report \(number) from \(who): \(text) · Seen? Say \(p)seen \(number)"
            case .nobodyReached:
                return nl ? "Let op: ik kon nu geen leidinggevende bereiken (niemand van hen online, geen leiderskanaal of e-mail ingesteld). Bel of zoek je leidinggevende."
                    : "Note: I could not reach a leader now (none of them online, no leaders' channel or e-mail set up). Call or find your manager."
            case .seenRecorded(let number):
                return nl ? "Genoteerd: melding \(number) gezien." : "Noted: report \(number) seen."
            case let .seenBy(number, by):
                return nl ? "Je dringende melding \(number) is gezien door \(by)." : "Your urgent report \(number) was seen by \(by)."
            case .noSuch(let number):
                return nl ? "Er is geen dringende melding \(number)." : "There is no urgent report \(number)."
            case let .alreadySeen(number, by):
                return nl ? "Melding \(number) was al gezien door \(by)." : "Report \(number) was already seen by \(by)."
            case .onlyLeaders:
                return nl ? "Alleen een teamleider kan een melding als gezien bevestigen. Een bijnaam alleen is niet genoeg: log in bij je account, of vraag de beheerder om een leiderscode."
                    : "Only a team leader can confirm a report as seen. A nick alone is not enough: log in to your account, or ask the admin for a leader code."
            case let .mailSubject(number, team):
                return nl ? "Dringend: melding \(number) van \(team)" : "Urgent: report \(number) from \(team)"
            }
        }
    }
}
