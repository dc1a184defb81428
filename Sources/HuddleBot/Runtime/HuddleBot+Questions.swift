import Foundation
import HuddleCore
import HuddleStore

/// Questions between teams, as the runtime carries them out: the board a command sees, the
/// numbered question in the asked team's journal, and the words that go to the other team's
/// channel (on whatever transport it is) and to the asker.
extension HuddleBot {
    /// The open questions to and from `team`, and the teams it may ask.
    func questionBoard(of team: TeamConfig) async -> QuestionBoard {
        let config = config
        let peers = config.peers(of: team.id)
        var board = QuestionBoard(peers: peers.map { .init(id: $0.id, name: $0.name) })
        do {
            board.received = try await openQuestions(of: team)
            for peer in peers { board.asked += try await openQuestions(of: peer).filter { $0.from == team.id } }
            board.asked.sort { ($0.askedAt, $0.id) < ($1.askedAt, $1.id) }
            // Names of asking teams that are no longer peers (the config changed since).
            for item in board.received where !board.peers.contains(where: { $0.id == item.from }) {
                if let asking = config.team(id: item.from) { board.peers.append(.init(id: asking.id, name: asking.name)) }
            }
        } catch {
            logger.error("could not read questions between teams from the journal", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
        }
        return board
    }

    /// The open questions asked of `team`.
    func openQuestions(of team: TeamConfig) async throws -> [QuestionItem] {
        try await questions.open(of: team.id) { [self] in try await history(of: team, need: .all, at: clock.now()) }
    }

    /// Stores a question to `asked` from the author of `message` (of team `from`), numbered by the
    /// desk; returns it and its write, to be confirmed once on disk.
    func submitQuestion(_ draft: EntryDraft, to asked: TeamConfig, message: ChatMessage) async throws -> (JournalEntry, JournalWrite) {
        try await questions.ask(asked.id, read: { [self] in try await history(of: asked, need: .all, at: clock.now()) },
                                entry: { number in
                                    var numbered = draft
                                    numbered.number = number
                                    return JournalEntry(draft: numbered, id: HuddleBot.newID(), at: message.at, team: asked.id, author: message.sender)
                                },
                                submit: { submit($0, team: asked) })
    }

    /// Once a question is on disk: said in the asked team's channel.
    func postQuestion(_ entry: JournalEntry) async {
        guard let asked = config.team(id: entry.team) else { return }
        let from = entry.peer.flatMap(config.team(id:))?.name ?? entry.peer ?? "?"
        let text = Phrase.question(.posted(number: entry.number ?? 0, from: from, asker: entry.author?.nick, text: entry.text ?? "",
                                           prefix: engine.prefix)).text(asked.language)
        await transport(for: asked).post(text, to: asked.channel)
    }

    /// Once an answer or a closing is on disk: told to who asked (privately) and said in the
    /// asking team's channel.
    func questionEnded(_ entry: JournalEntry) async {
        let config = config
        guard let asked = config.team(id: entry.team), let asking = entry.peer.flatMap(config.team(id:)), let ref = entry.ref,
              let question = try? await history(of: asked, need: .all, at: clock.now()).questions.first(where: { $0.id == ref }) else { return }
        func text(_ language: Language) -> String {
            let number = entry.number ?? question.number
            return entry.type == .questionAnswered
                ? Phrase.question(.answered(number: number, team: asked.name, by: entry.author?.nick, question: question.text, answer: entry.text ?? "")).text(language)
                : Phrase.question(.closed(number: number, team: asked.name, by: entry.author?.nick, question: question.text, reason: entry.text ?? "")).text(language)
        }
        if let asker = question.asker {
            let language = (try? await peopleSettings(of: asking))?.person(asker.identity).language ?? asking.language
            await tellPrivately(text(language), to: asker.nick, team: asking)
        }
        await transport(for: asking).post(text(asking.language), to: asking.channel)
    }

    /// Says again, in the asked team's channel, each open question that has waited `ask.remind_after`
    /// (the first time, after reading every team's open questions: those asked before a restart too).
    func remindQuestions(now: Date) async {
        if await questions.readAll() { await loadQuestions() }
        let config = config
        for item in await questions.remindersDue(at: now, after: TimeInterval(config.ask.remindAfter)) {
            guard let asked = config.team(id: item.team) else { continue }
            let from = config.team(id: item.from)?.name ?? item.from
            let minutes = Int(now.timeIntervalSince(item.askedAt) / 60)
            await transport(for: asked).post(Phrase.question(.reminder(number: item.number, from: from, minutes: minutes, text: item.text,
                                                                       prefix: engine.prefix)).text(asked.language), to: asked.channel)
            logger.info("question reminded", metadata: ["team.id": "\(asked.id)", "question.number": "\(item.number)"])
        }
    }

    /// Reads the open questions of every team that may be asked.
    func loadQuestions() async {
        let config = config
        for team in config.teams where !config.peers(of: team.id).isEmpty {
            do { _ = try await openQuestions(of: team) } catch {
                logger.error("could not read questions between teams from the journal", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
            }
        }
    }
}
