/// `!actie [@owner] <tekst> [tot vrijdag]`: an action someone takes on, so it does not vanish
/// after the huddle; a due date at the end (`DueDate`) brings it back on that day.
public enum ActionCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "actie",
        aliases: ["action"],
        usage: LocalizedText(nl: "actie [@nick] <tekst> [tot <dag> | tot <dd-mm> | vandaag | morgen]",
                             en: "action [@nick] <text> [by <day> | by <dd-mm> | today | tomorrow]"),
        summary: LocalizedText(nl: "leg een actie vast, eventueel voor een collega en met een datum; je krijgt een nummer.",
                               en: "record an action, optionally for a colleague and with a due date; you get a number."),
        examples: ["!actie @bob Koffiemachine laten repareren tot vrijdag", "!action Call the taxi company about Friday", "!actie Menukaart drukken tot 12-12"],
        needs: .all
    ) { context in
        var (owner, rest) = context.arguments.splitLeadingMention()
        var due: CalendarDay?
        switch DueDate.read(rest, today: CalendarDay(context.at, in: context.team.timeZone)) {
        case .none: break
        case .due(let day, let text):
            due = day
            rest = text
        case .invalid(let said): return context.reply(.actions(.badDueDate(said)))
        }
        guard !rest.isEmpty else { return context.usageReply(command) }
        let number = context.history.nextActionNumber
        return .record(EntryDraft(type: .action, huddle: context.openHuddle.map { HuddleRef(shift: $0.key.shift, day: $0.key.day) },
                                  text: rest, owner: owner, number: number, due: due),
                       ack: .actions(.recorded(number: number, owner: owner, due: due)))
    }
}
