import Foundation

/// `!verhalen` (`!stories`): this week's candidates for the story of the week, numbered.
public enum StoriesCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "verhalen",
        aliases: ["stories"],
        usage: LocalizedText(nl: "verhalen", en: "stories"),
        summary: LocalizedText(nl: "toont de complimenten en blije klanten van deze week, kandidaten voor het verhaal van de week.",
                               en: "shows this week's compliments and happy customers, the candidates for the story of the week."),
        examples: ["!verhalen", "!stories"],
        recordsAsSender: false,
        needsStories: true
    ) { context in
        guard let board = context.situation.stories, !board.candidates.isEmpty else { return context.reply(.story(.none)) }
        return .reply([Phrase.story(.heading(circle: board.circle.name)).text(context.language)]
            + board.candidates.map { Phrase.story(.item($0, team: context.teamName($0.team))).text(context.language) }
            + [Phrase.story(.footer(prefix: context.prefix)).text(context.language)])
    }
}

/// `!plus <nummer>`: seconds a colleague's compliment or happy customer for the story of the week.
public enum PlusCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "plus",
        aliases: ["+1", "second"],
        usage: LocalizedText(nl: "plus <nummer>", en: "plus <number>"),
        summary: LocalizedText(nl: "steun een verhaal van deze week (zie !verhalen) voor het verhaal van de week.",
                               en: "second one of this week's stories (see !stories) for the story of the week."),
        examples: ["!plus 2", "!second 1"],
        needsStories: true
    ) { context in
        guard let number = Int(context.arguments.splitFirstWord().0.trimmingCharacters(in: ["#"])) else { return context.usageReply(command) }
        guard let candidate = context.situation.stories?.candidates.first(where: { $0.number == number }) else {
            return context.reply(.story(.noSuch(number, prefix: context.prefix)))
        }
        let me = context.sender.identity
        guard candidate.author?.identity != me else { return context.reply(.story(.ownStory)) }
        guard !candidate.seconders.contains(me) else { return context.reply(.story(.alreadySeconded(number))) }
        // No copy of the text: the story stays its author's alone (`huddle forget` finds it in one place).
        return .record(EntryDraft(type: .seconded, ref: candidate.id, peer: context.team.id, team: candidate.team),
                       ack: .story(.seconded(number, count: candidate.seconders.count + 1)))
    }
}

/// `!verhaal <nummer>` (`!story`): a leader picks the story of the week; it opens every huddle of
/// the group's teams next week.
public enum StoryCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "verhaal",
        aliases: ["story"],
        usage: LocalizedText(nl: "verhaal <nummer>", en: "story <number>"),
        summary: LocalizedText(nl: "(leiding) kies het verhaal van de week; het opent volgende week elke huddle van de groep.",
                               en: "(leaders) pick the story of the week; it opens every huddle of the group next week."),
        examples: ["!verhaal 1", "!story 2"],
        needsStories: true
    ) { context in
        guard let number = Int(context.arguments.splitFirstWord().0.trimmingCharacters(in: ["#"])) else { return context.usageReply(command) }
        guard let board = context.situation.stories else { return context.reply(.story(.noSuch(number, prefix: context.prefix))) }
        guard context.leadsStory(of: board.circle) else { return context.reply(.story(.onlyLeaders(circle: board.circle.name))) }
        guard let candidate = board.candidates.first(where: { $0.number == number }) else {
            return context.reply(.story(.noSuch(number, prefix: context.prefix)))
        }
        return .record(EntryDraft(type: .story, ref: candidate.id, peer: board.circle.id, team: candidate.team),
                       ack: .story(.picked(number, circle: board.circle.name)))
    }
}

extension CommandContext {
    /// Whether the sender picks the story of `circle`: a leader of its group (verified as for a
    /// group's digest), or of the team when the group names no leaders or the circle is the team.
    func leadsStory(of circle: StoryCircle) -> Bool {
        if let group = circle.group, !group.leaders.isEmpty {
            return group.isLeader(sender, mask: situation.senderMask, casemapping: situation.casemapping)
        }
        return senderIsLeader
    }

    /// The name of a team of the story's circle, as far as the board knows it.
    func teamName(_ id: String) -> String {
        id == team.id ? team.name : (situation.stories?.teamNames[id] ?? id)
    }
}
