/// `!overzicht [week]`: a leader gets the summary of a week's digest in a private message.
public enum DigestCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "overzicht",
        aliases: ["digest"],
        usage: LocalizedText(nl: "overzicht [deze|2026-W48]", en: "digest [this|2026-W48]"),
        summary: LocalizedText(nl: "(teamleiders) het weekoverzicht, standaard van vorige week, privé.",
                               en: "(team leaders) the weekly digest, last week by default, privately."),
        examples: ["!overzicht", "!digest this", "!overzicht 2026-W47"],
        recordsAsSender: false,
        // `!overzicht <group> [deze|week]`: the group names itself, so no "which team?" first.
        withoutTeam: { context in
            let words = context.arguments.lowercased().split(separator: " ").map(String.init)
            guard let group = context.groups.first(where: { $0.id == words.first }) else { return nil }
            guard group.isLeader(context.sender, mask: context.senderMask, casemapping: context.casemapping) else {
                return .reply([Phrase.onlyLeadersDigest.text(group.language)])
            }
            let current = ISOWeek(containing: context.at, in: group.timeZone)
            let argument = words.dropFirst().first ?? ""
            let week = ["deze", "this", "nu", "now"].contains(argument) ? current : ISOWeek(parsing: argument) ?? current.previous
            return .groupDigest(group: group.id, week: week)
        }
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
