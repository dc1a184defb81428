import IRCProtocol

extension IRCSession {
    /// Sends queued messages, split to fit the line limit; waits for a channel to be joined first.
    func sendQueued(_ queue: AsyncQueue<IRCOutgoing>) async throws {
        while let item = await queue.pop() {
            switch item.kind {
            case .join, .part:
                let params = item.kind == .join ? [item.target] : [item.target, item.text]
                do {
                    try await write(IRCMessage(command: item.kind.rawValue, params: params))
                } catch {
                    queue.pushFront([item])
                    throw error
                }
                continue
            case .privmsg, .notice:
                break
            }
            // Part of a delivery that was given up before it started: it must not go out late.
            if let delivery = item.delivery, !delivery.begin() { continue }
            var item = item.confirming == nil ? item : confirmations(from: item, queue: queue)
            let lines = item.delivery == nil ? 1 : packed(&item, queue: queue)
            if item.target.first.map({ "#&+!".contains($0) }) == true {
                for _ in 0..<50 where !isJoined(item.target) {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            let limit = shared.withLock { $0.machine.maxTextBytes(command: item.kind.rawValue, target: item.target) }
            let text = item.kind == .notice && item.delivery == nil && item.confirming == nil ? merged(item, queue: queue, limit: limit) : item.text
            let pieces = IRCText.split(text, maxBytes: limit)
            for (index, piece) in pieces.enumerated() {
                do {
                    try await write(IRCMessage(command: item.kind.rawValue, params: [item.target, piece]))
                } catch {
                    if let delivery = item.delivery {
                        // A prompt cut off by a lost connection is not finished on the next one.
                        delivery.finish(false)
                    } else {
                        queue.pushFront(pieces[index...].map { IRCOutgoing(item.kind, to: item.target, text: $0) })
                    }
                    throw error
                }
            }
            for _ in 0..<lines { item.delivery?.sent() }
        }
    }

    /// While other prompts wait behind this one, the rest of its lines go out joined (` · `
    /// between them) into as few lines as they fit: with many teams starting together, each
    /// prompt takes two lines instead of five, so the last one comes in time. Returns how many
    /// of the delivery's lines `item` now holds.
    func packed(_ item: inout IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> Int {
        guard let delivery = item.delivery, queue.contains(where: { $0.delivery != nil && $0.delivery !== delivery }) else { return 1 }
        let limit = shared.withLock { $0.machine.maxTextBytes(command: item.kind.rawValue, target: item.target) }
        let rest = queue.take(where: { $0.delivery === delivery }, limit: 100)
        let added: Int
        (item.text, added) = Self.joined(item.text, rest.map(\.text), limit: limit)
        queue.pushFront(Array(rest.dropFirst(added)))
        return 1 + added
    }

    /// A notice with the notices queued behind it for the same person, as one line where they
    /// fit (` · ` between them): under a burst of answers each person gets one line, not one each.
    func merged(_ item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>, limit: Int) -> String {
        let fold = shared.withLock { $0.machine.isupport.casemapping.fold }
        let target = fold(item.target)
        let more = queue.take(where: { $0.kind == .notice && $0.delivery == nil && fold($0.target) == target }, limit: 20)
        let (text, added) = Self.joined(item.text, more.map(\.text), limit: limit)
        queue.pushFront(Array(more.dropFirst(added)))
        return text
    }

    /// `text` and as many of `more` after it, in order, as fit in `limit` bytes (` · ` between
    /// them), with how many of `more` it took.
    static func joined(_ text: String, _ more: [String], limit: Int) -> (text: String, added: Int) {
        var text = text
        var added = 0
        for next in more {
            guard text.utf8.count + 3 + next.utf8.count <= limit else { break }
            text += " · " + next
            added += 1
        }
        return (text, added)
    }

    /// The line for a confirmation and those queued behind it for the same channel: one person's
    /// go to them as one notice (`publicly`: "anna: …" in the channel); several people's go to
    /// the channel as "anna: … · … | bob: …", as many as fit in one line, in the order they came.
    func confirmations(from item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> IRCOutgoing {
        guard let first = item.confirming else { return item }
        let (fold, channelLimit, noticeLimit) = shared.withLock {
            ($0.machine.isupport.casemapping.fold, $0.machine.maxTextBytes(command: "PRIVMSG", target: first.channel),
             $0.machine.maxTextBytes(command: "NOTICE", target: first.person))
        }
        let channel = fold(first.channel)
        let waiting = [item] + queue.take(where: { $0.confirming.map { fold($0.channel) == channel } ?? false }, limit: 50)
        let people = Set(waiting.map { fold($0.confirming!.person) })
        var line: IRCOutgoing
        var taken = 0
        if people.count == 1 {
            let limit = first.publicly ? channelLimit - first.person.utf8.count - 2 : noticeLimit
            let (text, added) = Self.joined(item.text, waiting.dropFirst().map(\.text), limit: limit)
            taken = 1 + added
            line = first.publicly ? IRCOutgoing(.privmsg, to: first.channel, text: "\(first.person): \(text)")
                                  : IRCOutgoing(.notice, to: first.person, text: text)
        } else {
            var groups: [(person: String, texts: [String])] = []
            func render(_ groups: [(person: String, texts: [String])]) -> String {
                groups.map { "\($0.person): \($0.texts.joined(separator: " · "))" }.joined(separator: " | ")
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
