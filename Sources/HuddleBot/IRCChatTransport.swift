import Foundation
import HuddleCore
import IRCClient
import IRCProtocol
import Logging
import Synchronization

/// The transport cannot start: a secret or a certificate is missing.
public struct TransportSetupError: Error, CustomStringConvertible {
    public var description: String
    /// An error with this text.
    public init(_ description: String) { self.description = description }
}

/// The IRC transport: the pool of `IRCClient` connections to the configured server (more than
/// one when the teams need more channels than the server allows one connection), seen as one
/// `ChatTransport`.
public final class IRCChatTransport: ChatTransport, CustomStringConvertible {
    public var description: String { "IRCChatTransport(\(pool))" }
    /// The connections.
    public let pool: IRCConnectionPool
    public let events: AsyncStream<ChatEvent>
    private let sink: AsyncStream<ChatEvent>.Continuation
    private let clock: any HuddleClock
    private let logger: Logger
    /// Where the pool's events go once the transport is built.
    private let relay: EventRelay
    private let startUpOver = Mutex(false)

    /// Creates the transport for the configured server, joining every team channel (over
    /// `irc.connections` connections from the start when it names a number). Throws when a
    /// secret cannot be read or a TLS certificate or key does not load.
    public init(settings: IRCSettings, channels: [String], clock: any HuddleClock, logger: Logger, secrets: Secrets) throws {
        let identity = IRCClientIdentity(nick: settings.nick, alternativeNicks: settings.alternativeNicks,
                                         username: settings.username, realname: settings.realname ?? "Huddle shift bot",
                                         serverPassword: try settings.passwordEnv.map { try secrets.password(env: $0) },
                                         channels: [], sasl: try Self.credentials(settings.sasl, secrets: secrets))
        var configuration = IRCClientConfiguration(host: settings.host, port: settings.port, identity: identity,
                                                   wording: ConfirmationWording(between: Phrase.Marks.between,
                                                                                betweenPeople: Phrase.Marks.betweenPeople,
                                                                                afterName: Phrase.Marks.afterName))
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
        self.clock = clock
        self.logger = logger
        (events, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        let relay = EventRelay()
        self.relay = relay
        do {
            pool = try IRCConnectionPool(configuration: configuration, channels: channels, connections: settings.connections,
                                         maxConnections: settings.maxConnections, logger: logger, onEvent: { relay.forward($0, $1) })
        } catch {
            throw TransportSetupError("cannot set up TLS (client_cert / client_key): \(error)")
        }
        relay.transport.withLock { $0.value = self }
    }

    /// The SASL credentials from the config, with the password read from the environment or a file.
    static func credentials(_ sasl: SASLSettings?, secrets: Secrets) throws -> SASLCredentials? {
        guard let sasl else { return nil }
        switch sasl.mechanism {
        case .external:
            return .external
        case .plain:
            let password: String
            if let name = sasl.passwordEnv {
                password = try secrets.password(env: name)
            } else if let path = sasl.passwordFile {
                guard let line = secrets.firstLine(ofFile: path) else {
                    throw TransportSetupError("cannot read the SASL password from \(path) (irc.sasl.password_file)")
                }
                password = line
            } else {
                throw TransportSetupError("irc.sasl has no password_env or password_file")
            }
            return .plain(account: sasl.account ?? "", password: password)
        }
    }

    /// Runs every connection, and those added later, turning their events into chat events until shutdown.
    public func run() async throws {
        defer { sink.finish() }
        try await pool.run()
    }

    /// One connection's event as the bot's, as it happens.
    fileprivate func forward(_ event: IRCClientEvent, botNick: String?) {
        switch event {
        case .registered(let nick, let capabilities):
            sink.yield(.connected(botNick: nick, accountsAvailable: capabilities.contains("account-tag")))
        case .joined:
            releaseStartUpPagesOnce()
        case .loggedIn, .overChannelLimit:
            return
        case .disconnected(let reason):
            sink.yield(.disconnected(reason: reason))
        case .nickGone(let nick):
            sink.yield(.nickGone(nick))
        case .arrived(let nick):
            sink.yield(.arrived(nick))
        case .message(let incoming):
            guard !incoming.isNotice else { return }
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
        guard pool.hasJoinedAll, !startUpOver.withLock({ over in defer { over = true }; return over }) else { return }
        let logger = logger
        Task.detached(priority: .background) {
            let bytes = ResidentMemory.releaseStartUpPages()
            logger.debug("start-up over: code pages handed back", metadata: ["memory.released_kib": "\(bytes / 1024)"])
        }
    }

    /// Sets the team channels: leaves the ones no longer listed (saying `goodbye` there first)
    /// and joins the new ones where there is room. Returns what changed.
    @discardableResult
    public func setChannels(_ channels: [String], goodbye: (String) -> String?) -> (joined: [String], parted: [String]) {
        pool.setChannels(channels, goodbye: goodbye)
    }

    public func post(_ text: String, to channel: String) async {
        pool.post(text, to: channel)
    }

    /// The prompt goes out only on a registered connection that has joined the channel.
    public func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        await pool.deliver(lines, privmsgTo: channel)
    }

    public func notify(_ text: String, to person: String) async {
        pool.send(.notice, text, to: person)
    }

    /// Queued as a confirmation: under a burst, several people's go out together in the channel.
    public func confirm(_ text: String, to person: String, in channel: String, style: ConfirmStyle) async {
        pool.confirm(style == .short ? Phrase.Marks.done : text, to: person, in: channel, publicly: style != .notice)
    }

    /// In the channel when its connection sees them there; online when any connection shares a
    /// channel with them; away when they left the channel in the last four weeks.
    public func whereabouts(of person: String, channel: String) -> Whereabouts {
        if pool.isPresent(person, in: channel) { return .inChannel }
        if pool.isPresent(person) { return .online }
        return pool.wasPresent(person, in: channel, within: Self.remembered) ? .away : .unseen
    }

    /// How long the bot remembers who was in a team's channel.
    static let remembered = Duration.seconds(28 * 86_400)

    public func message(_ text: String, to person: String) async {
        pool.send(.privmsg, text, to: person)
    }
}

/// Hands the pool's events to the transport, which exists only once the pool does. It holds the
/// transport weakly, not a closure: a closure kept in the generic `Mutex` is re-abstracted on
/// every read, and those thunks took 40% of the CPU of each line (perf, `Scripts/bench` irc row).
private final class EventRelay: Sendable {
    struct Weak { weak var value: IRCChatTransport? }
    let transport = Mutex(Weak())

    /// Passes an event on to the transport, once there is one.
    func forward(_ event: IRCClientEvent, _ nick: String?) {
        transport.withLock { $0.value }?.forward(event, botNick: nick)
    }
}
