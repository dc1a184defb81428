import Foundation

/// A question one team asked another (`!vraag`), and how it ended.
public struct QuestionItem: Sendable, Hashable {
    /// The asked team's number for it.
    public var number: Int
    /// The id of the journal entry that asked it.
    public var id: String
    /// The team asked (whose journal holds it) and the team that asked.
    public var team: String
    public var from: String
    public var text: String
    public var tags: [String]
    /// Who asked (on their own team's platform).
    public var asker: Author?
    public var askedAt: Date
    /// When it was answered or closed, by whom, and the answer or the reason.
    public var endedAt: Date? = nil
    public var endedBy: String? = nil
    public var answer: String? = nil
    public var reason: String? = nil

    /// Whether it is still waiting for an answer.
    public var isOpen: Bool { endedAt == nil }
    /// Whether it was answered (rather than closed, or still open).
    public var isAnswered: Bool { answer != nil }

    /// The question of a `question` entry.
    public init?(_ entry: JournalEntry) {
        guard entry.type == .question, let number = entry.number, let from = entry.peer else { return nil }
        self.number = number
        id = entry.id
        team = entry.team
        self.from = from
        text = entry.text ?? ""
        tags = entry.tags ?? []
        asker = entry.author
        askedAt = entry.at
    }

    /// Minutes from asking to the answer, for an answered question.
    public var minutesToAnswer: Double? {
        guard isAnswered, let endedAt else { return nil }
        return endedAt.timeIntervalSince(askedAt) / 60
    }
}

extension TeamHistory {
    /// Every question asked of this team, in order of number, with how each ended (the first
    /// answer or closing counts).
    public var questions: [QuestionItem] {
        let active = active([.question, .questionAnswered, .questionClosed])
        var items: [String: QuestionItem] = [:]
        for entry in active where entry.type == .question { items[entry.id] = QuestionItem(entry) }
        for entry in active where entry.type != .question {
            guard let ref = entry.ref, items[ref]?.isOpen == true else { continue }
            items[ref]?.endedAt = entry.at
            items[ref]?.endedBy = entry.author?.nick
            if entry.type == .questionAnswered { items[ref]?.answer = entry.text ?? "" } else { items[ref]?.reason = entry.text ?? "" }
        }
        return items.values.sorted { $0.number < $1.number }
    }

    /// The highest number a question to this team has had (numbers are not reused).
    public var lastQuestionNumber: Int {
        entries.filter { $0.type == .question }.compactMap(\.number).max() ?? 0
    }
}

/// The open questions around one team, as the bot knows them now: those asked of it, those it
/// asked, and the teams it may ask.
public struct QuestionBoard: Sendable, Hashable {
    /// A team this one may ask: its id and name.
    public struct Peer: Sendable, Hashable {
        public var id: String
        public var name: String
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public var peers: [Peer]
    /// Open questions asked of this team, by number.
    public var received: [QuestionItem]
    /// Open questions this team asked other teams, oldest first.
    public var asked: [QuestionItem]

    /// Creates a board.
    public init(peers: [Peer] = [], received: [QuestionItem] = [], asked: [QuestionItem] = []) {
        self.peers = peers
        self.received = received
        self.asked = asked
    }

    /// The name of a team, as far as the board knows it.
    public func name(of team: String) -> String { peers.first { $0.id == team }?.name ?? team }

    /// The peer a text starts with (by id or name, ignoring case; the longest name first) and the rest.
    public func peer(startingWith text: String) -> (Peer, String)? {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let candidates = peers.flatMap { peer in [peer.id, peer.name].map { (peer, $0) } }.sorted { $0.1.count > $1.1.count }
        for (peer, name) in candidates {
            let key = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            guard folded.hasPrefix(key) else { continue }
            let rest = folded.dropFirst(key.count)
            // The name must end at a word's end: "keuken" is not "keukenhof".
            guard rest.isEmpty || rest.first == " " || rest.first == ":" || rest.first == "," else { continue }
            let restText = String(text.dropFirst(name.count)).trimmingCharacters(in: CharacterSet(charactersIn: ":,").union(.whitespaces))
            return (peer, restText)
        }
        return nil
    }
}
