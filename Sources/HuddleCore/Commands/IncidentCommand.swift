import Foundation

/// `!incident <teller> <tekst>`: an incident resets a counter of days without one; who and when are recorded.
public enum IncidentCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "incident",
        aliases: [],
        usage: LocalizedText(nl: "incident <teller> <wat er gebeurde>", en: "incident <counter> <what happened>"),
        summary: LocalizedText(nl: "meld een incident: de teller van dagen zonder gaat terug naar 0.",
                               en: "report an incident: the counter of days without one goes back to 0."),
        examples: ["!incident val mevrouw in kamer 12 gevallen, geen letsel", "!incident val guest slipped in the lobby"],
        needs: .all
    ) { context in
        let counters = context.team.counters
        guard !counters.isEmpty else { return context.reply(.today(.noCounters)) }
        let (name, text) = context.arguments.splitFirstWord()
        guard !name.isEmpty, !text.isEmpty else { return context.usageReply(command) }
        guard let counter = counters.first(where: { $0.id == name.lowercased() }) else {
            return context.reply(.today(.noSuchCounter(String(name.prefix(40)), known: counters.map(\.id))))
        }
        let today = CalendarDay(context.at, in: context.team.timeZone)
        let status = CounterStatus(counter: counter, incidents: context.history.incidents(of: counter.id), day: today,
                                   timeZone: context.team.timeZone, firstDay: context.situation.firstDay ?? context.history.firstDay(in: context.team.timeZone))
        return .record(EntryDraft(type: .incident, huddle: context.openHuddle.map { HuddleRef(shift: $0.key.shift, day: $0.key.day) },
                                  text: text, counter: counter.id),
                       ack: .today(.incidentRecorded(label: counter.label.text(context.language), was: status.days)))
    }
}
