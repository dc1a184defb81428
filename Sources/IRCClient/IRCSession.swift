import IRCProtocol
import Logging
import Metrics
import NIOCore
import NIOSSL
import Synchronization

/// The state of one connection, shared by its reader, keep-alive and sender tasks.
final class IRCSession: Sendable {
    struct Shared {
        var machine: IRCClientStateMachine
        var bucket: TokenBucket
        var keepAlive: IRCKeepAlive<ContinuousClock.Instant>
        var regain: IRCNickRegain<ContinuousClock.Instant>
        var sasl: SASLTimer<ContinuousClock.Instant>
        var ctcp: CTCPResponder<ContinuousClock.Instant>
        var registered = false
    }

    let configuration: IRCClientConfiguration
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let logger: Logger
    let shared: Mutex<Shared>
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    let connected: Gauge
    /// Closes the connection, which ends the reading loop (a dead link gives it nothing to read).
    let close: @Sendable () -> Void
    /// Takes channels off the client's list (the server's channel limit left them out).
    let dropped: @Sendable ([String]) -> Void

    init(configuration: IRCClientConfiguration, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, logger: Logger, connected: Gauge,
         roster: ChannelRoster, close: @escaping @Sendable () -> Void, dropped: @escaping @Sendable ([String]) -> Void) {
        self.connected = connected
        self.close = close
        self.dropped = dropped
        self.configuration = configuration
        self.outbound = outbound
        self.logger = logger
        started = clock.now
        shared = Mutex(Shared(machine: IRCClientStateMachine(identity: configuration.identity, roster: roster),
                              bucket: TokenBucket(burst: configuration.floodBurst, perSecond: configuration.floodPerSecond),
                              keepAlive: IRCKeepAlive(interval: configuration.pingInterval, timeout: configuration.pingTimeout, now: started),
                              regain: IRCNickRegain(interval: configuration.regainInterval, now: started),
                              sasl: SASLTimer(timeout: configuration.saslTimeout),
                              ctcp: CTCPResponder(version: configuration.version, now: started)))
    }

    /// Writes one line. `paced` lines take a token from the flood-control bucket and wait for
    /// it; protocol replies (registration, PONG) go out at once.
    func write(_ message: IRCMessage, paced: Bool = true) async throws {
        if paced && configuration.paced {
            let now = (clock.now - started) / .seconds(1)
            let wait = shared.withLock { $0.bucket.take(now: now) }
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        }
        let secret = message.command == "PASS" || (message.command == "AUTHENTICATE" && message.params.first.map { !["PLAIN", "EXTERNAL", "+", "*"].contains($0) } == true)
        logger.trace("IRC >>", metadata: ["irc.line": "\(secret ? "\(message.command) ****" : message.wireLine)"])
        try await outbound.write(Self.wire(message))
    }

    /// A message's line with its CR LF, in one buffer.
    static func wire(_ message: IRCMessage) -> ByteBuffer {
        let capacity = message.wireCapacity + 2
        var buffer = ByteBufferAllocator().buffer(capacity: capacity)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = message.serialize(into: bytes)
            bytes[count] = UInt8(ascii: "\r")
            bytes[count + 1] = UInt8(ascii: "\n")
            return count + 2
        }
        return buffer
    }

    func run(inbound: NIOAsyncChannelInboundStream<ByteBuffer>, queue: AsyncQueue<IRCOutgoing>,
             events: @escaping @Sendable (IRCClientEvent) -> Void) async throws -> Bool {
        let opening = shared.withLock { $0.machine.start(at: clock.now) }
        for case .send(let message) in opening { try await write(message, paced: false) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.keepAlive() }
            group.addTask { try await self.regainLoop() }
            do {
                for try await buffer in inbound {
                    let message: IRCMessage
                    do {
                        message = try buffer.withUnsafeReadableBytes { try IRCMessage(utf8: $0.bindMemory(to: UInt8.self)) }
                    } catch {
                        logger.warning("IRC line skipped", metadata: [
                            "irc.error": "\(error)", "irc.line": "\(IRCText.decode(buffer.readableBytesView).prefix(200))"])
                        continue
                    }
                    logger.trace("IRC <<", metadata: ["irc.line": "\(IRCText.decode(buffer.readableBytesView).prefix(600))"])
                    let actions = shared.withLock { state in
                        state.keepAlive.received(at: clock.now)
                        return state.machine.receive(message, at: clock.now)
                    }
                    for action in actions {
                        switch action {
                        case .send(let reply):
                            try await write(reply, paced: reply.command != "PONG" && reply.command != "CAP")
                        case .registered(let nick):
                            let capabilities = shared.withLock { state in
                                state.registered = true
                                return state.machine.enabledCapabilities
                            }
                            logger.info("IRC registered", metadata: ["irc.nick": "\(nick)", "irc.caps": "\(capabilities.sorted().joined(separator: " "))"])
                            connected.record(1)
                            events(.registered(nick: nick, capabilities: capabilities))
                            group.addTask { try await self.sendQueued(queue) }
                        case .joined(let channel):
                            logger.info("IRC joined", metadata: ["irc.channel": "\(channel)"])
                            events(.joined(channel: channel))
                        case .kicked(let channel, let by, let reason):
                            logger.warning("IRC kicked; rejoining", metadata: ["irc.channel": "\(channel)", "irc.by": "\(by)", "irc.reason": "\(reason)"])
                            group.addTask {
                                try await Task.sleep(for: self.configuration.rejoinDelay)
                                try await self.write(IRCMessage(command: "JOIN", params: [channel]))
                            }
                        case .cannotJoin(let channel, let numeric, let reason):
                            logger.error("IRC cannot join channel; not trying again on this connection",
                                         metadata: ["irc.channel": "\(channel)", "irc.numeric": "\(numeric)", "irc.reason": "\(reason)"])
                        case .message(let incoming):
                            events(.message(incoming))
                        case .serverError(let text):
                            logger.warning("IRC server error", metadata: ["irc.error": "\(text)"])
                        case .saslStarted(let mechanism):
                            let deadline = shared.withLock { $0.sasl.start(at: clock.now) }
                            logger.info("IRC SASL started", metadata: ["irc.sasl.mechanism": "\(mechanism)"])
                            group.addTask { try await self.saslTimeout(until: deadline) }
                        case .loggedIn(let account):
                            logger.info("IRC logged in", metadata: ["irc.account": "\(account)"])
                            events(.loggedIn(account: account))
                        case .saslFailed(let reason):
                            logger.warning("IRC SASL did not log in; going on without an account", metadata: ["irc.reason": "\(reason)"])
                        case .nickGone(let nick):
                            events(.nickGone(nick))
                        case .arrived(let nick):
                            events(.arrived(nick))
                        case .overChannelLimit(let limit, let over):
                            logger.warning("IRC server allows \(limit) channels per connection; not joining the others here",
                                           metadata: ["irc.channels.over": "\(over.joined(separator: ","))"])
                            dropped(over)
                            events(.overChannelLimit(limit: limit, channels: over))
                        case .ctcpQuery(let from, let command, let argument):
                            try await answerCTCP(from: from, command: command, argument: argument)
                        }
                    }
                }
            } catch NIOSSLError.uncleanShutdown {
                logger.debug("IRC TLS connection closed without close_notify")
            }
            group.cancelAll()
        }
        return shared.withLock { $0.registered }
    }

    /// Whether the connection is registered.
    var isRegistered: Bool { shared.withLock { $0.registered } }

    /// Whether `nick` is in `channel` (nil: in any of the connection's channels), as far as the roster knows.
    func isPresent(_ nick: String, in channel: String?) -> Bool {
        shared.withLock { state in
            let casemapping = state.machine.isupport.casemapping
            return channel.map { state.machine.roster.contains(nick, in: $0, casemapping: casemapping) }
                ?? state.machine.roster.contains(nick, casemapping: casemapping)
        }
    }

    /// Whether `nick` is in `channel`, or left it at or after `since`.
    func wasPresent(_ nick: String, in channel: String, since: ContinuousClock.Instant) -> Bool {
        shared.withLock { $0.machine.roster.wasPresent(nick, in: channel, since: since, casemapping: $0.machine.isupport.casemapping) }
    }

    /// The roster as the connection ends (everyone in it leaves now), with the server's casemapping.
    func finalRoster() -> (ChannelRoster, Casemapping) {
        shared.withLock { state in
            var roster = state.machine.roster
            roster.removeAll(at: clock.now)
            return (roster, state.machine.isupport.casemapping)
        }
    }

    /// What the server announced in 005.
    var isupport: ISupport { shared.withLock { $0.machine.isupport } }

    /// Whether lines for `channel` go out now: registered, and in the channel.
    func isReady(for channel: String) -> Bool {
        shared.withLock { $0.registered } && isJoined(channel)
    }

    func isJoined(_ channel: String) -> Bool {
        shared.withLock { $0.machine.joinedChannels.contains($0.machine.isupport.casemapping.fold(channel)) }
    }

    /// How waiting lines are merged and split, with the server's casemapping and line limits as they are now.
    var packer: IRCLinePacker {
        IRCLinePacker(wording: configuration.wording, casemapping: shared.withLock { $0.machine.isupport.casemapping },
                      maxTextBytes: { command, target in
                          self.shared.withLock { $0.machine.maxTextBytes(command: command, target: target) }
                      })
    }
}

/// The server did not answer a keep-alive PING in time.
struct IRCTimeoutError: Error, CustomStringConvertible {
    var seconds: Duration
    var description: String { "no reply from the server for \(seconds) after PING" }
}
