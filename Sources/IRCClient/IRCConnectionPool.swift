import IRCProtocol
import Logging
import ServiceLifecycle
import Synchronization

/// One or more `IRCClient` connections to the same server, used as one. A server lets a
/// connection join only so many channels (ISUPPORT `CHANLIMIT`/`MAXCHANNELS`); the channels a
/// connection was not allowed go to connections with room, then to new ones (at most
/// `maxConnections`), each with its own nick, flood budget and reconnects.
public final class IRCConnectionPool: Service, Sendable, CustomStringConvertible {
    /// Every connection's configuration but its nick and channels.
    public let configuration: IRCClientConfiguration
    /// The most connections the pool opens.
    public let maxConnections: Int
    private let logger: Logger
    /// Told every connection's events as they happen, with the nick that connection registered as.
    private let onEvent: @Sendable (_ event: IRCClientEvent, _ connectionNick: String?) -> Void

    private struct State {
        var clients: [IRCClient] = []
        /// The nick each connection registered as.
        var nicks: [Int: String] = [:]
        /// Where each person was last heard, so a private reply comes from the connection they see.
        var lastHeard: [String: Int] = [:]
        /// Channels no connection may join (the server's limit times `maxConnections`).
        var unserved: [String] = []
        var limit: Int?
    }
    private let state = Mutex(State())
    private let started: AsyncStream<IRCClient>.Continuation
    private let startedStream: AsyncStream<IRCClient>

    public var description: String { "\(configuration.host):\(configuration.port), \(clients.count) connection(s)" }

    /// Creates the pool for `channels`, over `connections` connections from the start (one when
    /// nil), at most `maxConnections`; `onEvent` hears every connection's events, on its reading
    /// task. Throws when a connection cannot be set up (a TLS certificate or key that does not load).
    public init(configuration: IRCClientConfiguration, channels: [String], connections: Int? = nil, maxConnections: Int,
                logger: Logger, onEvent: @escaping @Sendable (_ event: IRCClientEvent, _ connectionNick: String?) -> Void) throws {
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.logger = logger
        self.onEvent = onEvent
        (startedStream, started) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        let count = max(1, min(connections ?? 1, maxConnections, max(1, channels.count)))
        let share = (channels.count + count - 1) / max(1, count)
        for index in 0..<count {
            _ = try addClient(channels: Array(channels.dropFirst(index * share).prefix(share)))
        }
    }

    /// The first connection (the only one while the server allows every channel on it).
    public var client: IRCClient { state.withLock { $0.clients[0] } }
    /// Every connection, first to last.
    public var clients: [IRCClient] { state.withLock { $0.clients } }
    /// Channels that no connection could join.
    public var unservedChannels: [String] { state.withLock { $0.unserved } }
    /// Whether every connection is registered and in all its channels.
    public var hasJoinedAll: Bool { clients.allSatisfy(\.hasJoinedAll) }

    /// A new connection for `channels`, named after its place (huddle, huddle2, huddle3 …).
    private func addClient(channels: [String]) throws -> IRCClient {
        try state.withLock { state in
            let index = state.clients.count
            var configuration = self.configuration
            if index > 0 {
                configuration.identity.nick = "\(self.configuration.identity.nick)\(index + 1)"
                configuration.identity.alternativeNicks = ["\(self.configuration.identity.nick)\(index + 1)_"]
            }
            configuration.identity.channels = channels
            var logger = self.logger
            if index > 0 { logger[metadataKey: "irc.connection"] = "\(index + 1)" }
            let client = try IRCClient(configuration: configuration, logger: logger,
                                       onEvent: { [weak self] event in self?.handle(event, from: index) })
            state.clients.append(client)
            return client
        }
    }

    /// Runs every connection, and those added later, until shutdown.
    public func run() async throws {
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

    /// Takes note of one connection's event (its nick, who spoke on it, channels over its
    /// limit), then passes it on.
    func handle(_ event: IRCClientEvent, from index: Int) {
        switch event {
        case .registered(let nick, _):
            let unserved = state.withLock { state in
                state.nicks[index] = nick
                return state.unserved
            }
            if index == 0 && !unserved.isEmpty { reportUnserved(unserved) }
            onEvent(event, nick)
        case .overChannelLimit(let limit, let over):
            spread(over, limit: limit)
            onEvent(event, state.withLock { $0.nicks[index] })
        case .message(let incoming):
            let nick = state.withLock { state in
                if !incoming.isNotice { state.lastHeard[incoming.sender.nick.lowercased()] = index }
                return state.nicks[index]
            }
            onEvent(event, nick)
        default:
            onEvent(event, state.withLock { $0.nicks[index] })
        }
    }

    /// Gives channels a connection may not join to connections with room, opening new ones up to
    /// `maxConnections`; what still has no place is logged as an error.
    private func spread(_ over: [String], limit: Int) {
        // The connection that was refused has already dropped these from its channels.
        var waiting = over
        var opened: [IRCClient] = []
        state.withLock { $0.limit = limit }
        // Existing connections with room first (a fixed number of connections may have it).
        for client in clients where client.channels.count < limit && !waiting.isEmpty {
            let take = Array(waiting.prefix(limit - client.channels.count))
            waiting.removeFirst(take.count)
            client.setChannels(client.channels + take)
        }
        while !waiting.isEmpty && clients.count < maxConnections {
            let take = Array(waiting.prefix(limit))
            waiting.removeFirst(take.count)
            guard let client = try? addClient(channels: take) else { break }
            opened.append(client)
        }
        state.withLock { $0.unserved = waiting }
        logger.info("IRC channels spread over connections", metadata: [
            "irc.channel_limit": "\(limit)", "irc.connections": "\(clients.count)", "irc.max_connections": "\(maxConnections)"])
        if !waiting.isEmpty { reportUnserved(waiting) }
        for client in opened { started.yield(client) }
    }

    /// Logs, as an error, the channels whose teams get no huddle, and why.
    private func reportUnserved(_ channels: [String]) {
        let (limit, count) = state.withLock { ($0.limit ?? 0, $0.clients.count) }
        logger.error("IRC channels cannot be served: the server allows \(limit) channels per connection and all \(count) of irc.max_connections (\(maxConnections)) are in use; their teams get no huddle. Raise irc.max_connections, the server's limits, or run a second instance (README, Scaling out)",
                     metadata: ["irc.channels.unserved": "\(channels.joined(separator: ","))"])
    }

    static func fold(_ channel: String) -> String { Casemapping.rfc1459.fold(channel) }

    /// The connection that serves `channel` (has it among its channels), if any.
    public func owner(of channel: String) -> IRCClient? {
        let folded = Self.fold(channel)
        return clients.first { $0.channels.contains { Self.fold($0) == folded } }
    }

    /// The connection a person last spoke on (the first one if never).
    public func connection(for person: String) -> IRCClient {
        state.withLock { state in state.clients[state.lastHeard[person.lowercased()] ?? 0] }
    }

    /// Sets the channels: leaves the ones no longer listed (saying `goodbye` there first) and
    /// joins the new ones where there is room, opening connections as needed. Returns what changed.
    @discardableResult
    public func setChannels(_ channels: [String], goodbye: (String) -> String?) -> (joined: [String], parted: [String]) {
        let wanted = Set(channels.map(Self.fold))
        let limit = state.withLock { $0.limit }
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
        state.withLock { $0.unserved.removeAll { !wanted.contains(Self.fold($0)) } }
        for (index, client) in clients.enumerated() {
            let change = client.setChannels(kept[index], goodbye: goodbye)
            joined += change.joined
            parted += change.parted
        }
        if !extra.isEmpty, let limit { spread(extra, limit: limit) }
        return (joined + extra, parted)
    }

    /// Posts `text` in `channel`, from the connection that serves it.
    public func post(_ text: String, to channel: String) {
        (owner(of: channel) ?? client).send(IRCOutgoing(.privmsg, to: channel, text: text))
    }

    /// Sends a prompt's lines from the connection that serves `channel`; see `IRCClient.deliver`.
    public func deliver(_ lines: [String], privmsgTo channel: String) async -> Bool {
        guard let owner = owner(of: channel) else { return false }
        return await owner.deliver(lines, privmsgTo: channel)
    }

    /// Sends `text` to `person` (a NOTICE or a PRIVMSG) from the connection they last spoke on.
    public func send(_ kind: IRCOutgoing.Kind, _ text: String, to person: String) {
        connection(for: person).send(IRCOutgoing(kind, to: person, text: text))
    }

    /// Queues a confirmation for `person` of what they said in `channel` (see `IRCOutgoing.confirmation`),
    /// from the connection that serves the channel.
    public func confirm(_ text: String, to person: String, in channel: String, publicly: Bool) {
        (owner(of: channel) ?? connection(for: person)).send(.confirmation(text, to: person, in: channel, publicly: publicly))
    }

    /// Whether `person` is in `channel` now, or left it (or its connection was lost) within `recent`.
    public func wasPresent(_ person: String, in channel: String, within recent: Duration) -> Bool {
        owner(of: channel)?.wasPresent(person, in: channel, since: .now - recent) == true
    }

    /// Whether `person` is in `channel` as its connection sees it, or (nil) shares a channel with any connection.
    public func isPresent(_ person: String, in channel: String? = nil) -> Bool {
        guard let channel else { return clients.contains { $0.isPresent(person) } }
        return owner(of: channel)?.isPresent(person, in: channel) == true
    }
}
