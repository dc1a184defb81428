/// `!overslaan <reden>`: a leader skips the team's next huddle, with a reason.
public enum SkipCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "overslaan",
        aliases: ["skip"],
        usage: LocalizedText(nl: "overslaan <reden>", en: "skip <reason>"),
        summary: LocalizedText(nl: "(teamleiders) de volgende huddle gaat niet door, met een reden.",
                               en: "(team leaders) skip the next huddle, with a reason."),
        examples: ["!overslaan Personeelsuitje, iedereen is weg", "!skip Team training all morning"],
        needsNextHuddle: true
    ) { context in
        guard !context.arguments.isEmpty else { return context.usageReply(command) }
        guard context.senderIsLeader else { return .reply([Phrase.onlyLeaders.text(context.language)]) }
        guard let next = context.nextHuddle else { return .reply([Phrase.nothingToSkip.text(context.language)]) }
        return .record(EntryDraft(type: .huddleSkipped, huddle: HuddleRef(shift: next.key.shift, day: next.key.day),
                                  text: context.arguments),
                       ack: .skipRecorded(shift: next.key.shift, day: next.key.day))
    }
}
