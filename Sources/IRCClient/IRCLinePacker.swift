import IRCProtocol

/// Decides how waiting lines go out in as few as fit: a prompt's lines while other prompts wait
/// behind it, notices to one person, and confirmations for one channel. Pure: it takes from and
/// puts back into the queue it is given and never waits, so it is tested without a socket.
struct IRCLinePacker {
    /// The marks between merged texts.
    var wording: ConfirmationWording
    /// How the server folds names.
    var casemapping: Casemapping
    /// The longest text that fits in one line of a command to a target, in UTF-8 bytes.
    var maxTextBytes: (_ command: String, _ target: String) -> Int

    /// The line to send for `item` (taken off the front of `queue`), with what waits behind it
    /// for the same place merged in, and how many lines of a prompt it now holds. Lines that did
    /// not fit go back to the front of the queue, in order.
    func prepare(_ item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> (item: IRCOutgoing, lines: Int) {
        var item = item.confirming == nil ? item : confirmations(from: item, queue: queue)
        let lines = item.delivery == nil ? 1 : packed(&item, queue: queue)
        return (item, lines)
    }

    /// The texts of the lines that carry `item` once it may go out: a plain notice with the
    /// notices waiting for the same person merged in, split to fit the line limit.
    func texts(for item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> [String] {
        let limit = maxTextBytes(item.kind.rawValue, item.target)
        let text = item.kind == .notice && item.delivery == nil && item.confirming == nil ? merged(item, queue: queue, limit: limit) : item.text
        return IRCText.split(text, maxBytes: limit)
    }

    /// While other prompts wait behind this one, the rest of its lines go out joined into as few
    /// lines as they fit: with many teams starting together, each prompt takes two lines instead
    /// of five, so the last one comes in time. Returns how many of the delivery's lines `item` holds.
    func packed(_ item: inout IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> Int {
        guard let delivery = item.delivery, queue.contains(where: { $0.delivery != nil && $0.delivery !== delivery }) else { return 1 }
        let limit = maxTextBytes(item.kind.rawValue, item.target)
        let rest = queue.take(where: { $0.delivery === delivery }, limit: 100)
        let added: Int
        (item.text, added) = joined(item.text, rest.map(\.text), limit: limit)
        queue.pushFront(Array(rest.dropFirst(added)))
        return 1 + added
    }

    /// A notice with the notices queued behind it for the same person, as one line where they
    /// fit: under a burst of answers each person gets one line, not one each.
    func merged(_ item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>, limit: Int) -> String {
        let fold = casemapping.fold
        let target = fold(item.target)
        let more = queue.take(where: { $0.kind == .notice && $0.delivery == nil && fold($0.target) == target }, limit: 20)
        let (text, added) = joined(item.text, more.map(\.text), limit: limit)
        queue.pushFront(Array(more.dropFirst(added)))
        return text
    }

    /// `text` and as many of `more` after it, in order, as fit in `limit` bytes, with how many of
    /// `more` it took.
    func joined(_ text: String, _ more: [String], limit: Int) -> (text: String, added: Int) {
        let between = wording.between
        var text = text
        var added = 0
        for next in more {
            guard text.utf8.count + between.utf8.count + next.utf8.count <= limit else { break }
            text += between + next
            added += 1
        }
        return (text, added)
    }

    /// The line for a confirmation and those queued behind it for the same channel: one person's
    /// go to them as one notice (`publicly`: "anna: …" in the channel); several people's go to
    /// the channel as "anna: … · … | bob: …", as many as fit in one line, in the order they came.
    func confirmations(from item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> IRCOutgoing {
        guard let first = item.confirming else { return item }
        let fold = casemapping.fold
        let channelLimit = maxTextBytes("PRIVMSG", first.channel)
        let noticeLimit = maxTextBytes("NOTICE", first.person)
        let channel = fold(first.channel)
        let waiting = [item] + queue.take(where: { $0.confirming.map { fold($0.channel) == channel } ?? false }, limit: 50)
        let people = Set(waiting.map { fold($0.confirming!.person) })
        var line: IRCOutgoing
        var taken = 0
        if people.count == 1 {
            let limit = first.publicly ? channelLimit - first.person.utf8.count - wording.afterName.utf8.count : noticeLimit
            let (text, added) = joined(item.text, waiting.dropFirst().map(\.text), limit: limit)
            taken = 1 + added
            line = first.publicly ? IRCOutgoing(.privmsg, to: first.channel, text: wording.addressed(text, to: first.person))
                                  : IRCOutgoing(.notice, to: first.person, text: text)
        } else {
            var groups: [(person: String, texts: [String])] = []
            func render(_ groups: [(person: String, texts: [String])]) -> String {
                groups.map { wording.addressed($0.texts.joined(separator: wording.between), to: $0.person) }
                    .joined(separator: wording.betweenPeople)
            }
            for next in waiting {
                var trial = groups
                let person = next.confirming!.person
                if let index = trial.firstIndex(where: { fold($0.person) == fold(person) }) {
                    trial[index].texts.append(next.text)
                } else {
                    trial.append((person, [next.text]))
                }
                // The first always goes (split over lines if it alone is too long).
                guard taken == 0 || render(trial).utf8.count <= channelLimit else { break }
                groups = trial
                taken += 1
            }
            line = IRCOutgoing(.privmsg, to: first.channel, text: render(groups))
        }
        queue.pushFront(Array(waiting[taken...]))
        line.confirming = first
        return line
    }
}
