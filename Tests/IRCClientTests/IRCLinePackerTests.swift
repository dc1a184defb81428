import IRCProtocol
import Testing
@testable import IRCClient

/// The marks the bot gives, as in the phrase catalogue.
let catalogueWording = ConfirmationWording(between: " · ", betweenPeople: " | ", afterName: ": ")

@Suite struct IRCLinePackerTests {
    func packer(limit: Int = 400, wording: ConfirmationWording = catalogueWording) -> IRCLinePacker {
        IRCLinePacker(wording: wording, casemapping: .rfc1459, maxTextBytes: { _, _ in limit })
    }

    func queue(_ items: [IRCOutgoing]) -> AsyncQueue<IRCOutgoing> {
        let queue = AsyncQueue<IRCOutgoing>()
        for item in items { queue.push(item) }
        return queue
    }

    func waiting(_ queue: AsyncQueue<IRCOutgoing>) -> [String] {
        queue.take(where: { _ in true }, limit: .max).map { "\($0.kind.rawValue) \($0.target) :\($0.text)" }
    }

    func prompt(_ lines: [String], to channel: String = "#team") -> [IRCOutgoing] {
        let delivery = IRCDelivery(count: lines.count)
        return lines.map { line in
            var message = IRCOutgoing(.privmsg, to: channel, text: line)
            message.delivery = delivery
            return message
        }
    }

    /// Notices waiting for the same person (any case) join the first as one line; others keep their place.
    @Test func noticesForOnePersonAreMerged() {
        let queue = queue([IRCOutgoing(.notice, to: "Anna", text: "Genoteerd 2"), IRCOutgoing(.notice, to: "bob", text: "Hoi"),
                           IRCOutgoing(.notice, to: "anna", text: "Genoteerd 3")])
        let first = IRCOutgoing(.notice, to: "anna", text: "Genoteerd 1")
        let (item, lines) = packer().prepare(first, queue: queue)
        #expect(lines == 1)
        #expect(packer().texts(for: item, queue: queue) == ["Genoteerd 1 · Genoteerd 2 · Genoteerd 3"])
        #expect(waiting(queue) == ["NOTICE bob :Hoi"])
    }

    /// What does not fit in the line goes back to the front of the queue, in order.
    @Test func mergingStopsAtTheLimit() {
        let queue = queue([IRCOutgoing(.privmsg, to: "#team", text: "regel"),
                           IRCOutgoing(.notice, to: "anna", text: "bbbbbbbbbb"), IRCOutgoing(.notice, to: "anna", text: "cccccccccc")])
        let texts = packer(limit: 25).texts(for: IRCOutgoing(.notice, to: "anna", text: "aaaaaaaaaa"), queue: queue)
        #expect(texts == ["aaaaaaaaaa · bbbbbbbbbb"])
        #expect(waiting(queue) == ["NOTICE anna :cccccccccc", "PRIVMSG #team :regel"])
    }

    /// One person's confirmations reach them as one notice, or publicly as "anna: …" in the channel.
    @Test func onePersonsConfirmations() {
        let quiet = queue([.confirmation("Genoteerd 2", to: "anna", in: "#team", publicly: false)])
        let (notice, _) = packer().prepare(.confirmation("Genoteerd 1", to: "anna", in: "#team", publicly: false), queue: quiet)
        #expect(notice == IRCOutgoing(.notice, to: "anna", text: "Genoteerd 1 · Genoteerd 2"))
        #expect(notice.confirming != nil)
        let loud = queue([.confirmation("✓", to: "anna", in: "#team", publicly: true)])
        let (reply, _) = packer().prepare(.confirmation("✓", to: "anna", in: "#team", publicly: true), queue: loud)
        #expect(reply == IRCOutgoing(.privmsg, to: "#team", text: "anna: ✓ · ✓"))
        #expect(packer().texts(for: reply, queue: loud) == ["anna: ✓ · ✓"])
    }

    /// Several people's confirmations for one channel go there as one line, grouped per person in
    /// the order they came; another channel's wait.
    @Test func severalPeopleInOneLine() {
        let queue = queue([.confirmation("b1", to: "bob", in: "#team", publicly: false),
                           .confirmation("x", to: "carl", in: "#other", publicly: false),
                           .confirmation("a2", to: "anna", in: "#TEAM", publicly: false)])
        let (line, _) = packer().prepare(.confirmation("a1", to: "anna", in: "#team", publicly: false), queue: queue)
        #expect(line == IRCOutgoing(.privmsg, to: "#team", text: "anna: a1 · a2 | bob: b1"))
        #expect(waiting(queue) == ["NOTICE carl :x"])
    }

    /// As many people as fit in the channel's line; the first always goes, the rest wait in order.
    @Test func severalPeopleUpToTheLimit() {
        let people = (1...6).map { "p\($0)" }
        let queue = queue(people.dropFirst().map { .confirmation("Genoteerd", to: $0, in: "#team", publicly: false) })
        let (line, _) = packer(limit: 40).prepare(.confirmation("Genoteerd", to: "p1", in: "#team", publicly: false), queue: queue)
        #expect(line.text == "p1: Genoteerd | p2: Genoteerd")
        #expect(waiting(queue) == ["NOTICE p3 :Genoteerd", "NOTICE p4 :Genoteerd", "NOTICE p5 :Genoteerd", "NOTICE p6 :Genoteerd"])
    }

    /// While another prompt waits, a prompt's lines go out joined into as few lines as fit; alone, each keeps its line.
    @Test func waitingPromptsArePacked() {
        let first = prompt(["Huddle 1", "1. Wie?", "2. Wat?", "3. Hoe?"])
        let second = prompt(["Huddle 2", "1. Wie?"])
        let queue = queue(Array(first.dropFirst()) + second)
        let (item, lines) = packer(limit: 30).prepare(first[0], queue: queue)
        #expect(lines == 3)
        #expect(item.text == "Huddle 1 · 1. Wie? · 2. Wat?")
        #expect(waiting(queue) == ["PRIVMSG #team :3. Hoe?", "PRIVMSG #team :Huddle 2", "PRIVMSG #team :1. Wie?"])

        let alone = self.queue(Array(second.dropFirst()))
        let (single, count) = packer().prepare(second[0], queue: alone)
        #expect(count == 1 && single.text == "Huddle 2")
        #expect(packer().texts(for: single, queue: alone) == ["Huddle 2"])
        #expect(waiting(alone) == ["PRIVMSG #team :1. Wie?"])
    }

    /// The marks come from the wording the bot gives; the packer adds none of its own.
    @Test func wordingComesFromOutside() {
        let wording = ConfirmationWording(between: " + ", betweenPeople: " // ", afterName: " -> ")
        let queue = queue([.confirmation("b", to: "bob", in: "#team", publicly: false),
                           .confirmation("a2", to: "anna", in: "#team", publicly: false)])
        let (line, _) = packer(wording: wording).prepare(.confirmation("a1", to: "anna", in: "#team", publicly: false), queue: queue)
        #expect(line.text == "anna -> a1 + a2 // bob -> b")
        let notices = self.queue([IRCOutgoing(.notice, to: "anna", text: "2")])
        #expect(packer(wording: wording).texts(for: IRCOutgoing(.notice, to: "anna", text: "1"), queue: notices) == ["1 + 2"])
    }

    /// A text longer than a line is split, whole words where it can be, never merged with more.
    @Test func longTextIsSplit() {
        let long = (1...30).map { "woord\($0)" }.joined(separator: " ")
        let texts = packer(limit: 50).texts(for: IRCOutgoing(.privmsg, to: "#team", text: long), queue: queue([]))
        #expect(texts.count > 1 && texts.allSatisfy { $0.utf8.count <= 50 })
        #expect(texts.joined(separator: " ") == long)
    }
}
