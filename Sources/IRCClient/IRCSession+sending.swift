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
            let (item, lines) = packer.prepare(item, queue: queue)
            if item.target.first.map({ "#&+!".contains($0) }) == true {
                for _ in 0..<50 where !isJoined(item.target) {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            let pieces = packer.texts(for: item, queue: queue)
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
}
