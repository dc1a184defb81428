/// `!blij <tekst>`: something that makes customers happy (a gain).
public enum GainCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "blij",
        aliases: ["gain"],
        usage: LocalizedText(nl: "blij <tekst> [#tag…]", en: "gain <text> [#tag…]"),
        summary: LocalizedText(nl: "leg vast waar klanten blij van worden.", en: "record what makes customers happy."),
        examples: ["!blij Gasten waarderen dat we hun naam onthouden #service", "!gain Guests love the late checkout offer"],
        mayEscalate: true
    ) { context in
        guard !context.arguments.isEmpty else { return context.usageReply(command) }
        return context.observation(.gain, ack: .gainRecorded)
    }
}
