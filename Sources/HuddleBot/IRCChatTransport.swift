import Foundation
import HuddleCore
import IRCClient
import IRCProtocol
import Logging
import ServiceLifecycle
import Synchronization

/// The transport cannot start: a secret or a certificate is missing.
public struct TransportSetupError: Error, CustomStringConvertible {
    public var description: String
    /// An error with this text.
    public init(_ description: String) { self.description = description }
}

/// The IRC transport: one or more `IRCClient` connections to the same server, seen as one
/// `ChatTransport`. A server lets a connection join only so many channels (ISUPPORT
/// `CHANLIMIT`/`MAXCHANNELS`); when the teams need more, the channels a connection was not
/// allowed go to further connections (`irc.connections`, at most `irc.max_connections`), each
/// with its own nick, flood budget and reconnects, all feeding the one bot.
public final class IRCChatTransport: ChatTransport, CustomStringConvertible {
    public var description: String {
        "IRCChatTransport(\(settings.host):\(settings.port), \(pool.withLock { $0.clients.count }) connection(s))"
    }
    let settings: IRCSettings
    /// Every connection's configuration but its nick and channels.
    let base: IRCClientConfiguration
    public let events: AsyncStream<ChatEvent>
    private let clock: any HuddleClock
    private let logger: Logger

    struct Pool {
        var clients: [IRCClient] = []
        /// The nick each connection registered as.
        var nicks: [Int: String] = [:]
        /// Where each person was last heard, so a private reply comes from the connection they see.
        var lastHeard: [String: Int] = [:]
        /// Channels no connection may join (the server's limit times `max_connections`).
        var unserved: [String] = []
        var limit: Int?
    }
    private let pool = Mutex(Pool())
    private let started: AsyncStream<IRCClient>.Continuation
    private let startedStream: AsyncStream<IRCClient>

    /// The first connection (the only one while the server allows every channel on it).
    public var client: IRCClient { pool.withLock { $0.clients[0] } }
    /// Every connection, first to last.
    public var clients: [IRCClient] { pool.withLock { $0.clients } }
    /// Channels that no connection could join.
    public var unservedChannels: [String] { pool.withLock { $0.unserved } }

    /// Creates the transport for the configured server, joining every team channel (over
    /// `irc.connections` connections from the start when it names a number). Throws when a
    /// secret cannot be read or a TLS certificate or key does not load.
    public init(settings: IRCSettings, channels: [String], clock: any HuddleClock, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let identity = IRCClientIdentity(nick: settings.nick, alternativeNicks: settings.alternativeNicks,
                                         username: settings.username, realname: settings.realname ?? "Huddle shift bot",
                                         serverPassword: try settings.passwordEnv.map { try Self.secret(env: $0, environment: environment) },
                                         channels: [], sasl: try Self.credentials(settings.sasl, environment: environment))
        var configuration = IRCClientConfiguration(host: settings.host, port: settings.port, identity: identity)
        configuration.floodBurst = settings.floodBurst
        configuration.floodPerSecond = settings.floodPerSecond
        configuration.paced = !settings.floodOff
        configuration.pingInterval = .seconds(settings.pingInterval)
        configuration.pingTimeout = .seconds(settings.pingTimeout)
        configuration.version = HuddleVersion.text
        if settings.tls {
            configuration.tls = TLSSettings(fingerprints: settings.tlsFingerprints, clientCertificate: settings.clientCertificate,
                                            clientKey: settings.clientKey)
        }
        self.settings = settings
        base = configuration
        self.clock = clock
        self.logger = logger
        (events, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        (startedStream, started) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        let count = max(1, min(settings.connections ?? 1, settings.maxConnections, max(1, channels.count)))
        let share = (channels.count + count - 1) / max(1, count)
        for index in 0..<count {
            let part = Array(channels.dropFirst(index * share).prefix(share))
            _ = try addClient(channels: part)
        }
    }

    /// A new connection for `channels`, named after its place (huddle, huddle2, huddle3 …).
    private func addClient(channels: [String]) throws -> IRCClient {
        try pool.withLock { pool in
            let index = pool.clients.count
            var configuration = base
            if index > 0 {
                configuration.identity.nick = "\(settings.nick)\(index + 1)"
                configuration.identity.alternativeNicks = ["\(settings.nick)\(index + 1)_"]
            }
            configuration.identity.channels = channels
            let client: IRCClient
            do {
                client = try IRCClient(configuration: configuration, logger: index == 0 ? logger : logger.with("irc.connection", "\(index + 1)"),
                                       onEvent: { [weak self] event in self?.forward(event, index: index) })
            } catch {
                throw TransportSetupError("cannot set up TLS (client_cert / client_key): \(error)")
            }
            pool.clients.append(client)
            return client
        }
    }

    static func fold(_ channel: String) -> String { Casemapping.rfc1459.fold(channel) }

    /// The SASL credentials from the config, with the password read from the environment or a file.
    static func credentials(_ sasl: SASLSettings?, environment: [String: String]) throws -> SASLCredentials? {
        guard let sasl else { return nil }
        switch sasl.mechanism {
        case .external:
            return .external
        case .plain:
            let password: String
            if let name = sasl.passwordEnv {
                password = try secret(env: name, environment: environment)
            } else if let path = sasl.passwordFile {
                guard let text = try? String(contentsOfFile: SecretSource.expand(path, environment: environment), encoding: .utf8),
                      let line = text.split(separator: "\n", omittingEmptySubsequences: false).first, !line.isEmpty else {
                    throw TransportSetupError("cannot read the SASL password from \(path) (irc.sasl.password_file)")
                }
                password = String(line)
            } else {
                throw TransportSetupError("irc.sasl has no password_env or password_file")
            }
            return .plain(account: sasl.account ?? "", password: password)
        }
    }

    static func secret(env name: String, environment: [String: String]) throws -> String {
        guard let value = environment[name], !value.isEmpty else {
            throw TransportSetupError("the environment variable \(name) is not set; it holds a password the config refers to")
        }
        return value
    }

    private let sink: AsyncStream<ChatEvent>.Continuation

    /// Runs every connection, and those added later, turning their events into chat events until shutdown.
    public func run() async throws {
        defer { sink.finish() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients {
                group.addTask { try await client.run() }
            }
            for await client in startedStream.cancelOnGracefulShutdown() {
                group.addTask { try await client.run() }
            }
            try await group.waitForAll()
        }
    }

    /// One connection's event as the bot's, as it happens.
    private func forward(_ event: IRCClientEvent, index: Int) {
        switch event {
        case .registered(let nick, let capabilities):
            let unserved = pool.withLock { pool in
                pool.nicks[index] = nick
                return pool.unserved
            }
            if index == 0 && !unserved.isEmpty { reportUnserved(unserved) }
            sink.yield(.connected(botNick: nick, accountsAvailable: capabilities.contains("account-tag")))
        case .joined:
            releaseStartUpPagesOnce()
        case .loggedIn:
            return
        case .disconnected(let reason):
            sink.yield(.disconnected(reason: reason))
        case .nickGone(let nick):
            sink.yield(.nickGone(nick))
        case .arrived(let nick):
            sink.yield(.arrived(nick))
        case .overChannelLimit(let limit, let over):
            spread(over, limit: limit)
        case .message(let incoming):
            guard !incoming.isNotice else { return }
            let botNick = pool.withLock { pool in
                pool.lastHeard[incoming.sender.nick.lowercased()] = index
                return pool.nicks[index]
            }
            let at = incoming.serverTime.flatMap(HuddleJSON.parseTimestamp) ?? clock.now()
            sink.yield(.message(ChatMessage(
                sender: Author(nick: incoming.sender.nick, account: incoming.account),
                channel: incoming.channel, text: incoming.text, at: at, senderMask: incoming.sender.mask,
                casemapping: incoming.casemapping, botNick: botNick)))
        }
    }

    /// Once every connection is in all its channels, start-up is over: the code only it ran is
    /// handed back (`ResidentMemory`), off the connection's task.
    private func releaseStartUpPagesOnce() {
        guard clients.allSatisfy(\.hasJoinedAll), !startUpOver.withLock({ over in defer { over = true }; return over }) else { return }
        let logger = logger
        Task.detached(priority: .background) {
            let bytes = ResidentMemory.releaseStartUpPages()
            logger.debug("start-up over: code pages handed back", metadata: ["memory.released_kib": "\(bytes / 1024)"])
        }
    }
    private let startUpOver = Mutex(false)

    /// Gives channels a connection may not join to connections with room, opening new ones up to
    /// `irc.max_connections`; what still has no place is logged as an error.
    private func spread(_ over: [String], limit: Int) {
        // The connection that was refused has already dropped these from its channels.
        var waiting = over
        var opened: [IRCClient] = []
        pool.withLock { $0.limit = limit }
        // Existing connections with room first (a fixed number of connections may have it).
        for client in clients where client.channels.count < limit && !waiting.isEmpty {
            let take = Array(waiting.prefix(limit - client.channels.count))
            waiting.removeFirst(take.count)
            client.setChannels(client.channels + take)
        }
        while !waiting.isEmpty && clients.count < settings.maxConnections {
            let take = Array(waiting.prefix(limit))
            waiting.removeFirst(take.count)
            guard let client = try? addClient(channels: take) else { break }
            opened.append(client)
        }
        pool.withLock { $0.unserved = waiting }
        logger.info("IRC channels spread over connections", metadata: [
            "irc.channel_limit": "\(limit)", "irc.connections": "\(clients.count)", "irc.max_connections": "\(settings.maxConnections)"])
        if !waiting.isEmpty { reportUnserved(waiting) }
        for client in opened { started.yield(client) }
    }

    /// Logs, as an error, the channels whose teams get no huddle, and why.
    private func reportUnserved(_ channels: [String]) {
        let (limit, count) = pool.withLock { ($0.limit ?? 0, $0.clients.count) }
        logger.error("IRC channels cannot be served: the server allows \(limit) channels per connection and all \(count) of irc.max_connections (\(settings.maxConnections)) are in use; their teams get no huddle. Raise irc.max_connections, the server's limits, or run a second instance (README, Scaling out)",
                     metadata: ["irc.channels.unserved": "\(channels.joined(separator: ","))"])
    }

    /// The connection that serves `channel` (has it among its channels), if any.
    private func owner(of channel: String) -> IRCClient? {
        let folded = Self.fold(channel)
        return clients.first { $0.channels.contains { Self.fold($0) == folded } }
    }

    /// The connection a person last spoke on (the first one if never).
    func connection(for person: String) -> IRCClient {
        pool.withLock { pool in pool.clients[pool.lastHeard[person.lowercased()] ?? 0] }
    }

    /// Sets the team channels: leaves the ones no longer listed (saying `goodbye` there first)
    /// and joins the new ones where there is room. Returns what changed.
    @discardableResult
    public func setChannels(_ channels: [String], goodbye: (String) -> String?) -> (joined: [String], parted: [String]) {
        let wanted = Set(channels.map(Self.fold))
        let limit = pool.withLock { $0.limit }
        let clients = clients
        var kept = clients.map { $0.channels.filter { wanted.contains(Self.fold($0)) } }
        let served = Set(kept.joined().map(Self.fold))
        let added = channels.filter { !served.contains(Self.fold($0)) }
        var joined: [String] = [], parted: [String] = []
        var extra: [String] = []
        for channel in added {
            if let index = kept.indices.min(by: { kept[$0].count < kept[$1].count }), limit.map({ kept[index].count < $0 }) ?? true {
                kept[index].append(channel)
            } else {
                extra.append(channel)
            }
        }
        pool.withLock { $0.unserved.removeAll { !wanted.contains(Self.fold($0)) } }
        for (index, client) in clients.enumerated() {
            let change = client.setChannels(kept[index], goodbye: goodbye)
            joined += change.joined
            parted += change.parted
        }
        if !extra.isEmpty, let limit { spread(extra, limit: limit) }
        return (joined + extra, parted)
    }

    public func post(_ text: String, to channel: String) async {
        (owner(of: channel) ?? client).send(IRCOutgoing(.privmsg, to: channel, text: text))
    }

    /// The prompt goes out only on a registered connection that has joined the channel.
    public func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        guard let owner = owner(of: channel) else { return false }
        return await owner.deliver(lines, privmsgTo: channel)
    }

    public func notify(_ text: String, to person: String) async {
        connection(for: person).send(IRCOutgoing(.notice, to: person, text: text))
    }

    /// Queued as a confirmation: under a burst, several people's go out together in the channel.
    public func confirm(_ text: String, to person: String, in channel: String, style: ConfirmStyle) async {
        (owner(of: channel) ?? connection(for: person))
            .send(.confirmation(style == .short ? "✓" : text, to: person, in: channel, publicly: style != .notice))
    }

    /// In the channel when its connection sees them there; online when any connection shares a channel with them.
    public func whereabouts(of person: String, channel: String) -> Whereabouts {
        if owner(of: channel)?.isPresent(person, in: channel) == true { return .inChannel }
        return clients.contains { $0.isPresent(person) } ? .online : .unseen
    }

    public func message(_ text: String, to person: String) async {
        connection(for: person).send(IRCOutgoing(.privmsg, to: person, text: text))
    }
}

extension Logger {
    /// A copy with one more metadata value.
    func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy[metadataKey: key] = "\(value)"
        return copy
    }
}
