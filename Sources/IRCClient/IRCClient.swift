#if canImport(Glibc)
import Glibc
#endif
import IRCProtocol
import Logging
import Metrics
import NIOCore
import NIOPosix
import NIOSSL
import Crypto
import ServiceLifecycle
import Synchronization

/// How the client connects and behaves on the wire.
public struct IRCClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var identity: IRCClientIdentity
    /// Lines sent at once before pacing starts.
    public var floodBurst: Int = 4
    /// Lines per second once the burst is used.
    public var floodPerSecond: Double = 1
    /// Whether lines are paced at all; off only for servers that exempt the bot from flood limits.
    public var paced = true
    /// Silence after which the client sends a PING.
    public var pingInterval: Duration = .seconds(60)
    /// How long to wait for any reply to that PING before giving up on the connection.
    public var pingTimeout: Duration = .seconds(60)
    public var connectTimeout: Duration = .seconds(10)
    /// First reconnect delay; it doubles up to `reconnectMaxDelay`, with jitter.
    public var reconnectDelay: Duration = .seconds(1)
    public var reconnectMaxDelay: Duration = .seconds(60)
    public var rejoinDelay: Duration = .seconds(5)
    public var quitMessage: String = "Huddle stopping"
    /// How long a graceful shutdown waits for queued lines to go out before the QUIT.
    public var shutdownDrain: Duration = .seconds(3)
    /// TLS, when the server is reached over TLS.
    public var tls: TLSSettings?
    /// How long a SASL exchange may take before it is given up.
    public var saslTimeout: Duration = .seconds(30)
    /// How often the client asks for its configured nick back while it has another.
    public var regainInterval: Duration = .seconds(60)
    /// The answer to CTCP VERSION.
    public var version: String = "Huddle shift bot"

    /// Creates a configuration with sane defaults.
    public init(host: String, port: Int, identity: IRCClientIdentity) {
        self.host = host
        self.port = port
        self.identity = identity
    }
}

/// How the client talks TLS: which certificates it trusts and how it proves who it is.
public struct TLSSettings: Sendable, Hashable {
    /// SHA-256 fingerprints (hex, colons allowed) of server certificates to accept instead
    /// of the system trust store; empty means the system trust store and the host name.
    public var fingerprints: [String]
    /// PEM client certificate and key, for SASL EXTERNAL.
    public var clientCertificate: String?
    public var clientKey: String?

    /// Creates TLS settings.
    public init(fingerprints: [String] = [], clientCertificate: String? = nil, clientKey: String? = nil) {
        self.fingerprints = fingerprints
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }

    /// The SHA-256 fingerprint of a DER certificate, as compared: lower-case hex.
    public static func fingerprint(of der: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(SHA256.hash(data: der).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
    }

    /// A fingerprint in the form compared: lower-case hex without separators.
    public static func normalized(_ fingerprint: String) -> String {
        fingerprint.lowercased().filter { $0.isHexDigit }
    }
}

/// What the client tells the bot.
public enum IRCClientEvent: Sendable, Hashable {
    /// Registered as `nick`, with the IRCv3 capabilities the server enabled.
    case registered(nick: String, capabilities: Set<String>)
    case joined(channel: String)
    case message(IRCIncomingMessage)
    /// Logged in to an account through SASL.
    case loggedIn(account: String)
    case disconnected(reason: String)
    /// Someone else's nick stopped naming them (they changed it or quit).
    case nickGone(String)
    /// Someone else joined one of the connection's channels.
    case arrived(String)
    /// The server lets this connection join only `limit` channels; `channels` were left out (and
    /// dropped from the ones it joins on a reconnect), for another connection to take.
    case overChannelLimit(limit: Int, channels: [String])
}

/// A PRIVMSG or NOTICE waiting to be sent.
public struct IRCOutgoing: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case privmsg = "PRIVMSG", notice = "NOTICE"
        /// Joins `target`; the text is unused.
        case join = "JOIN"
        /// Leaves `target` with the text as the reason.
        case part = "PART"
    }
    public var kind: Kind
    public var target: String
    public var text: String
    /// For lines that must go out now or not at all (a prompt): told when they went out.
    var delivery: IRCDelivery?
    /// For a confirmation of what someone said in a channel: who and where (see `confirmation`).
    var confirming: IRCConfirmation?

    /// Creates an outgoing message.
    public init(_ kind: Kind, to target: String, text: String) {
        self.kind = kind
        self.target = target
        self.text = text
    }

    /// A confirmation for `person` of something they said in `channel`: a NOTICE to them (or,
    /// `publicly`, "person: text" in the channel). While lines wait to go out, confirmations
    /// queued for several people of one channel go out together as one line in that channel,
    /// so a shift-start burst of answers is confirmed in seconds, not a second per person.
    public static func confirmation(_ text: String, to person: String, in channel: String, publicly: Bool) -> IRCOutgoing {
        var message = IRCOutgoing(publicly ? .privmsg : .notice, to: publicly ? channel : person, text: text)
        message.confirming = IRCConfirmation(person: person, channel: channel, publicly: publicly)
        return message
    }

    public static func == (lhs: IRCOutgoing, rhs: IRCOutgoing) -> Bool {
        lhs.kind == rhs.kind && lhs.target == rhs.target && lhs.text == rhs.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(target)
        hasher.combine(text)
    }
}

/// Who a confirmation is for and where they said what it confirms.
struct IRCConfirmation: Sendable {
    var person: String
    var channel: String
    var publicly: Bool
}

/// A long-running IRC connection: connects, registers, joins, answers PING, paces what it
/// sends, and reconnects with backoff until graceful shutdown.
public final class IRCClient: Service, Sendable {
    public let configuration: IRCClientConfiguration
    /// Everything the client observes, for one consumer.
    public let events: AsyncStream<IRCClientEvent>
    private let eventSink: AsyncStream<IRCClientEvent>.Continuation
    /// Where events go: `events`, or the handler given at creation (called on the reading task).
    private let deliver: @Sendable (IRCClientEvent) -> Void
    private let outgoing = AsyncQueue<IRCOutgoing>()
    private let logger: Logger
    private let group: any EventLoopGroup
    private let current = Mutex<Channel?>(nil)
    /// The session of the current connection, once it runs.
    private let session = Mutex<IRCSession?>(nil)
    /// The channels the client is in or wants to be in; a reconnect joins these.
    private let wanted: Mutex<[String]>
    private let sslContext: NIOSSLContext?
    /// 1 while registered, else 0.
    private let connectedGauge: Gauge
    private let reconnects: Counter

    /// Creates a client; nothing happens until `run()`. Throws when the TLS settings cannot be
    /// used (a client certificate or key that does not load).
    /// With `onEvent`, events go to that handler as they happen, on the task that reads the
    /// connection, instead of to `events`: one hop fewer for every line.
    public init(configuration: IRCClientConfiguration, logger: Logger,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                onEvent: (@Sendable (IRCClientEvent) -> Void)? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        self.group = eventLoopGroup
        wanted = Mutex(configuration.identity.channels)
        let server = [("server", "\(configuration.host):\(configuration.port)")]
        connectedGauge = Gauge(label: "huddle_irc_connected", dimensions: server)
        reconnects = Counter(label: "huddle_irc_reconnects_total", dimensions: server)
        (events, eventSink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        deliver = onEvent ?? { [eventSink] in eventSink.yield($0) }
        if let tls = configuration.tls {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            if let certificate = tls.clientCertificate, let key = tls.clientKey {
                tlsConfiguration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                tlsConfiguration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
            if !tls.fingerprints.isEmpty { tlsConfiguration.certificateVerification = .noHostnameVerification }
            sslContext = try NIOSSLContext(configuration: tlsConfiguration)
        } else {
            sslContext = nil
        }
    }

    /// Queues a message; it is sent, paced, once the client is registered (after reconnects too).
    public func send(_ message: IRCOutgoing) {
        var clean = IRCOutgoing(message.kind, to: IRCText.sanitized(message.target), text: IRCText.sanitized(message.text))
        clean.confirming = message.confirming.map {
            IRCConfirmation(person: IRCText.sanitized($0.person), channel: IRCText.sanitized($0.channel), publicly: $0.publicly)
        }
        outgoing.push(clean)
    }

    /// The channels the client is in or joining.
    public var channels: [String] { wanted.withLock { $0 } }

    /// Sets the channels to be in: joins the new ones and leaves the ones no longer listed,
    /// saying `goodbye` there first, without dropping the connection. Returns what changed.
    @discardableResult
    public func setChannels(_ channels: [String], goodbye: (String) -> String? = { _ in nil },
                            partReason: String = "Huddle") -> (joined: [String], parted: [String]) {
        let (added, removed) = wanted.withLock { list -> ([String], [String]) in
            let fold = Casemapping.rfc1459.fold
            let old = Set(list.map(fold)), new = Set(channels.map(fold))
            defer { list = channels }
            return (channels.filter { !old.contains(fold($0)) }, list.filter { !new.contains(fold($0)) })
        }
        for channel in removed {
            if let text = goodbye(channel) { send(IRCOutgoing(.privmsg, to: channel, text: text)) }
            send(IRCOutgoing(.part, to: channel, text: partReason))
        }
        for channel in added { send(IRCOutgoing(.join, to: channel, text: "")) }
        return (added, removed)
    }

    /// Takes channels off the list without leaving them (they were never joined here).
    public func forget(_ channels: [String]) {
        let fold = Casemapping.rfc1459.fold
        let gone = Set(channels.map(fold))
        wanted.withLock { $0.removeAll { gone.contains(fold($0)) } }
    }

    /// The server's ISUPPORT as the current connection learnt it, if registered.
    public var isupport: ISupport? { session.withLock { $0?.isupport } }

    /// Whether `nick` is in `channel` (nil: in any channel the connection shares with them) now.
    public func isPresent(_ nick: String, in channel: String? = nil) -> Bool {
        session.withLock { $0 }?.isPresent(nick, in: channel) ?? false
    }

    /// Messages queued and not yet sent.
    public var pendingCount: Int { outgoing.count }

    /// Whether the connection is registered and in every channel it wants.
    public var hasJoinedAll: Bool {
        guard let session = session.withLock({ $0 }) else { return false }
        return channels.allSatisfy(session.isReady(for:))
    }

    /// Sends lines that must reach `channel` now, in order, or not at all (a prompt): returns true
    /// once all of them were written on a registered connection that has joined the channel;
    /// false at once when there is no registered connection, after `joinWait` when the channel
    /// is not joined by then, or when they could not start going out within `timeout` (they are
    /// then dropped, so nothing goes out later unannounced).
    public func deliver(_ lines: [String], privmsgTo channel: String, joinWait: Duration = .seconds(10),
                        timeout: Duration = .seconds(60)) async -> Bool {
        let joinDeadline = ContinuousClock.now + joinWait
        while true {
            guard let session = session.withLock({ $0 }), session.isRegistered else { return false }
            if session.isReady(for: channel) { break }
            guard ContinuousClock.now < joinDeadline, (try? await Task.sleep(for: .milliseconds(100))) != nil else { return false }
        }
        let delivery = IRCDelivery(count: lines.count)
        return await withTaskCancellationHandler {
            await withTaskGroup(of: Bool?.self) { group in
                group.addTask {
                    await withCheckedContinuation { continuation in
                        delivery.wait(continuation)
                        // A prompt goes ahead of what is less urgent (confirmations, reminders, help).
                        self.outgoing.pushFront(lines.map { line in
                            var message = IRCOutgoing(.privmsg, to: IRCText.sanitized(channel), text: IRCText.sanitized(line))
                            message.delivery = delivery
                            return message
                        })
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    delivery.abandon()
                    return nil
                }
                var result = false
                while let next = await group.next() {
                    guard let delivered = next else { continue }
                    result = delivered
                    group.cancelAll()
                }
                return result
            }
        } onCancel: {
            delivery.abandon()
        }
    }

    /// Connects and reconnects until graceful shutdown; then lets what is queued go out (for at
    /// most `shutdownDrain`, so a prompt is not cut in half), QUITs and returns.
    public func run() async throws {
        defer { eventSink.finish() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.connectLoop() }
            do {
                try await gracefulShutdown()
            } catch {
                group.cancelAll()
                return
            }
            let deadline = ContinuousClock.now + configuration.shutdownDrain
            while outgoing.count > 0, current.withLock({ $0 != nil }), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            closeCurrent(quit: true)
        }
    }

    private func connectLoop() async {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var reason = "connection closed"
            do {
                if try await runSession() { failures = 0 }
            } catch is CancellationError {
                break
            } catch {
                reason = "\(error)"
            }
            connectedGauge.record(0)
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            reconnects.increment()
            failures += 1
            let delay = backoff(failures: failures)
            logger.warning("IRC connection lost; reconnecting", metadata: [
                "irc.server": "\(configuration.host):\(configuration.port)", "irc.reason": "\(reason)",
                "irc.retry_in": "\(delay)"])
            deliver(.disconnected(reason: reason))
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            } catch {
                break
            }
        }
    }

    /// The delay before reconnect attempt `failures`: doubling from the first delay, capped, with ±25% jitter.
    public func backoff(failures: Int) -> Duration {
        let base = configuration.reconnectDelay * (1 << min(failures - 1, 16))
        let capped = min(base, configuration.reconnectMaxDelay)
        return capped * Double.random(in: 0.75...1.25)
    }

    private func closeCurrent(quit: Bool) {
        guard let channel = current.withLock({ $0 }) else { return }
        if quit {
            channel.writeAndFlush(IRCSession.wire(IRCMessage(command: "QUIT", params: [configuration.quitMessage]))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
    }

    /// One connection from connect to close; returns whether registration succeeded.
    private func runSession() async throws -> Bool {
        let asyncChannel = try await ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(configuration.connectTimeout.components.seconds * 1000)))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: configuration.host, port: configuration.port) { [sslContext, configuration] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let host = configuration.host
                        let isAddress = host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
                        let pins = Set((configuration.tls?.fingerprints ?? []).map(TLSSettings.normalized))
                        let handler: NIOSSLClientHandler
                        if pins.isEmpty {
                            handler = try NIOSSLClientHandler(context: sslContext, serverHostname: isAddress ? nil : host)
                        } else {
                            handler = try NIOSSLClientHandler(context: sslContext, serverHostname: isAddress ? nil : host) { certificates, promise in
                                let leaf = certificates.first.flatMap { try? $0.toDERBytes() } ?? []
                                promise.succeed(pins.contains(TLSSettings.fingerprint(of: leaf)) ? .certificateVerified : .failed)
                            }
                        }
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(IRCLineDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        current.withLock { $0 = asyncChannel.channel }
        defer { current.withLock { $0 = nil } }
        // Connected only after shutdown began: nothing waits to drain on this connection.
        if Task.isShuttingDownGracefully { closeCurrent(quit: true) }
        logger.info("IRC connected", metadata: ["irc.server": "\(configuration.host):\(configuration.port)"])
        return try await asyncChannel.executeThenClose { inbound, outbound in
            var configuration = configuration
            configuration.identity.channels = channels
            let channel = asyncChannel.channel
            let session = IRCSession(configuration: configuration, outbound: outbound, logger: logger, connected: connectedGauge,
                                     close: { channel.close(promise: nil) },
                                     dropped: { [weak self] over in self?.forget(over) })
            self.session.withLock { $0 = session }
            defer { self.session.withLock { $0 = nil } }
            return try await session.run(inbound: inbound, queue: outgoing, events: deliver)
        }
    }
}

/// The state of one connection, shared by its reader, keep-alive and sender tasks.
final class IRCSession: Sendable {
    struct Shared {
        var machine: IRCClientStateMachine
        var bucket: TokenBucket
        var lastInbound: ContinuousClock.Instant
        var pingSentAt: ContinuousClock.Instant?
        var registered = false
        var ctcpBucket = TokenBucket(burst: 3, perSecond: 0.2)
        var saslGeneration = 0
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
         close: @escaping @Sendable () -> Void, dropped: @escaping @Sendable ([String]) -> Void) {
        self.connected = connected
        self.close = close
        self.dropped = dropped
        self.configuration = configuration
        self.outbound = outbound
        self.logger = logger
        started = clock.now
        shared = Mutex(Shared(machine: IRCClientStateMachine(identity: configuration.identity),
                              bucket: TokenBucket(burst: configuration.floodBurst, perSecond: configuration.floodPerSecond),
                              lastInbound: clock.now))
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
        let opening = shared.withLock { $0.machine.start() }
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
                        state.lastInbound = clock.now
                        state.pingSentAt = nil
                        return state.machine.receive(message)
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
                            let generation = shared.withLock { state in
                                state.saslGeneration += 1
                                return state.saslGeneration
                            }
                            logger.info("IRC SASL started", metadata: ["irc.sasl.mechanism": "\(mechanism)"])
                            group.addTask { try await self.saslTimeout(generation: generation) }
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

    /// Sends queued messages, split to fit the line limit; waits for a channel to be joined first.
    private func sendQueued(_ queue: AsyncQueue<IRCOutgoing>) async throws {
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
    private func packed(_ item: inout IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> Int {
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
    private func merged(_ item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>, limit: Int) -> String {
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
    private func confirmations(from item: IRCOutgoing, queue: AsyncQueue<IRCOutgoing>) -> IRCOutgoing {
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

    /// What the server announced in 005.
    var isupport: ISupport { shared.withLock { $0.machine.isupport } }

    /// Whether lines for `channel` go out now: registered, and in the channel.
    func isReady(for channel: String) -> Bool {
        shared.withLock { $0.registered } && isJoined(channel)
    }

    private func isJoined(_ channel: String) -> Bool {
        shared.withLock { $0.machine.joinedChannels.contains($0.machine.isupport.casemapping.fold(channel)) }
    }

    /// Gives up SASL if the exchange started as `generation` has not finished in time.
    private func saslTimeout(generation: Int) async throws {
        try await Task.sleep(for: configuration.saslTimeout)
        let actions = shared.withLock { state in
            state.saslGeneration == generation ? state.machine.saslTimedOut() : []
        }
        for case .send(let message) in actions { try await write(message, paced: false) }
        if !actions.isEmpty { logger.warning("IRC SASL timed out; going on without an account") }
    }

    /// Asks for the configured nick back, now and then, while registered under another.
    private func regainLoop() async throws {
        while true {
            try await Task.sleep(for: configuration.regainInterval)
            for case .send(let message) in shared.withLock({ $0.machine.regainNick() }) { try await write(message) }
        }
    }

    /// Answers CTCP VERSION, PING and TIME by NOTICE, at most a few a minute.
    private func answerCTCP(from nick: String, command: String, argument: String) async throws {
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
    private func keepAlive() async throws {
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

/// The server did not answer a keep-alive PING in time.
struct IRCTimeoutError: Error, CustomStringConvertible {
    var seconds: Duration
    var description: String { "no reply from the server for \(seconds) after PING" }
}

/// The fate of a group of lines that must go out together now (a prompt): told to one waiter.
final class IRCDelivery: Sendable {
    private struct State {
        var remaining: Int
        var started = false
        var abandoned = false
        var waiter: CheckedContinuation<Bool, Never>?
    }
    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(remaining: count)) }

    /// Waits for the outcome (resumed at once when it is known already).
    func wait(_ continuation: CheckedContinuation<Bool, Never>) {
        let known = state.withLock { state -> Bool? in
            if state.abandoned { return false }
            if state.remaining == 0 { return true }
            state.waiter = continuation
            return nil
        }
        if let known { continuation.resume(returning: known) }
    }

    /// A line is about to go out; false when the delivery was given up (skip the line).
    func begin() -> Bool {
        state.withLock { state in
            guard !state.abandoned else { return false }
            state.started = true
            return true
        }
    }

    /// A line went out.
    func sent() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.remaining -= 1
            guard state.remaining <= 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: true)
    }

    /// The lines cannot all go out: the rest are skipped.
    func finish(_ delivered: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.abandoned = !delivered
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: delivered)
    }

    /// Gives up if nothing went out yet; once lines are going out, the delivery runs its course.
    func abandon() {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard !state.started, !state.abandoned, state.remaining > 0 else { return nil }
            state.abandoned = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }
}
