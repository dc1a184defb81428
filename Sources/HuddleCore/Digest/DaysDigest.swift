import Foundation

extension WeeklyDigest {
    /// The week's days beside what customers said, the counters and their incidents, and the handovers given.
    public struct Days: Sendable, Hashable, Codable {
        public var days: [Day]
        public var counters: [CounterWeek]
        /// Huddles that opened with the previous shift's handover.
        public var handovers: Int

        /// One day: the facts its prompts showed (the most any of its huddles showed), and its observations.
        public struct Day: Sendable, Hashable, Codable {
            public var day: CalendarDay
            public var facts: [String: Int]
            public var gains: Int
            public var pains: Int
        }

        /// A counter over the week: its days at the end of each day (the run chart), its record and incidents.
        public struct CounterWeek: Sendable, Hashable, Codable {
            public var id: String
            public var label: String
            public var run: [Int]
            public var record: Int
            public var incidents: [Incident]
        }

        /// An incident: when, by whom and what.
        public struct Incident: Sendable, Hashable, Codable {
            public var at: Date
            public var by: String?
            public var text: String
        }

        /// The section of `week` from its entries (active, sorted) and the team's history; nil when
        /// the team has no facts, counters or handovers that week.
        static func build(team: TeamConfig, week: ISOWeek, entries: [JournalEntry], history: TeamHistory?, firstDay: CalendarDay?) -> Days? {
            var days: [CalendarDay: Day] = [:]
            func row(_ day: CalendarDay) -> Day { days[day] ?? Day(day: day, facts: [:], gains: 0, pains: 0) }
            var handovers = 0
            for entry in entries {
                switch entry.type {
                case .huddleOpened:
                    guard let ref = entry.huddle, var facts = entry.facts else { continue }
                    if facts.removeValue(forKey: "handover") != nil { handovers += 1 }
                    var day = row(ref.day)
                    day.facts.merge(facts) { max($0, $1) }
                    days[ref.day] = day
                case .gain, .pain:
                    let local = entry.huddle?.day ?? CalendarDay(entry.at, in: team.timeZone)
                    var day = row(local)
                    if entry.type == .gain { day.gains += 1 } else { day.pains += 1 }
                    days[local] = day
                default:
                    continue
                }
            }
            let withFacts = days.values.contains { !$0.facts.isEmpty }
            let all = JournalEntry.active((history?.entries ?? []) + entries.filter { $0.type == .incident })
            var seen: Set<String> = []
            let incidents = all.filter { $0.type == .incident && seen.insert($0.id).inserted }.sorted { $0.at < $1.at }
            let firstDay = firstDay ?? history?.firstDay(in: team.timeZone)
            let counters = team.counters.map { counter -> CounterWeek in
                let times = incidents.filter { $0.counter == counter.id }.map(\.at)
                let statuses = week.days.map { CounterStatus(counter: counter, incidents: times, day: $0, timeZone: team.timeZone, firstDay: firstDay) }
                return CounterWeek(id: counter.id, label: counter.label.text(team.language), run: statuses.map(\.days),
                                   record: statuses.last?.record ?? 0,
                                   incidents: incidents.filter { $0.counter == counter.id && week.days.contains(CalendarDay($0.at, in: team.timeZone)) }
                                       .map { Incident(at: $0.at, by: $0.author?.identity, text: $0.text ?? "") })
            }
            guard withFacts || !counters.isEmpty || handovers > 0 else { return nil }
            return Days(days: withFacts ? days.values.sorted { $0.day < $1.day } : [], counters: counters, handovers: handovers)
        }
    }
}

extension DigestHTML {
    /// The day's facts beside the observations, each counter's run chart with its record and
    /// incidents, and the handovers given.
    static func daysSections(_ days: WeeklyDigest.Days, language: Language, timeZone: TimeZone,
                             barChart: ([(String, [Double])], [String], [String]) -> String) -> [String] {
        let nl = language == .nl
        var sections: [String] = []
        if !days.days.isEmpty {
            let rows = days.days.map { day -> String in
                let facts = day.facts.sorted { $0.key < $1.key }
                    .map { "\($0.value) \(Phrase.factLabel(FactName($0.key), count: $0.value, language))" }.joined(separator: ", ")
                return "<tr><td>\(escape(DayNames.short(day.day.weekday, language))) \(day.day.day)-\(day.day.month)</td><td>\(escape(facts))</td>"
                    + "<td style=\"text-align:right\">\(day.gains)</td><td style=\"text-align:right\">\(day.pains)</td></tr>"
            }
            sections.append(section(nl ? "De dagen naast wat klanten zeiden" : "The days beside what customers said",
                                    "<table><tr><th>\(nl ? "dag" : "day")</th><th>\(nl ? "feiten" : "facts")</th><th>\(nl ? "blij" : "gains")</th><th>\(nl ? "zorg" : "pains")</th></tr>"
                                        + rows.joined() + "</table>"))
        }
        for counter in days.counters {
            let week = counter.run.enumerated().map { (DayNames.short(Weekday(rawValue: $0.offset + 1)!, language), [Double($0.element)]) }
            let incidents = counter.incidents.map { "<li>\(CalendarDay($0.at, in: timeZone)) \(LocalClock.time($0.at, in: timeZone)) \(user($0.text))\($0.by.map { " — \(user($0))" } ?? "")</li>" }
            sections.append(section("\(counter.label) (record: \(counter.record))",
                                    barChart(week, ["#00838f"], [counter.label]) + (incidents.isEmpty ? "" : "<ul>\(incidents.joined())</ul>")))
        }
        if days.handovers > 0 {
            sections.append("<p>\(escape(nl ? "\(days.handovers) huddles openden met de overdracht van de vorige dienst." : "\(days.handovers) huddles opened with the previous shift's handover."))</p>")
        }
        return sections
    }
}
