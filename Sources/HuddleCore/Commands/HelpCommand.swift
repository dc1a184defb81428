/// `!help [commando]`: the list of commands, or one command with its examples.
public enum HelpCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "help",
        aliases: ["hulp"],
        usage: LocalizedText(nl: "help [commando]", en: "help [command]"),
        summary: LocalizedText(nl: "toont de commando's, of voorbeelden bij één commando.",
                               en: "lists the commands, or examples for one command."),
        examples: ["!help", "!help kudos"],
        recordsAsSender: false,
        // Help needs no team: asked privately where the bot would ask which team, in the bot's language.
        withoutTeam: { context in
            context.teamUnknown ? help(context.arguments, language: context.language, prefix: context.prefix, registry: context.registry) : nil
        }
    ) { context in
        help(context.arguments, language: context.language, prefix: context.prefix, registry: context.registry)
    }

    /// The list of commands, or one command (`topic`) with its examples.
    static func help(_ topic: String, language: Language, prefix: String, registry: CommandRegistry) -> CommandOutcome {
        let topic = topic.splitFirstWord().0
        if !topic.isEmpty {
            let name = topic.hasPrefix(prefix) ? String(topic.dropFirst(prefix.count)) : topic
            guard let wanted = registry.command(named: name) else {
                return .reply([Phrase.unknownCommand(prefix: prefix, name: name).text(language)])
            }
            let examples = wanted.examples.map { prefix + $0.dropFirst() }.joined(separator: "  |  ")
            return .reply([
                Phrase.helpLine(usage: wanted.usage(language, prefix: prefix), summary: wanted.summary.text(language)).text(language),
                Phrase.helpExamples(examples).text(language),
            ])
        }
        return .reply([Phrase.helpHeader(prefix: prefix).text(language)] + registry.commands.map {
            Phrase.helpLine(usage: $0.usage(language, prefix: prefix), summary: $0.summary.text(language)).text(language)
        })
    }
}
