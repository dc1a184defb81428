import Foundation

/// `!vraag <team> <tekst>` (`!ask`): asks another team; the question is said in its channel and
/// the answer comes back to the asker and this channel.
public enum AskCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "vraag",
        aliases: ["ask"],
        usage: LocalizedText(nl: "vraag <team> <tekst>", en: "ask <team> <text>"),
        summary: LocalizedText(nl: "stel een ander team een vraag; het antwoord komt hier en privé bij je terug.",
                               en: "ask another team a question; the answer comes back here and to you privately."),
        examples: ["!vraag keuken Is de soep vandaag glutenvrij?", "!ask kitchen Can room 12 have breakfast at 6?"],
        needsQuestions: { _, _ in true }
    ) { context in
        guard !context.arguments.isEmpty else { return context.usageReply(command) }
        let board = context.situation.questions
        guard !board.peers.isEmpty else { return context.reply(.question(.noPeers)) }
        guard let (peer, text) = board.peer(startingWith: context.arguments) else {
            let own = QuestionBoard(peers: [.init(id: context.team.id, name: context.team.name)])
            if own.peer(startingWith: context.arguments) != nil { return context.reply(.question(.ownTeam)) }
            return context.reply(.question(.whichTeam(board.peers.map(\.id), prefix: context.prefix)))
        }
        guard !text.isEmpty else { return context.usageReply(command) }
        let tags = hashtags(in: text)
        return .ask(team: peer.id, EntryDraft(type: .question, text: text, tags: tags.isEmpty ? nil : tags, peer: context.team.id))
    }
}

/// `!vragen` (`!questions`): the open questions to this team and those it asked.
public enum QuestionsCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "vragen",
        aliases: ["questions"],
        usage: LocalizedText(nl: "vragen", en: "questions"),
        summary: LocalizedText(nl: "toont de open vragen aan je team en die je team aan anderen stelde.",
                               en: "shows the open questions to your team and those it asked other teams."),
        examples: ["!vragen", "!questions"],
        recordsAsSender: false,
        needsQuestions: { _, _ in true }
    ) { context in
        let board = context.situation.questions
        guard !board.received.isEmpty || !board.asked.isEmpty else { return context.reply(.question(.noneOpen)) }
        func minutes(_ item: QuestionItem) -> Int { max(0, Int(context.at.timeIntervalSince(item.askedAt) / 60)) }
        var lines: [Phrase] = []
        if !board.received.isEmpty {
            lines.append(.question(.receivedHeading))
            lines += board.received.map { .question(.receivedItem($0, from: board.name(of: $0.from), minutes: minutes($0))) }
        }
        if !board.asked.isEmpty {
            lines.append(.question(.askedHeading))
            lines += board.asked.map { .question(.askedItem($0, to: board.name(of: $0.team), minutes: minutes($0))) }
        }
        return .reply(lines.map { $0.text(context.language) })
    }
}

/// `!sluitvraag #<nummer> <reden>` (`!closequestion`): closes a question to this team without an
/// answer; the asking team hears why.
public enum CloseQuestionCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "sluitvraag",
        aliases: ["closequestion"],
        usage: LocalizedText(nl: "sluitvraag #<nummer> <reden>", en: "closequestion #<number> <reason>"),
        summary: LocalizedText(nl: "sluit een vraag van een ander team zonder antwoord; zij horen de reden.",
                               en: "close another team's question without an answer; they are told the reason."),
        examples: ["!sluitvraag #1 Gast is al vertrokken", "!closequestion #2 Ask the duty manager"],
        needsQuestions: { _, _ in true }
    ) { context in
        let (first, reason) = context.arguments.splitFirstWord()
        guard let number = Int(first.trimmingCharacters(in: ["#"])), !reason.isEmpty else { return context.usageReply(command) }
        guard let question = context.situation.questions.received.first(where: { $0.number == number }) else {
            return context.reply(.question(.noSuch(number, prefix: context.prefix)))
        }
        return .record(EntryDraft(type: .questionClosed, text: reason, number: number, ref: question.id, peer: question.from),
                       ack: .question(.closeSent(number, team: context.situation.questions.name(of: question.from))))
    }
}

extension CommandContext {
    /// The answer to question `number` asked of this team (`!antwoord #3 …`).
    func answerToQuestion(_ number: Int, text: String) -> CommandOutcome {
        guard let question = situation.questions.received.first(where: { $0.number == number }) else {
            return reply(.question(.noSuch(number, prefix: prefix)))
        }
        return .record(EntryDraft(type: .questionAnswered, text: text, number: number, ref: question.id, peer: question.from),
                       ack: .question(.answerSent(number, team: situation.questions.name(of: question.from))))
    }
}
