import Foundation

/// `!acties`: the team's open actions, oldest first, with their age and due date.
public enum ActionsCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "acties",
        aliases: ["actions"],
        usage: LocalizedText(nl: "acties", en: "actions"),
        summary: LocalizedText(nl: "toont de open acties van het team, met wanneer ze klaar moeten zijn.",
                               en: "lists the team's open actions, with when they are due."),
        examples: ["!acties", "!actions"],
        needs: .all,
        recordsAsSender: false
    ) { context in
        let open = context.history.actions.filter { $0.doneAt == nil }
        guard !open.isEmpty else { return context.reply(.noOpenActions) }
        let today = CalendarDay(context.at, in: context.team.timeZone)
        return .reply([Phrase.openActionsHeader(open.count).text(context.language)] + open.map { action in
            let age = today.ordinal - CalendarDay(action.openedAt, in: context.team.timeZone).ordinal
            return Phrase.actions(.open(number: action.number, text: action.text, owner: action.owner, days: age,
                                        due: action.due, today: today)).text(context.language)
        })
    }
}
