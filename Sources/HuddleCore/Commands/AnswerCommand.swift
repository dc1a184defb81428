import Foundation

/// `!antwoord <n> <tekst>`, and the short form `1 …` while a huddle is open: an answer to a question;
/// `!antwoord #<n> <tekst>` answers question n of another team (and so does `<n>` while no huddle is open).
public enum AnswerCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "antwoord",
        aliases: ["answer"],
        usage: LocalizedText(nl: "antwoord <nummer> <tekst>  (of kort: 1 <tekst>)", en: "answer <number> <text>  (or short: 1 <text>)"),
        summary: LocalizedText(nl: "beantwoord een huddlevraag terwijl de huddle open is, of met #nummer de vraag van een ander team.",
                               en: "answer a huddle question while the huddle is open, or with #number another team's question."),
        examples: ["!antwoord 1 Een groep van twaalf om 10 uur", "!answer 3 Anna zet de koffie klaar voor de groep"],
        needsQuestions: { arguments, huddleOpen in !huddleOpen || arguments.hasPrefix("#") }
    ) { context in
        let (first, rest) = context.arguments.splitFirstWord()
        guard let number = Int(first.trimmingCharacters(in: CharacterSet(charactersIn: "#.):"))), !rest.isEmpty else {
            return context.usageReply(command)
        }
        if first.hasPrefix("#") { return context.answerToQuestion(number, text: rest) }
        guard let huddle = context.openHuddle else {
            if context.situation.questions.received.contains(where: { $0.number == number }) { return context.answerToQuestion(number, text: rest) }
            return .reply([Phrase.noOpenHuddle(prefix: context.prefix).text(context.language)])
        }
        let questionCount = context.team.questions(forShift: huddle.key.shift).count
        guard (1...questionCount).contains(number) else {
            return .reply([Phrase.noSuchQuestion(number: number, count: questionCount).text(context.language)])
        }
        var text = rest
        if let check = context.team.quickChecks(forShift: huddle.key.shift)[number] {
            // A quick check's answer starts with its value, stored in one form for both languages.
            guard let (value, comment) = check.read(rest) else {
                return context.reply(.quickCheckUsage(number: number, hint: check.hint(context.language),
                                                      example: check.label(check.values[check.values.count / 2], context.language)))
            }
            text = comment.isEmpty ? value : "\(value) \(comment)"
        }
        return .record(EntryDraft(type: .answer, huddle: HuddleRef(shift: huddle.key.shift, day: huddle.key.day),
                                  question: number, text: text),
                       ack: .answerRecorded(question: number))
    }
}
