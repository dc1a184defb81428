import Foundation

extension Phrase {
    /// What the bot says about the personal huddle form (`!formulier`) and what the form page says.
    public enum Form: Sendable, Hashable {
        /// Sent privately: the personal link, and until when it works.
        case link(String, until: String)
        case noOpenHuddle
        /// Asked for where the answer is seen by the whole channel.
        case onlyPrivately(prefix: String)
        /// Without `web.public_url` there are no links to pages.
        case noPages
        // The page.
        case title(team: String, shift: String)
        case questions
        case compliment
        case colleague
        case observation
        case gain
        case pain
        case send
        case nothingFilled
        case stored(Int)
        case alreadySent
        case closed
        case refused
        case yourAnswer

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            switch self {
            case let .link(url, until):
                return nl ? "Je persoonlijke huddleformulier (alleen voor jou, tot \(until)): \(url)"
                    : "Your personal huddle form (for you only, until \(until)): \(url)"
            case .noOpenHuddle:
                return nl ? "Er staat nu geen huddle open; het formulier is er zolang een huddle openstaat. Wat de bot nog meer kan: help."
                    : "No huddle is open now; the form is there while a huddle is open. What else the bot does: help."
            case .onlyPrivately(let p):
                return nl ? "Het formulier is persoonlijk: vraag het privé (op IRC in een privébericht, elders met /huddle formulier), niet in het kanaal."
                    : "The form is personal: ask for it privately (on IRC in a private message, elsewhere with /huddle form), not in the channel (\(p)form)."
            case .noPages:
                return nl ? "Deze bot heeft geen webadres voor formulieren (web.public_url); antwoord hier in de chat."
                    : "This bot has no web address for forms (web.public_url); answer here in the chat."
            case let .title(team, shift):
                return "Huddle \(shift) — \(team)"
            case .questions:
                return nl ? "Vragen" : "Questions"
            case .compliment:
                return nl ? "Compliment voor een collega" : "A compliment for a colleague"
            case .colleague:
                return nl ? "Collega" : "Colleague"
            case .observation:
                return nl ? "Wat zie je bij klanten?" : "What do you see with customers?"
            case .gain:
                return nl ? "Blij van" : "Happy about"
            case .pain:
                return nl ? "Wakker van" : "Worried about"
            case .send:
                return nl ? "Versturen" : "Send"
            case .nothingFilled:
                return nl ? "Je hebt niets ingevuld." : "You filled in nothing."
            case .stored(let count):
                return nl ? "Opgeslagen: \(count == 1 ? "1 bijdrage" : "\(count) bijdragen"). Dank je!" : "Stored: \(count == 1 ? "1 contribution" : "\(count) contributions"). Thank you!"
            case .alreadySent:
                return nl ? "Dit formulier is al verstuurd; er is niets dubbel opgeslagen." : "This form was sent already; nothing was stored twice."
            case .closed:
                return nl ? "Deze huddle is gesloten; vraag in de chat een nieuw formulier als er weer een openstaat."
                    : "This huddle is closed; ask in the chat for a new form when one is open again."
            case .refused:
                return nl ? "Deze link is niet (meer) geldig. Vraag in de chat een nieuwe met !formulier."
                    : "This link is not valid (any more). Ask in the chat for a new one with !form."
            case .yourAnswer:
                return nl ? "Je antwoord" : "Your answer"
            }
        }
    }
}
