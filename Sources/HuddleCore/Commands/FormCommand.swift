import Foundation

/// `!formulier` (`!form`): a personal link to the open huddle's form, sent privately, for answering
/// on a phone.
public enum FormCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "formulier",
        aliases: ["form"],
        usage: LocalizedText(nl: "formulier", en: "form"),
        summary: LocalizedText(nl: "krijg privé een persoonlijke link om de open huddle op je telefoon in te vullen.",
                               en: "get a personal link, privately, to fill in the open huddle on your phone."),
        examples: ["!formulier", "!form"]
    ) { context in
        guard let huddle = context.openHuddle else { return context.reply(.form(.noOpenHuddle)) }
        return .form(HuddleRef(shift: huddle.key.shift, day: huddle.key.day))
    }
}
