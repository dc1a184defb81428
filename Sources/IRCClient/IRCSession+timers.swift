#if canImport(Glibc)
import Glibc
#endif
import IRCProtocol
import Logging

extension IRCSession {
    /// Gives up SASL if the exchange started as `generation` has not finished in time.
    func saslTimeout(generation: Int) async throws {
        try await Task.sleep(for: configuration.saslTimeout)
        let actions = shared.withLock { state in
            state.saslGeneration == generation ? state.machine.saslTimedOut() : []
        }
        for case .send(let message) in actions { try await write(message, paced: false) }
        if !actions.isEmpty { logger.warning("IRC SASL timed out; going on without an account") }
    }

    /// Asks for the configured nick back, now and then, while registered under another.
    func regainLoop() async throws {
        while true {
            try await Task.sleep(for: configuration.regainInterval)
            for case .send(let message) in shared.withLock({ $0.machine.regainNick() }) { try await write(message) }
        }
    }

    /// Answers CTCP VERSION, PING and TIME by NOTICE, at most a few a minute.
    func answerCTCP(from nick: String, command: String, argument: String) async throws {
        let reply: String
        switch command {
        case "VERSION": reply = configuration.version
        case "PING": reply = String(argument.prefix(64))
        case "TIME": reply = Self.timeString()
        default: return
        }
        let now = (clock.now - started) / .seconds(1)
        guard shared.withLock({ $0.ctcpBucket.takeIfAvailable(now: now) }) else { return }
        let text = "\u{01}\(command)\(reply.isEmpty ? "" : " " + reply)\u{01}"
        try await write(IRCMessage(command: "NOTICE", params: [nick, text]))
    }

    static func timeString() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [Int8](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends PING after silence and closes the connection when nothing answers in time: a
    /// stalled or half-open link never ends the reading loop by itself.
    func keepAlive() async throws {
        while true {
            try await Task.sleep(for: .seconds(1))
            let now = clock.now
            let action: IRCMessage? = try shared.withLock { state in
                if let sent = state.pingSentAt {
                    if now - sent > configuration.pingTimeout {
                        logger.warning("IRC server silent after PING; dropping the connection",
                                       metadata: ["irc.ping_timeout": "\(configuration.pingTimeout)"])
                        close()
                        throw IRCTimeoutError(seconds: configuration.pingTimeout)
                    }
                    return nil
                }
                guard now - state.lastInbound > configuration.pingInterval else { return nil }
                state.pingSentAt = now
                return IRCMessage(command: "PING", params: ["huddle"])
            }
            if let action { try await write(action, paced: false) }
        }
    }
}
