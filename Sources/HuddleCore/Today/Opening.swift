import Foundation

/// Everything a huddle can open with before its questions.
public struct OpeningParts: Sendable, Hashable {
    /// The day's facts from the team's and its groups' sources.
    public var facts: DayFacts
    /// When the facts were last read good, if that was not for this huddle (shown as their age).
    public var factsFrom: Date?
    public var handover: Handover?
    /// The team's open actions due on the huddle's day or before, the longest overdue first.
    public var actionsDue: [ActionItem] = []
    public var counters: [Counter]
    /// The topic of the day, in the team's language.
    public var topic: String?
    /// Last week's story of the week of the team's group (or the team).
    public var story: Story?

    /// A story of the week and the name of the team it is from.
    public struct Story: Sendable, Hashable {
        public var candidate: StoryCandidate
        public var team: String

        /// Creates a story line.
        public init(candidate: StoryCandidate, team: String) {
            self.candidate = candidate
            self.team = team
        }
    }
    /// Sources that could not be read now, with why (for `!vandaag` and `huddle today`).
    public var problems: [SourceProblem]

    /// A counter with its words.
    public struct Counter: Sendable, Hashable {
        public var label: LocalizedText
        public var status: CounterStatus

        /// Creates a counter line.
        public init(label: LocalizedText, status: CounterStatus) {
            self.label = label
            self.status = status
        }
    }

    /// Creates parts.
    public init(facts: DayFacts = DayFacts(), factsFrom: Date? = nil, handover: Handover? = nil, counters: [Counter] = [],
                topic: String? = nil, problems: [SourceProblem] = []) {
        self.facts = facts
        self.factsFrom = factsFrom
        self.handover = handover
        self.counters = counters
        self.topic = topic
        self.problems = problems
    }
}

/// A source that could not be read as it should, and the time of the data used instead.
public struct SourceProblem: Sendable, Hashable {
    public var source: String
    public var problem: String
    /// When the data in use (the last good copy) was read; nil when there is none.
    public var dataFrom: Date?

    /// Creates a problem.
    public init(source: String, problem: String, dataFrom: Date?) {
        self.source = source
        self.problem = problem
        self.dataFrom = dataFrom
    }
}

/// The opening of a prompt, composed in one place: the day's facts, the handover, the actions
/// due, the counters and the topic, within one budget of lines (`prompt.opening_lines`).
public enum Opening {
    /// The longest line the opening writes, in characters.
    static let lineWidth = 200

    /// The opening's sections in the order they are shown; each section's lines in its own order
    /// (the day's facts, lists and events packed into as few lines as they fit, joined with ` · `).
    public static func sections(_ parts: OpeningParts, language: Language, timeZone: TimeZone, now: Date) -> [[String]] {
        [pack(dayLines(parts, language: language, timeZone: timeZone, now: now)),
         handoverLines(parts.handover, language: language),
         actionLines(parts.actionsDue, language: language, today: CalendarDay(now, in: timeZone)),
         counterLines(parts.counters, language: language),
         parts.topic.map { [Phrase.Today.topic($0).text(language)] } ?? [],
         storyLines(parts, language: language)]
    }

    /// The story of the week, in one line.
    static func storyLines(_ parts: OpeningParts, language: Language) -> [String] {
        parts.story.map { [Phrase.Stories.opening($0.candidate, team: $0.team).text(language)] } ?? []
    }

    /// At most `budget` lines: first the first line of each section (in order), then the rest of
    /// each section in order; the last line says where the rest is when anything was left out.
    public static func lines(_ parts: OpeningParts, budget: Int, language: Language, timeZone: TimeZone, now: Date, prefix: String) -> [String] {
        let sections = sections(parts, language: language, timeZone: timeZone, now: now)
        var taken = sections.map { _ in 0 }
        var left = budget
        for (index, section) in sections.enumerated() where left > 0 && !section.isEmpty {
            taken[index] = 1
            left -= 1
        }
        for (index, section) in sections.enumerated() where left > 0 {
            let more = min(left, section.count - taken[index])
            taken[index] += more
            left -= more
        }
        var result = zip(sections, taken).flatMap { section, count in section.prefix(count) }
        if zip(sections, taken).contains(where: { $0.count > $1 }), !result.isEmpty {
            result[result.count - 1] += " " + Phrase.Today.moreWith(prefix: prefix).text(language)
        }
        return result
    }

    /// Everything, one thing per line and nothing cut (what `!vandaag` shows): the facts, each
    /// list, each event, the handover item by item, the counters and the topic.
    public static func everything(_ parts: OpeningParts, language: Language, timeZone: TimeZone, now: Date) -> [String] {
        var lines = Array(dayLines(parts, language: language, timeZone: timeZone, now: now).prefix(parts.facts.counts.isEmpty && parts.facts.values.isEmpty ? 0 : 1))
        lines += parts.facts.lists.filter { !$0.items.isEmpty }.map { listLine($0, language: language) }
        lines += parts.facts.events.map { eventText($0, language: language, timeZone: timeZone) }
        if let handover = parts.handover {
            lines.append(Phrase.Today.handoverHeader(shift: handover.from.shift, day: handover.from.day).text(language))
            lines += handover.items.map { "- " + $0.text(language) }
        }
        if !parts.actionsDue.isEmpty {
            let today = CalendarDay(now, in: timeZone)
            lines.append(Phrase.actions(.dueHeader(parts.actionsDue.count)).text(language))
            lines += parts.actionsDue.map { "- " + actionItem(shown($0), today: today, language: language) }
        }
        lines += counterLines(parts.counters, language: language)
        lines += parts.topic.map { [Phrase.Today.topic($0).text(language)] } ?? []
        lines += storyLines(parts, language: language)
        return lines
    }

    /// Facts, lists and events, one line each.
    static func dayLines(_ parts: OpeningParts, language: Language, timeZone: TimeZone, now: Date) -> [String] {
        let facts = parts.facts
        var lines: [String] = []
        var items = facts.counts.map { count -> String in
            let flags = count.flags.map { "\($0.value) \(Phrase.factLabel($0.name, count: $0.value, language))" }
            return "\(count.value) \(Phrase.factLabel(count.name, count: count.value, language))" + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))")
        }
        items += facts.values.map { "\(Phrase.factLabel($0.name, count: 1, language)) \($0.text)" }
        if !items.isEmpty {
            let from = parts.factsFrom.map { LocalClock.describe($0, now: now, timeZone: timeZone) }
            lines.append(Phrase.Today.facts(items, from: from).text(language))
        }
        let lists = facts.lists.filter { !$0.items.isEmpty }.map { listLine($0, language: language) }
        if !lists.isEmpty { lines.append(fit(lists, separator: " · ", language: language)) }
        let events = facts.events.map { eventText($0, language: language, timeZone: timeZone) }
        if !events.isEmpty { lines.append(fit(events, separator: " · ", language: language)) }
        return lines
    }

    /// `Allergieën: noten ×2, gluten`
    static func listLine(_ list: ListFact, language: Language) -> String {
        Phrase.Today.list(label: Phrase.factLabel(list.name, count: 2, language),
                          items: list.items.map { $0.count > 1 ? "\($0.text) ×\($0.count)" : $0.text }).text(language)
    }

    /// `16:00–16:30 brandoefening`, `hele dag: kerstmarkt`, or the title of a row without a readable time.
    static func eventText(_ event: DayEvent, language: Language, timeZone: TimeZone) -> String {
        guard let start = event.start else { return event.allDay ? Phrase.Today.allDay(event.title).text(language) : event.title }
        let end = event.end.flatMap { $0 > start ? "–" + LocalClock.time($0, in: timeZone).description : nil } ?? ""
        return "\(LocalClock.time(start, in: timeZone))\(end) \(event.title)"
    }

    /// The handover folded into at most three lines.
    static func handoverLines(_ handover: Handover?, language: Language) -> [String] {
        guard let handover else { return [] }
        let whole = Phrase.Today.handover(shift: handover.from.shift, items: handover.items.map { $0.text(language) }).text(language)
        return fold(whole, lines: 3, language: language)
    }

    /// The actions due in one line.
    static func actionLines(_ actions: [ActionItem], language: Language, today: CalendarDay) -> [String] {
        actions.isEmpty ? [] : [actionLine(actions.map(shown), today: today, language: language)]
    }

    /// `Acties: 3 Koffiemachine (bob, vandaag) · 5 … · +2 meer`: as many actions as fit one line,
    /// then how many more (the opening's actions due, the summary's new actions).
    static func actionLine(_ actions: [HuddleRecap.Action], today: CalendarDay, language: Language) -> String {
        let prefix = Phrase.actions(.dueLine("")).text(language)
        let items = actions.map { actionItem($0, today: today, language: language) }
        return prefix + fit(items, separator: " · ", language: language, width: lineWidth - prefix.count)
    }

    /// One action, its text cut to `itemWidth`, with its owner and when it is due.
    static func actionItem(_ action: HuddleRecap.Action, today: CalendarDay, language: Language) -> String {
        Phrase.actions(.item(number: action.number, text: cut(action.text), owner: action.owner, due: action.due, today: today)).text(language)
    }

    static func shown(_ action: ActionItem) -> HuddleRecap.Action {
        HuddleRecap.Action(number: action.number, text: action.text, owner: action.owner, due: action.due)
    }

    /// The longest text of one action or answer a packed line shows (`!acties` shows it whole).
    static let itemWidth = 60

    /// `text`, cut to `width` (`itemWidth` unless said) with `…`.
    static func cut(_ text: String, to width: Int = itemWidth) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }

    /// All counters in one line.
    static func counterLines(_ counters: [OpeningParts.Counter], language: Language) -> [String] {
        guard !counters.isEmpty else { return [] }
        return [counters.map { Phrase.Today.counter(days: $0.status.days, label: $0.label.text(language), milestone: $0.status.milestone).text(language) }
            .joined(separator: " · ")]
    }

    /// Consecutive lines joined with ` · ` while the result fits one line.
    static func pack(_ lines: [String]) -> [String] {
        var packed: [String] = []
        for line in lines {
            if let last = packed.last, last.count + 3 + line.count <= lineWidth {
                packed[packed.count - 1] = last + " · " + line
            } else {
                packed.append(line)
            }
        }
        return packed
    }

    /// As many items as fit one line, then how many more there are.
    static func fit(_ items: [String], separator: String, language: Language, width: Int = lineWidth) -> String {
        var line = ""
        for (index, item) in items.enumerated() {
            let next = line.isEmpty ? item : line + separator + item
            let rest = items.count - index - 1
            let tail = rest > 0 ? separator + Phrase.Today.more(rest).text(language) : ""
            if next.count + tail.count > width && !line.isEmpty {
                return line + separator + Phrase.Today.more(items.count - index).text(language)
            }
            line = next
        }
        return line
    }

    /// A long text cut at spaces into at most `lines` lines; the last one ends in `…` when cut short.
    static func fold(_ text: String, lines: Int, language: Language) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty && result.count < lines {
            if rest.count <= lineWidth {
                result.append(String(rest))
                return result
            }
            let window = rest.prefix(lineWidth)
            let cut = window.lastIndex(of: " ").map { $0 } ?? window.endIndex
            result.append(String(rest[..<cut]))
            rest = rest[cut...].drop { $0 == " " }
        }
        if !rest.isEmpty, let last = result.popLast() { result.append(String(last.prefix(lineWidth - 1)) + "…") }
        return result
    }
}
