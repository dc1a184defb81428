/// `!klaar <nummer>`: an action is done.
public enum DoneCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "klaar",
        aliases: ["done"],
        usage: LocalizedText(nl: "klaar <nummer>", en: "done <number>"),
        summary: LocalizedText(nl: "meld dat een actie klaar is.", en: "mark an action as done."),
        examples: ["!klaar 1", "!done #1"],
        needs: .all
    ) { context in
        guard let number = Int(context.arguments.splitFirstWord().0.trimmingCharacters(in: ["#"])) else {
            return context.usageReply(command)
        }
        guard let action = context.history.actions.first(where: { $0.number == number }) else {
            return context.reply(.noSuchAction(number))
        }
        guard action.doneAt == nil else { return context.reply(.actionAlreadyDone(number)) }
        return .record(EntryDraft(type: .actionDone, text: action.text, number: number, ref: action.id), ack: .actionDoneRecorded(number))
    }
}
