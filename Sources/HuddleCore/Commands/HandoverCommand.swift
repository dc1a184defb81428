import Foundation

/// `!overdracht`: the whole handover for the open (or next) huddle, one item per line.
public enum HandoverCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "overdracht",
        aliases: ["handover"],
        usage: LocalizedText(nl: "overdracht", en: "handover"),
        summary: LocalizedText(nl: "toont wat de vorige dienst overdraagt: antwoorden, zorgen van klanten en nieuwe acties.",
                               en: "shows what the previous shift hands over: answers, customers' worries and new actions."),
        examples: ["!overdracht", "!handover"],
        needs: .recent,
        recordsAsSender: false,
        needsNextHuddle: true
    ) { context in
        guard let huddle = context.openHuddle ?? context.nextHuddle,
              let handover = Handover.find(for: huddle.key, team: context.team, history: context.history) else {
            return context.reply(.today(.noHandover))
        }
        let language = context.language
        return .reply([Phrase.Today.handoverHeader(shift: handover.from.shift, day: handover.from.day).text(language)] + handover.items.map { item in
            if case .answer(let question, _) = item { return "\(question). \(item.text(language))" }
            return item.text(language)
        })
    }
}
