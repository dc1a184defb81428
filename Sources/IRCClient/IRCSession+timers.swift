#if canImport(Glibc)
import Glibc
#endif
import IRCProtocol
import Logging

extension IRCSession {
    /// Gives up SASL if the exchange that set `deadline` has not finished by then.
    func saslTimeout(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: clock)
        let actions = shared.withLock { state in
            state.sasl.expire(at: clock.now) ? state.machine.saslTimedOut() : []
        }
        for case .send(let message) in actions { try await write(message, paced: false) }
        if !actions.isEmpty { logger.warning("IRC SASL timed out; going on without an account") }
    }

    /// Asks for the configured nick back, now and then, while registered under another.
    func regainLoop() async throws {
        while true {
            try await Task.sleep(until: shared.withLock { $0.regain.deadline }, clock: clock)
            let actions = shared.withLock { state in state.regain.isDue(at: clock.now) ? state.machine.regainNick() : [] }
            for case .send(let message) in actions { try await write(message) }
        }
    }

    /// Answers CTCP VERSION, PING and TIME by NOTICE, at most a few a minute.
    func answerCTCP(from nick: String, command: String, argument: String) async throws {
        let reply = shared.withLock { state in
            state.ctcp.reply(to: nick, command: command, argument: argument, at: clock.now, time: Self.timeString)
        }
        if let reply { try await write(reply) }
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
    /// stalled or half-open link never ends the reading loop by itself. Sleeps until the
    /// keep-alive's next deadline; a line that came meanwhile only moves that deadline on.
    func keepAlive() async throws {
        while true {
            try await Task.sleep(until: shared.withLock { $0.keepAlive.deadline }, clock: clock)
            switch shared.withLock({ $0.keepAlive.poll(at: clock.now) }) {
            case .wait:
                continue
            case .ping:
                try await write(IRCMessage(command: "PING", params: ["huddle"]), paced: false)
            case .timedOut:
                logger.warning("IRC server silent after PING; dropping the connection",
                               metadata: ["irc.ping_timeout": "\(configuration.pingTimeout)"])
                close()
                throw IRCTimeoutError(seconds: configuration.pingTimeout)
            }
        }
    }
}
