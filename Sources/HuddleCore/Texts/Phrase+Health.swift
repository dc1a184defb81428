import Foundation

extension Phrase {
    /// What the digests say about the huddle's own health and its actions' follow-up.
    public enum Health: Sendable, Hashable {
        /// `Op tijd: 4 van 5 huddles (80%) · 3,5 antwoorden per huddle · laatste antwoord na 12 min (mediaan)`
        case huddles(WeeklyDigest.Health)
        /// `6 collega's antwoordden; 5 van de 7 vaste collega's`
        case people(WeeklyDigest.Health)
        /// `Acties: 3 nieuw, 2 klaar (mediaan 2,5 dagen tot klaar), 1 te laat`
        case actions(WeeklyDigest.ActionFlow)
        /// `4: Koffiemachine (bob) — 3 dagen te laat (tot 1-12)`
        case overdue(WeeklyDigest.Overdue)
        /// `Dringende meldingen: 2, 1 gezien (mediaan 4 min tot gezien)`
        case escalations(WeeklyDigest.Escalations)
        /// `3: Lekkage in de kelder (anna) — gezien door monique na 4 min`
        case escalation(WeeklyDigest.Escalations.Item)
        /// `Hoe druk voelt deze dienst? (ochtend): 2 ×2, 3 ×1, 5 ×2 · gemiddeld 3,4 (vorige week 2,8)`
        case quickCheck(WeeklyDigest.QuickCheckWeek, question: String)
        /// The heading of the quick checks' section.
        case quickChecksTitle
        /// `2 dringend`: a team's line in the group digest.
        case urgentCount(Int)
        /// The heading of the health section.
        case title
        /// `op tijd 80%`: a team's line in the group digest.
        case onTime(Int)

        /// The text in a language.
        public func text(_ language: Language) -> String {
            let nl = language == .nl
            switch self {
            case .huddles(let health):
                var parts = [nl ? "Op tijd: \(health.onTime) van \(health.scheduled) huddles" : "On time: \(health.onTime) of \(health.scheduled) huddles"]
                if let percent = health.onTimePercent { parts[0] += " (\(percent)%)" }
                if let answers = health.answersPerHuddle {
                    parts.append(nl ? "\(Self.decimal(answers, language)) antwoorden per huddle" : "\(Self.decimal(answers, language)) answers per huddle")
                }
                if let minutes = health.medianMinutesToLastAnswer {
                    parts.append(nl ? "laatste antwoord na \(Self.decimal(minutes, language)) min (mediaan)" : "last answer after \(Self.decimal(minutes, language)) min (median)")
                }
                return parts.joined(separator: " · ")
            case .people(let health):
                let who = nl ? Phrase.count(health.contributors, "collega antwoordde", "collega's antwoordden")
                    : Phrase.count(health.contributors, "colleague answered", "colleagues answered")
                let viaForm = health.answersByChannel?["form"] ?? 0, viaDialog = health.answersByChannel?["dialog"] ?? 0
                let ways = [(viaForm, nl ? "via het formulier" : "through the form"), (viaDialog, nl ? "via de dialoog van het platform" : "through the platform's dialog")]
                    .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
                let form = ways.isEmpty ? "" : (nl ? "; antwoorden " : "; answers ") + ways.joined(separator: nl ? " en " : " and ")
                return nl ? "\(who); \(health.regularsHeard) van de \(health.regulars) vaste\(form)"
                    : "\(who); \(health.regularsHeard) of the \(health.regulars) regulars\(form)"
            case .actions(let flow):
                var text = nl ? "Acties: \(flow.opened) nieuw, \(flow.closed) klaar" : "Actions: \(flow.opened) new, \(flow.closed) done"
                if let median = flow.medianDaysToClose {
                    text += nl ? " (mediaan \(Self.decimal(median, language)) \(median == 1 ? "dag" : "dagen") tot klaar)"
                        : " (median \(Self.decimal(median, language)) \(median == 1 ? "day" : "days") to done)"
                }
                if !flow.overdue.isEmpty { text += nl ? ", \(flow.overdue.count) te laat" : ", \(flow.overdue.count) overdue" }
                return text
            case .overdue(let item):
                let late = Phrase.Actions.overdue(item.daysOverdue, language)
                return "\(item.number): \(item.text)\(item.owner.map { " (\($0))" } ?? "") — \(late) (\(nl ? "tot" : "due") \(DayNames.long(item.due, language)))"
            case .escalations(let escalations):
                let seen = escalations.items.filter { $0.seenAt != nil }.count
                var text = nl ? "Dringende meldingen: \(escalations.items.count), \(seen) gezien" : "Urgent reports: \(escalations.items.count), \(seen) seen"
                if let minutes = escalations.medianMinutesToSeen {
                    text += nl ? " (mediaan \(Self.decimal(minutes, language)) min tot gezien)" : " (median \(Self.decimal(minutes, language)) min to seen)"
                }
                return text
            case .escalation(let item):
                let who = item.from.isEmpty ? (nl ? "anoniem" : "anonymous") : item.from
                guard let seenAt = item.seenAt else { return "\(item.number): \(item.text) (\(who)) — \(nl ? "nog niet gezien" : "not seen yet")" }
                let minutes = Self.decimal(max(0, seenAt.timeIntervalSince(item.at) / 60), language)
                return "\(item.number): \(item.text) (\(who)) — " + (nl ? "gezien door \(item.seenBy ?? "?") na \(minutes) min" : "seen by \(item.seenBy ?? "?") after \(minutes) min")
            case let .quickCheck(week, question):
                func spread(_ counts: [String: Int]) -> String {
                    let shown = week.kind.values.filter { counts[$0] != nil }.map { "\(week.kind.label($0, language)) ×\(counts[$0]!)" }
                    return shown.isEmpty ? (nl ? "geen antwoorden" : "no answers") : shown.joined(separator: ", ")
                }
                var text = "\(question) (\(week.shift)): \(spread(week.counts))"
                if let average = week.average { text += nl ? " · gemiddeld \(Self.decimal(average, language))" : " · average \(Self.decimal(average, language))" }
                if let last = week.lastWeekAverage {
                    text += nl ? " (vorige week \(Self.decimal(last, language)))" : " (last week \(Self.decimal(last, language)))"
                } else if week.kind == .traffic, !week.lastWeek.isEmpty {
                    text += nl ? " (vorige week \(spread(week.lastWeek)))" : " (last week \(spread(week.lastWeek)))"
                }
                return text
            case .quickChecksTitle:
                return nl ? "Snelle peilingen" : "Quick checks"
            case .urgentCount(let count):
                return nl ? "\(count) dringend" : "\(count) urgent"
            case .title:
                return nl ? "Hoe gezond is de huddle" : "How healthy the huddle is"
            case .onTime(let percent):
                return nl ? "op tijd \(percent)%" : "on time \(percent)%"
            }
        }

        /// `3,5` in Dutch, `3.5` in English; whole numbers without decimals.
        static func decimal(_ value: Double, _ language: Language) -> String {
            let rounded = (value * 10).rounded() / 10
            let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
            return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
        }
    }
}
