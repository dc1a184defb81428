import IRCProtocol
import Logging
import Metrics
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

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
    /// The roster of the last connection, with who left when and its server's casemapping: the
    /// next connection starts from it, and it answers while there is none.
    private let lastRoster = Mutex((ChannelRoster(), Casemapping.rfc1459))
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
        sslContext = try configuration.tls?.makeContext()
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

    /// Whether `nick` is in `channel` now, or left it (or the connection was lost) at or after `since`.
    public func wasPresent(_ nick: String, in channel: String, since: ContinuousClock.Instant) -> Bool {
        if let session = session.withLock({ $0 }) { return session.wasPresent(nick, in: channel, since: since) }
        return lastRoster.withLock { $0.0.wasPresent(nick, in: channel, since: since, casemapping: $0.1) }
    }

    /// Messages queued and not yet sent.
    public var pendingCount: Int { outgoing.count }

    /// Whether the connection is registered and in every channel it wants.
    public var hasJoinedAll: Bool {
        guard let session = session.withLock({ $0 }) else { return false }
        return channels.allSatisfy(session.isReady(for:))
    }

}

extension IRCClient {
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
}

extension IRCClient {

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
                        let handler = try TLSSettings.handler(context: sslContext, host: configuration.host,
                                                              fingerprints: configuration.tls?.fingerprints ?? [])
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
                                     roster: lastRoster.withLock { $0.0 }, close: { channel.close(promise: nil) },
                                     dropped: { [weak self] over in self?.forget(over) })
            self.session.withLock { $0 = session }
            defer {
                lastRoster.withLock { $0 = session.finalRoster() }
                self.session.withLock { $0 = nil }
            }
            return try await session.run(inbound: inbound, queue: outgoing, events: deliver)
        }
    }
}
