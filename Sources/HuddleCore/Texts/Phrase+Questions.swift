import Foundation

extension Phrase {
    /// What the bot says about questions between teams (`!vraag`, `!antwoord #n`, `!sluitvraag`, `!vragen`).
    public enum Questions: Sendable, Hashable {
        /// Said back to who asked, once the question is on disk.
        case asked(Int, team: String)
        /// The question, in the channel of the team asked.
        case posted(number: Int, from: String, asker: String?, text: String, prefix: String)
        /// Said back to who answered.
        case answerSent(Int, team: String)
        /// The answer, to who asked (privately) and in the asking team's channel.
        case answered(number: Int, team: String, by: String?, question: String, answer: String)
        /// Said back to who closed it.
        case closeSent(Int, team: String)
        /// The closing and its reason, to who asked and in the asking team's channel.
        case closed(number: Int, team: String, by: String?, question: String, reason: String)
        /// Said again in the asked team's channel when a question waits too long.
        case reminder(number: Int, from: String, minutes: Int, text: String, prefix: String)
        /// The team may ask no other team.
        case noPeers
        /// The line names no team this one may ask.
        case whichTeam([String], prefix: String)
        case ownTeam
        case noSuch(Int, prefix: String)
        /// `!vragen`: the headings and lines.
        case receivedHeading
        case receivedItem(QuestionItem, from: String, minutes: Int)
        case askedHeading
        case askedItem(QuestionItem, to: String, minutes: Int)
        case noneOpen

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            func quoted(_ text: String) -> String { "“\(Opening.cut(text))”" }
            switch self {
            case let .asked(number, team):
                return nl ? "Vraag #\(number) gesteld aan \(team); hun antwoord komt hier en privé bij je."
                    : "Question #\(number) sent to \(team); their answer comes here and to you privately."
            case let .posted(number, from, asker, text, p):
                let who = asker.map { " (\($0))" } ?? ""
                return nl ? "❓ Vraag #\(number) van \(from)\(who): \(text) · Antwoord met \(p)antwoord #\(number) <tekst>"
                    : "❓ Question #\(number) from \(from)\(who): \(text) · Answer with \(p)answer #\(number) <text>"
            case let .answerSent(number, team):
                return nl ? "Antwoord op vraag #\(number) doorgegeven aan \(team)." : "Answer to question #\(number) passed on to \(team)."
            case let .answered(number, team, by, question, answer):
                let who = by.map { " (\($0))" } ?? ""
                return nl ? "💬 \(team)\(who) antwoordt op vraag #\(number) \(quoted(question)): \(answer)"
                    : "💬 \(team)\(who) answers question #\(number) \(quoted(question)): \(answer)"
            case let .closeSent(number, team):
                return nl ? "Vraag #\(number) gesloten; \(team) hoort waarom." : "Question #\(number) closed; \(team) is told why."
            case let .closed(number, team, by, question, reason):
                let who = by.map { " (\($0))" } ?? ""
                return nl ? "\(team)\(who) sloot vraag #\(number) \(quoted(question)) zonder antwoord: \(reason)"
                    : "\(team)\(who) closed question #\(number) \(quoted(question)) without an answer: \(reason)"
            case let .reminder(number, from, minutes, text, p):
                return nl ? "⏰ Vraag #\(number) van \(from) wacht al \(minutes) min: \(text) · \(p)antwoord #\(number) <tekst>, of \(p)sluitvraag #\(number) <reden>"
                    : "⏰ Question #\(number) from \(from) has waited \(minutes) min: \(text) · \(p)answer #\(number) <text>, or \(p)closequestion #\(number) <reason>"
            case .noPeers:
                return nl ? "Je team kan geen andere teams iets vragen. De beheerder zet dat aan met een groep of met ask.pairs in de config."
                    : "Your team cannot ask other teams. The admin allows it with a group or with ask.pairs in the config."
            case let .whichTeam(teams, p):
                let example = teams.first ?? "keuken"
                return nl ? "Aan welk team? Je kunt vragen aan: \(teams.joined(separator: ", ")). Bijvoorbeeld: \(p)vraag \(example) Is de soep glutenvrij?"
                    : "Which team? You can ask: \(teams.joined(separator: ", ")). For example: \(p)ask \(example) Is the soup gluten-free?"
            case .ownTeam:
                return nl ? "Dat is je eigen team; zeg het gewoon hier." : "That is your own team; just say it here."
            case let .noSuch(number, p):
                return nl ? "Er staat geen vraag #\(number) open voor dit team; \(p)vragen toont de open vragen."
                    : "There is no open question #\(number) for this team; \(p)questions shows the open ones."
            case .receivedHeading:
                return nl ? "Open vragen aan ons:" : "Open questions to us:"
            case let .receivedItem(item, from, minutes):
                let who = item.asker.map { "\($0.nick), " } ?? ""
                return "#\(item.number) " + (nl ? "van" : "from") + " \(from) (\(who)\(Self.age(minutes, language))): \(item.text)"
            case .askedHeading:
                return nl ? "Onze open vragen aan andere teams:" : "Our open questions to other teams:"
            case let .askedItem(item, to, minutes):
                return "#\(item.number) " + (nl ? "aan" : "to") + " \(to) (\(Self.age(minutes, language))): \(item.text)"
            case .noneOpen:
                return nl ? "Er staan geen vragen tussen teams open." : "No questions between teams are open."
            }
        }

        /// `12 min`, `3 u`, `2 d`: how long something has waited.
        static func age(_ minutes: Int, _ language: Language) -> String {
            if minutes < 120 { return "\(minutes) min" }
            if minutes < 48 * 60 { return language == .nl ? "\(minutes / 60) u" : "\(minutes / 60) h" }
            return "\(minutes / (24 * 60)) d"
        }
    }
}
