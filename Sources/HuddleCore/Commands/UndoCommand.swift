/// `!oeps`: withdraws your own last entry (the journal keeps both; the digest leaves it out).
public enum UndoCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "oeps",
        aliases: ["undo"],
        usage: LocalizedText(nl: "oeps", en: "undo"),
        summary: LocalizedText(nl: "trekt je laatste bijdrage in.", en: "withdraws your last entry."),
        examples: ["!oeps", "!undo"],
        needs: .recent
    ) { context in
        guard let last = context.history.lastContribution(of: context.sender.identity) else {
            return context.reply(.nothingToUndo)
        }
        let what = String((last.text ?? last.type.rawValue).prefix(60))
        return .record(EntryDraft(type: .withdrawn, huddle: last.huddle, text: what, ref: last.id), ack: .undone(what))
    }
}
