import Foundation

extension Phrase {
    /// What the bot says about the day: its facts, the handover, counters and the topic.
    public enum Today: Sendable, Hashable {
        /// `Vandaag: 42 aankomsten (2 VIP), bezetting 91%`, with the time of old data.
        case facts([String], from: String?)
        /// `Allergieën: noten ×2, gluten`
        case list(label: String, items: [String])
        /// `+3 meer`
        case more(Int)
        /// `hele dag: kerstmarkt`
        case allDay(String)
        /// `Overdracht van nacht: …`
        case handover(shift: String, items: [String])
        case handoverPain(String)
        case handoverAction(number: Int, text: String, owner: String?)
        /// `12 dagen zonder val`, or its milestone.
        case counter(days: Int, label: String, milestone: CounterStatus.Milestone?)
        case topic(String)
        /// What a prompt leaves out is there with `!vandaag`.
        case moreWith(prefix: String)
        case nothingKnown
        case noHandover
        case handoverHeader(shift: String, day: CalendarDay)
        case sourceProblem(name: String, problem: String, from: String?)
        case incidentRecorded(label: String, was: Int)
        case noSuchCounter(String, known: [String])
        case noCounters

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            switch self {
            case let .facts(items, from):
                let age = from.map { nl ? " (gegevens van \($0))" : " (data from \($0))" } ?? ""
                return (nl ? "Vandaag: " : "Today: ") + items.joined(separator: ", ") + age
            case let .list(label, items):
                return "\(label.prefix(1).uppercased() + label.dropFirst()): \(items.joined(separator: ", "))"
            case .more(let count):
                return nl ? "+\(count) meer" : "+\(count) more"
            case .allDay(let title):
                return nl ? "hele dag: \(title)" : "all day: \(title)"
            case let .handover(shift, items):
                return (nl ? "Overdracht van \(shift): " : "Handover from \(shift): ") + items.joined(separator: "; ")
            case .handoverPain(let text):
                return nl ? "zorg: \(text)" : "worry: \(text)"
            case let .handoverAction(number, text, owner):
                let who = owner.map { " (\($0))" } ?? ""
                return nl ? "actie \(number)\(who): \(text)" : "action \(number)\(who): \(text)"
            case let .counter(days, label, milestone):
                switch milestone {
                case nil: return "\(days) \(label)"
                case .days?: return nl ? "🎉 \(days) \(label)!" : "🎉 \(days) \(label)!"
                case .record(let previous)?:
                    return nl ? "🎉 \(days) \(label): een record (was \(previous))!" : "🎉 \(days) \(label): a record (was \(previous))!"
                }
            case .topic(let text):
                return nl ? "Thema van de dag: \(text)" : "Topic of the day: \(text)"
            case .moreWith(let prefix):
                return nl ? "(meer: \(prefix)vandaag)" : "(more: \(prefix)today)"
            case .nothingKnown:
                return nl ? "Voor vandaag is nog niets bekend: geen bronnen, overdracht, acties, tellers of thema." : "Nothing is known for today yet: no sources, handover, actions, counters or topic."
            case .noHandover:
                return nl ? "Er is geen overdracht voor de volgende huddle." : "There is no handover for the next huddle."
            case let .handoverHeader(shift, day):
                return nl ? "Overdracht van \(shift) (\(DayNames.long(day, language))):" : "Handover from \(shift) (\(DayNames.long(day, language))):"
            case let .sourceProblem(name, problem, from):
                let age = from.map { nl ? "; in gebruik: gegevens van \($0)" : "; in use: data from \($0)" } ?? (nl ? "; geen gegevens" : "; no data")
                return nl ? "Bron \(name): \(problem)\(age)" : "Source \(name): \(problem)\(age)"
            case let .incidentRecorded(label, was):
                let days = nl ? (was == 1 ? "1 dag" : "\(was) dagen") : (was == 1 ? "1 day" : "\(was) days")
                return nl ? "Genoteerd. De teller \"\(label)\" staat weer op 0 (was \(days)). Sterkte, en dank voor het melden."
                    : "Noted. The counter \"\(label)\" is back to 0 (was \(days)). Thank you for reporting it."
            case let .noSuchCounter(name, known):
                return nl ? "Er is geen teller \"\(name)\". Tellers van dit team: \(known.joined(separator: ", "))."
                    : "There is no counter \"\(name)\". This team's counters: \(known.joined(separator: ", "))."
            case .noCounters:
                return nl ? "Dit team heeft geen tellers (counters: in de configuratie)." : "This team has no counters (counters: in the configuration)."
            }
        }
    }

    /// The words for a fact: its own label, or the catalogue's for a known name, else the name itself.
    public static func factLabel(_ name: FactName, count: Int, _ language: Language) -> String {
        if let label = name.label { return label.text(language) }
        let nl = language == .nl
        let one = count == 1
        switch name.id {
        case "arrivals": return nl ? (one ? "aankomst" : "aankomsten") : (one ? "arrival" : "arrivals")
        case "departures": return nl ? (one ? "vertrek" : "vertrekken") : (one ? "departure" : "departures")
        case "in_house": return nl ? (one ? "gast in huis" : "gasten in huis") : (one ? "guest in house" : "guests in house")
        case "covers": return nl ? (one ? "couvert" : "couverts") : (one ? "cover" : "covers")
        case "reservations": return nl ? (one ? "reservering" : "reserveringen") : (one ? "reservation" : "reservations")
        case "groups": return nl ? (one ? "groep" : "groepen") : (one ? "group" : "groups")
        case "vip": return one || nl ? "VIP" : "VIPs"
        case "late_checkout": return nl ? (one ? "late check-out" : "late check-outs") : (one ? "late check-out" : "late check-outs")
        case "early_checkin": return nl ? (one ? "vroege check-in" : "vroege check-ins") : (one ? "early check-in" : "early check-ins")
        case "wheelchair": return nl ? (one ? "rolstoel" : "rolstoelen") : (one ? "wheelchair" : "wheelchairs")
        case "admissions": return nl ? (one ? "opname" : "opnames") : (one ? "admission" : "admissions")
        case "discharges": return nl ? (one ? "ontslag" : "ontslagen") : (one ? "discharge" : "discharges")
        case "residents": return nl ? (one ? "bewoner" : "bewoners") : (one ? "resident" : "residents")
        case "deliveries": return nl ? (one ? "levering" : "leveringen") : (one ? "delivery" : "deliveries")
        case "rooms": return nl ? (one ? "kamer" : "kamers") : (one ? "room" : "rooms")
        case "occupancy": return nl ? "bezetting" : "occupancy"
        case "allergies": return nl ? "allergieën" : "allergies"
        case "diets": return nl ? "diëten" : "diets"
        case "events": return nl ? (one ? "afspraak" : "afspraken") : (one ? "event" : "events")
        default: return name.id.replacingOccurrences(of: "_", with: " ")
        }
    }
}
