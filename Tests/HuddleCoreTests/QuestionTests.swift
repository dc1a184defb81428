import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// Questions between teams in the core: who may be asked, how a line names the team, how `#n`
/// and a bare number are told apart from a huddle answer, and what the history makes of the entries.
@Suite struct QuestionTests {
    let team = CommandTests.team
    let now = utc("2026-11-23T06:05:00Z")
    let anna = Author(nick: "anna", account: "anna")
    static let board = QuestionBoard(peers: [.init(id: "keuken", name: "Keuken"), .init(id: "tech", name: "Technische dienst")])

    func question(_ number: Int, from: String = "keuken", at: Date? = nil) -> JournalEntry {
        var entry = JournalEntry(id: "q\(number)", at: at ?? now, team: team.id, type: .question, author: Author(nick: "bob", account: "bob"),
                                 text: "Vraag \(number)", number: number)
        entry.peer = from
        return entry
    }

    func handle(_ text: String, board: QuestionBoard = QuestionTests.board, open: Bool = false, engine: HuddleEngine = HuddleEngine()) -> HuddleEngine.Decision {
        var situation = ChatSituation(team: team, sender: anna, at: now, accountsAvailable: true, botNick: "huddle")
        if open { situation.openHuddle = team.occurrence(of: team.shifts[0], on: CalendarDay(parsing: "2026-11-23")!) }
        situation.questions = board
        return engine.handle(text, in: situation)
    }

    @Test func askNamesATeamByIdOrName() {
        let draft = EntryDraft(type: .question, text: "Is de lift weer heel?", peer: "receptie")
        #expect(handle("!vraag tech Is de lift weer heel?") == .ask(to: "tech", draft, language: .nl))
        #expect(handle("!vraag technische dienst: Is de lift weer heel?") == .ask(to: "tech", draft, language: .nl))
        #expect(handle("!ask KEUKEN, Is de lift weer heel?") == .ask(to: "keuken", EntryDraft(type: .question, text: "Is de lift weer heel?", peer: "receptie"), language: .nl))
        // A team's name must end where a word ends; with no text after it, the usage.
        #expect(handle("!vraag keukenhof Open?") == .reply([Phrase.question(.whichTeam(["keuken", "tech"], prefix: "!")).text(.nl)]))
        if case .reply(let lines) = handle("!vraag keuken") { #expect(lines.first?.hasPrefix("Gebruik") == true) }
        #expect(handle("!vraag keuken Is er soep?", board: QuestionBoard()) == .reply([Phrase.question(.noPeers).text(.nl)]))
    }

    /// Tags are kept, and personal data is screened as in observations.
    @Test func screened() {
        var settings = ChatSettings()
        settings.pii = .refuse
        guard case .reply = handle("!vraag keuken Gast 0612345678 wil ontbijt #allergie", engine: HuddleEngine(settings: settings)) else {
            Issue.record("a phone number was not refused")
            return
        }
        settings.pii = .mask
        #expect(handle("!vraag keuken Gast 0612345678 #allergie", engine: HuddleEngine(settings: settings)) ==
                .ask(to: "keuken", EntryDraft(type: .question, text: "Gast […] #allergie", tags: ["allergie"], peer: "receptie"), language: .nl))
    }

    /// `#n` always answers a team's question; a bare number does only while no huddle is open.
    @Test func answerOrHuddleAnswer() {
        let board = QuestionBoard(peers: Self.board.peers, received: [QuestionItem(question(2))!])
        let answer = HuddleEngine.Decision.record(EntryDraft(type: .questionAnswered, text: "Ja", number: 2, ref: "q2", peer: "keuken"),
                                                  ack: "Antwoord op vraag #2 doorgegeven aan Keuken.")
        #expect(handle("!antwoord #2 Ja", board: board) == answer)
        #expect(handle("!antwoord #2 Ja", board: board, open: true) == answer)
        #expect(handle("!antwoord 2 Ja", board: board) == answer)
        if case .record(let draft, _) = handle("!antwoord 2 Ja", board: board, open: true) { #expect(draft.type == .answer) } else { Issue.record("no huddle answer") }
        #expect(handle("!antwoord #3 Ja", board: board) == .reply([Phrase.question(.noSuch(3, prefix: "!")).text(.nl)]))
        #expect(handle("!antwoord 3 Ja", board: board) == .reply([Phrase.noOpenHuddle(prefix: "!").text(.nl)]))
        #expect(handle("!sluitvraag #2 Weet niemand", board: board) ==
                .record(EntryDraft(type: .questionClosed, text: "Weet niemand", number: 2, ref: "q2", peer: "keuken"), ack: "Vraag #2 gesloten; Keuken hoort waarom."))
        if case .reply(let lines) = handle("!sluitvraag #2", board: board) { #expect(lines.first?.hasPrefix("Gebruik") == true) }
        #expect(AnswerCommand.command.needsQuestions("1 Tekst", true) == false)
        #expect(AnswerCommand.command.needsQuestions("#1 Tekst", true) && AnswerCommand.command.needsQuestions("1 Tekst", false))
    }

    /// The first answer or closing ends a question; withdrawn entries do not count; numbers are not reused.
    @Test func history() {
        var answered = JournalEntry(id: "a", at: now.addingTimeInterval(300), team: team.id, type: .questionAnswered, author: anna, text: "Ja", ref: "q1")
        answered.peer = "keuken"
        let late = JournalEntry(id: "b", at: now.addingTimeInterval(600), team: team.id, type: .questionClosed, author: anna, text: "Dubbel", ref: "q1")
        let withdrawn = JournalEntry(id: "w", at: now.addingTimeInterval(30), team: team.id, type: .withdrawn, ref: "q3")
        let history = TeamHistory(entries: [question(1), answered, late, question(2, from: "tech"), question(3), withdrawn])
        let items = history.questions
        #expect(items.map(\.number) == [1, 2])
        #expect(items[0].answer == "Ja" && items[0].reason == nil && items[0].endedBy == "anna" && items[0].minutesToAnswer == 5)
        #expect(items[1].isOpen && items[1].from == "tech" && items[1].asker?.nick == "bob")
        #expect(history.lastQuestionNumber == 3)
    }

    @Test func config() throws {
        let yaml = """
        irc: {host: 127.0.0.1, nick: huddle}
        teams:
          - {id: receptie, channel: "#receptie", shifts: [{name: ochtend, start: "07:00"}]}
          - {id: keuken, channel: "#keuken", shifts: [{name: ochtend, start: "07:00"}]}
          - {id: bar, channel: "#bar", shifts: [{name: ochtend, start: "07:00"}]}
          - {id: tech, channel: "#tech", shifts: [{name: ochtend, start: "07:00"}]}
        groups:
          - {id: hotel, teams: [receptie, keuken]}
        ask:
          remind_after: 10m
          pairs: [[bar, keuken]]
        """
        let config = try ConfigLoader.load(yaml: yaml, path: "huddle.yaml")
        #expect(config.ask.remindAfter == 600)
        #expect(config.peers(of: "keuken").map(\.id) == ["receptie", "bar"])
        #expect(config.peers(of: "receptie").map(\.id) == ["keuken"])
        #expect(config.peers(of: "bar").map(\.id) == ["keuken"] && config.peers(of: "tech").isEmpty)
        let broken = yaml.replacingOccurrences(of: "pairs: [[bar, keuken]]", with: "pairs: [[bar, kuken], [bar]]")
            .replacingOccurrences(of: "remind_after: 10m", with: "remind_after: 10")
        do {
            _ = try ConfigLoader.load(yaml: broken, path: "huddle.yaml")
            Issue.record("a broken ask section loaded")
        } catch {
            let messages = error.issues.map(\.message)
            #expect(messages.contains("'ask.remind_after' must be a duration from 1m to 24h such as 15m, not '10'"))
            #expect(messages.contains { $0.hasPrefix("'ask.pairs[0]' names 'kuken', which is not a team id") })
            #expect(messages.contains("'ask.pairs[1]' must name two different teams, such as [receptie, keuken]"))
            #expect(error.issues.allSatisfy { $0.line != nil })
        }
    }
}

/// The digests count questions per team pair, how fast they were answered, which were not, and
/// what keeps being asked; the group digest puts the teams' pairs side by side.
@Suite struct QuestionDigestTests {
    let kitchen = TeamConfig(id: "keuken", name: "Keuken", channel: "#keuken", leaders: [], language: .nl,
                             timeZone: TimeZone(identifier: "Europe/Amsterdam")!, shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)])
    let week = ISOWeek(parsing: "2026-W48")!
    let monday = utc("2026-11-23T09:00:00Z")

    func asked(_ number: Int, from: String, _ text: String, at minutes: Double, tags: [String]? = nil) -> JournalEntry {
        var entry = JournalEntry(id: "q\(number)", at: monday.addingTimeInterval(minutes * 60), team: "keuken", type: .question,
                                 author: Author(nick: "anna"), text: text, tags: tags, number: number)
        entry.peer = from
        return entry
    }

    func ended(_ type: EntryType, _ number: Int, _ text: String, at minutes: Double) -> JournalEntry {
        JournalEntry(id: "e\(number)", at: monday.addingTimeInterval(minutes * 60), team: "keuken", type: type, author: Author(nick: "bob"),
                     text: text, number: number, ref: "q\(number)")
    }

    var entries: [JournalEntry] {
        [asked(1, from: "receptie", "Is de soep glutenvrij?", at: 0), ended(.questionAnswered, 1, "Ja", at: 5),
         asked(2, from: "receptie", "Welke soep is er vanavond?", at: 60), ended(.questionAnswered, 2, "Tomaat", at: 80),
         asked(3, from: "receptie", "Kan kamer 12 om 6 uur ontbijten?", at: 120), ended(.questionClosed, 3, "Vraag de nachtdienst", at: 130),
         asked(4, from: "bar", "Is er nog ijs?", at: 200)]
    }

    @Test func teamDigest() throws {
        let digest = DigestBuilder.build(team: kitchen, week: week, entries: entries)
        let questions = try #require(digest.questions)
        #expect(questions.pairs == [
            .init(from: "bar", to: "keuken", asked: 1, answered: 0, closed: 0, open: 1, medianMinutes: nil, p90Minutes: nil),
            .init(from: "receptie", to: "keuken", asked: 3, answered: 2, closed: 1, open: 0, medianMinutes: 12.5, p90Minutes: 20),
        ])
        #expect(questions.unanswered.map(\.number) == [3, 4] && questions.unanswered[0].reason == "Vraag de nachtdienst" && questions.unanswered[1].reason == nil)
        #expect(questions.themes.map(\.theme) == ["soep"] && questions.themes[0].count == 2)
        let text = DigestBuilder.text(digest, language: .nl)
        #expect(text.contains("Vragen van andere teams:\n  van bar: 1 vraag, 0 beantwoord, 0 gesloten, 1 open\n"
                              + "  van receptie: 3 vragen, 2 beantwoord (mediaan 12.5 min, p90 20 min), 1 gesloten, 0 open\n"
                              + "  Steeds gevraagd: soep ×2\n  #3 van receptie: Kan kamer 12 om 6 uur ontbijten? — gesloten: Vraag de nachtdienst\n"
                              + "  #4 van bar: Is er nog ijs? — nog open"))
        #expect(DigestHTML.render(digest, language: .en).contains("<li>from receptie: 3 questions, 2 answered (median 12.5 min, p90 20 min), 1 closed, 0 open</li>"))
        // Same journal, same bytes; a week without questions has no block.
        #expect(try DigestBuilder.encode(digest) == DigestBuilder.encode(DigestBuilder.build(team: kitchen, week: week, entries: entries.reversed())))
        #expect(DigestBuilder.build(team: kitchen, week: week.previous, entries: entries).questions == nil)
    }

    @Test func groupDigest() throws {
        let group = GroupConfig(id: "hotel", name: "Hotel", teams: ["receptie", "keuken"], digest: DigestSettings())
        var reception = kitchen
        (reception.id, reception.name, reception.channel) = ("receptie", "Receptie", "#receptie")
        let receptionQuestions = [asked(1, from: "keuken", "Komt de soep van de dag al?", at: 10)].map { entry in
            var moved = entry
            moved.team = "receptie"
            return moved
        }
        let digests = [DigestBuilder.build(team: reception, week: week, entries: receptionQuestions), DigestBuilder.build(team: kitchen, week: week, entries: entries)]
        let built = GroupDigest.build(group: group, digests: digests)
        let questions = try #require(built.questions)
        #expect(questions.pairs.map { "\($0.from)→\($0.to)" } == ["keuken→receptie", "bar→keuken", "receptie→keuken"])
        #expect(questions.themes.map(\.theme) == ["soep"] && questions.themes[0].teams == ["keuken"])
        let text = built.render(language: .nl, format: .text)
        #expect(text.contains("- Receptie → Keuken: 3 vragen, 2 beantwoord (mediaan 12.5 min, p90 20 min), 1 gesloten, 0 open"))
        #expect(text.contains("- steeds gevraagd: soep ×2 (Keuken): “Is de soep glutenvrij?”"))
    }
}
