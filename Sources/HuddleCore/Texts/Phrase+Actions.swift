extension Phrase {
    /// What the bot says about actions and their due dates.
    public enum Actions: Sendable, Hashable {
        /// `Genoteerd: actie 3 voor bob, tot vrijdag 11 december.`
        case recorded(number: Int, owner: String?, due: CalendarDay?)
        /// A due date that names no day from today on; nothing was stored.
        case badDueDate(String)
        /// `3: Koffiemachine (4 dagen, bob, tot vrijdag 11 december)`, as `!acties` lists it.
        case open(number: Int, text: String, owner: String?, days: Int, due: CalendarDay?, today: CalendarDay)
        /// `3 Koffiemachine (bob, vandaag)`: one action in a line of the opening or the summary's recap.
        case item(number: Int, text: String, owner: String?, due: CalendarDay?, today: CalendarDay)
        /// `Acties: …`: a line of actions (the opening's due today and overdue, the recap's new ones).
        case dueLine(String)
        /// The header of the due actions in `!vandaag`.
        case dueHeader(Int)
        /// The owner's private reminder on the due day.
        case reminder(number: Int, text: String, prefix: String)

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            switch self {
            case let .recorded(number, owner, due):
                let who = owner.map { nl ? " voor \($0)" : " for \($0)" } ?? ""
                let when = due.map { nl ? ", tot \(DayNames.long($0, .nl))" : ", by \(DayNames.long($0, .en))" } ?? ""
                return nl ? "Genoteerd: actie \(number)\(who)\(when)." : "Noted: action \(number)\(who)\(when)."
            case .badDueDate(let said):
                return nl ? "\"\(said)\" is geen dag vanaf vandaag. Zeg bijvoorbeeld tot vrijdag, tot 12-12, vandaag of morgen. Er is niets opgeslagen."
                    : "\"\(said)\" is no day from today on. Say for example by friday, by 12-12, today or tomorrow. Nothing was stored."
            case let .open(number, text, owner, days, due, today):
                var parts = [nl ? (days == 1 ? "1 dag" : "\(days) dagen") : (days == 1 ? "1 day" : "\(days) days")]
                if let owner { parts.append(owner) }
                if let due { parts.append(Self.when(due, today: today, language)) }
                return "\(number): \(text) (\(parts.joined(separator: ", ")))"
            case let .item(number, text, owner, due, today):
                let parts = [owner, due.map { Self.when($0, today: today, language) }].compactMap { $0 }
                return "\(number) \(text)" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
            case .dueLine(let items):
                return (nl ? "Acties: " : "Actions: ") + items
            case .dueHeader(let count):
                return nl ? "Acties voor vandaag en te laat (\(count)):" : "Actions due today and overdue (\(count)):"
            case let .reminder(number, text, p):
                return nl ? "Herinnering: actie \(number) staat voor vandaag: \(text). Klaar? Zeg \(p)klaar \(number)."
                    : "Reminder: action \(number) is due today: \(text). Done? Say \(p)done \(number)."
            }
        }

        /// `vandaag`, `2 dagen te laat`.
        static func overdue(_ days: Int, _ language: Language) -> String {
            let nl = language == .nl
            switch days {
            case 0: return nl ? "vandaag" : "today"
            case 1: return nl ? "1 dag te laat" : "1 day overdue"
            default: return nl ? "\(days) dagen te laat" : "\(days) days overdue"
            }
        }

        /// `tot vrijdag 11 december`, `morgen`, or how late it is.
        static func when(_ due: CalendarDay, today: CalendarDay, _ language: Language) -> String {
            let nl = language == .nl
            if due <= today { return overdue(today.ordinal - due.ordinal, language) }
            if due == today.adding(days: 1) { return nl ? "morgen" : "tomorrow" }
            return nl ? "tot \(DayNames.long(due, .nl))" : "by \(DayNames.long(due, .en))"
        }
    }
}
