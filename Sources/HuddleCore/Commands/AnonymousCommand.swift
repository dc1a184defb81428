/// `!anoniem [blij|zorg] <tekst>` in a private message: an observation stored without its author.
public enum AnonymousCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "anoniem",
        aliases: ["anon"],
        usage: LocalizedText(nl: "anoniem [blij|zorg] <tekst>  (in een privébericht)", en: "anon [gain|pain] <text>  (in a private message)"),
        summary: LocalizedText(nl: "een klantobservatie zonder je naam; stuur het privé aan de bot.",
                               en: "a customer observation without your name; send it privately to the bot."),
        examples: ["!anoniem zorg Gasten klagen over het lawaai van de bouw", "!anon Some guests feel rushed at checkout"]
    ) { context in
        guard context.situation.isPrivate else { return context.reply(.anonymousOnlyPrivate(prefix: context.prefix)) }
        var (first, rest) = context.arguments.splitFirstWord()
        var type = EntryType.observation
        switch first.lowercased() {
        case "blij", "gain": type = .gain
        case "zorg", "pain": type = .pain
        default: rest = context.arguments
        }
        guard !rest.isEmpty else { return context.usageReply(command) }
        let tags = hashtags(in: rest)
        return .record(EntryDraft(type: type, text: rest, tags: tags.isEmpty ? nil : tags, anonymous: true), ack: .anonymousRecorded)
    }
}
