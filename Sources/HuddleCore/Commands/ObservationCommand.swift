/// `!klant <tekst>`: a customer observation when it is not clear whether it is a gain or a pain.
public enum ObservationCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "klant",
        aliases: ["obs", "observation"],
        usage: LocalizedText(nl: "klant <tekst> [#tag…]", en: "obs <text> [#tag…]"),
        summary: LocalizedText(nl: "leg iets vast dat je bij klanten ziet, als blij of zorg niet duidelijk is.",
                               en: "record something you notice about customers when gain or pain is unclear."),
        examples: ["!klant Veel gasten vragen naar de fietsverhuur #fietsen", "!obs Groups arrive earlier than booked"],
        mayEscalate: true
    ) { context in
        guard !context.arguments.isEmpty else { return context.usageReply(command) }
        return context.observation(.observation, ack: .observationRecorded)
    }
}
