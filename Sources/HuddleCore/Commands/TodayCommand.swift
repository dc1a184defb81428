import Foundation

/// `!vandaag`: everything the day's huddle opens with, without the prompt's line budget, and
/// the sources that could not be read.
public enum TodayCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "vandaag",
        aliases: ["today"],
        usage: LocalizedText(nl: "vandaag", en: "today"),
        summary: LocalizedText(nl: "toont wat het team vandaag moet weten: de feiten van de dag, de overdracht, acties die klaar moeten zijn, tellers en het thema.",
                               en: "shows what the team needs to know today: the day's facts, the handover, actions due, counters and the topic."),
        examples: ["!vandaag", "!today"],
        recordsAsSender: false,
        needsOpening: true
    ) { context in
        guard let parts = context.situation.opening else { return context.reply(.today(.nothingKnown)) }
        var lines = Opening.everything(parts, language: context.language, timeZone: context.team.timeZone, now: context.at)
        lines += parts.problems.map { problem in
            Phrase.Today.sourceProblem(name: problem.source, problem: problem.problem,
                                       from: problem.dataFrom.map { LocalClock.describe($0, now: context.at, timeZone: context.team.timeZone) })
                .text(context.language)
        }
        return lines.isEmpty ? context.reply(.today(.nothingKnown)) : .reply(lines)
    }
}
