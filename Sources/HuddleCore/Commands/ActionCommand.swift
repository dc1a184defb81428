/// `!actie [@owner] <tekst>`: an action someone takes on, so it does not vanish after the huddle.
public enum ActionCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "actie",
        aliases: ["action"],
        usage: LocalizedText(nl: "actie [@nick] <tekst>", en: "action [@nick] <text>"),
        summary: LocalizedText(nl: "leg een actie vast, eventueel voor een collega; je krijgt een nummer.",
                               en: "record an action, optionally for a colleague; you get a number."),
        examples: ["!actie @bob Koffiemachine laten repareren", "!action Call the taxi company about Friday"],
        needs: .all
    ) { context in
        var (first, rest) = context.arguments.splitFirstWord()
        var owner: String?
        if first.hasPrefix("@"), KudosCommand.isNick(first.dropFirst()) {
            owner = String(first.dropFirst())
        } else {
            rest = context.arguments
        }
        guard !rest.isEmpty else { return context.usageReply(command) }
        let number = context.history.nextActionNumber
        return .record(EntryDraft(type: .action, huddle: context.openHuddle.map { HuddleRef(shift: $0.key.shift, day: $0.key.day) },
                                  text: rest, owner: owner, number: number),
                       ack: .actionRecorded(number: number, owner: owner))
    }
}
