/// `!overzicht [week]`: a leader gets the summary of a week's digest in a private message.
public enum DigestCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "overzicht",
        aliases: ["digest"],
        usage: LocalizedText(nl: "overzicht [deze|2026-W48]", en: "digest [this|2026-W48]"),
        summary: LocalizedText(nl: "(teamleiders) het weekoverzicht, standaard van vorige week, privé.",
                               en: "(team leaders) the weekly digest, last week by default, privately."),
        examples: ["!overzicht", "!digest this", "!overzicht 2026-W47"],
        recordsAsSender: false
    ) { context in
        guard context.senderIsLeader else { return context.reply(.onlyLeadersDigest) }
        let current = ISOWeek(containing: context.at, in: context.team.timeZone)
        let argument = context.arguments.splitFirstWord().0.lowercased()
        switch argument {
        case "": return .digest(current.previous)
        case "deze", "this", "nu", "now": return .digest(current)
        default:
            guard let week = ISOWeek(parsing: argument) else { return context.usageReply(command) }
            return .digest(week)
        }
    }
}
