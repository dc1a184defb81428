/// `!zorg <tekst>`: something that frustrates or worries customers (a pain).
public enum PainCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "zorg",
        aliases: ["pain"],
        usage: LocalizedText(nl: "zorg <tekst> [#tag…]", en: "pain <text> [#tag…]"),
        summary: LocalizedText(nl: "leg vast waar klanten wakker van liggen.", en: "record what frustrates or worries customers."),
        examples: ["!zorg Lange wachttijd bij het inchecken na 15 uur #inchecken", "!pain Parking is full before 9"],
        mayEscalate: true
    ) { context in
        guard !context.arguments.isEmpty else { return context.usageReply(command) }
        return context.observation(.pain, ack: .painRecorded)
    }
}
