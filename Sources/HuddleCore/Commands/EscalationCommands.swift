import Foundation

/// `!zorg! <tekst>` (`!urgent`, `!dringend`): an urgent worry that reaches the team's leaders at once.
public enum EscalateCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "zorg!",
        aliases: ["urgent", "dringend"],
        usage: LocalizedText(nl: "zorg! <tekst>", en: "urgent <text>"),
        summary: LocalizedText(nl: "iets dringends: gaat meteen naar de leiding, die het met !gezien bevestigt.",
                               en: "something urgent: goes to the leaders at once, who confirm it with !seen."),
        examples: ["!zorg! Lekkage in de kelder bij de wasserij", "!urgent Fire door on floor 2 does not close"],
        needs: .all
    ) { context in
        guard !context.arguments.isEmpty else { return context.usageReply(command) }
        return context.escalation(tags: hashtags(in: context.arguments))
    }
}

/// `!gezien <nummer>` (`!seen`): a leader has seen an escalation; its author is told.
public enum SeenCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "gezien",
        aliases: ["seen"],
        usage: LocalizedText(nl: "gezien <nummer>", en: "seen <number>"),
        summary: LocalizedText(nl: "(teamleiders) bevestig dat je een dringende melding hebt gezien.",
                               en: "(team leaders) confirm that you have seen an urgent report."),
        examples: ["!gezien 1", "!seen #1"],
        needs: .all
    ) { context in
        guard let number = Int(context.arguments.splitFirstWord().0.trimmingCharacters(in: ["#"])) else {
            return context.usageReply(command)
        }
        guard context.senderIsLeader else { return context.reply(.escalation(.onlyLeaders)) }
        guard let escalation = context.history.escalations.first(where: { $0.number == number }) else {
            return context.reply(.escalation(.noSuch(number)))
        }
        if let by = escalation.seenBy { return context.reply(.escalation(.alreadySeen(number, by: by))) }
        return .record(EntryDraft(type: .seen, text: escalation.text, number: number, ref: escalation.id), ack: .escalation(.seenRecorded(number)))
    }
}

extension CommandContext {
    /// An escalation of the command's text, with its next number.
    func escalation(tags: [String]) -> CommandOutcome {
        let number = history.nextEscalationNumber
        return .record(EntryDraft(type: .escalation, huddle: openHuddle.map { HuddleRef(shift: $0.key.shift, day: $0.key.day) },
                                  text: arguments, tags: tags.isEmpty ? nil : tags, number: number),
                       ack: .escalation(.recorded(number)))
    }

    /// A customer observation of `type` from the command's text — an escalation instead when it
    /// carries one of the team's `urgent_tags`.
    func observation(_ type: EntryType, ack: Phrase) -> CommandOutcome {
        let tags = hashtags(in: arguments)
        if team.isUrgent(tags: tags) { return escalation(tags: tags) }
        return .record(EntryDraft(type: type, text: arguments, tags: tags.isEmpty ? nil : tags), ack: ack)
    }
}
