import Foundation
import HuddleCore
import IRCClient
import IRCProtocol
import Logging

/// The transport cannot start: a secret or a certificate is missing.
public struct TransportSetupError: Error, CustomStringConvertible {
    public var description: String
    /// An error with this text.
    public init(_ description: String) { self.description = description }
}

/// The IRC transport: an `IRCClient` seen as a `ChatTransport`.
public final class IRCChatTransport: ChatTransport, CustomStringConvertible {
    public var description: String { "IRCChatTransport(\(client.configuration.host):\(client.configuration.port))" }
    public let client: IRCClient
    public let events: AsyncStream<ChatEvent>
    private let clock: any HuddleClock

    /// Creates the transport for the configured server, joining every team channel. Throws
    /// when a secret cannot be read or a TLS certificate or key does not load.
    public init(settings: IRCSettings, channels: [String], clock: any HuddleClock, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let identity = IRCClientIdentity(nick: settings.nick, alternativeNicks: settings.alternativeNicks,
                                         username: settings.username, realname: settings.realname ?? "Huddle shift bot",
                                         serverPassword: try settings.passwordEnv.map { try Self.secret(env: $0, environment: environment) },
                                         channels: channels, sasl: try Self.credentials(settings.sasl, environment: environment))
        var configuration = IRCClientConfiguration(host: settings.host, port: settings.port, identity: identity)
        configuration.floodBurst = settings.floodBurst
        configuration.floodPerSecond = settings.floodPerSecond
        configuration.pingInterval = .seconds(settings.pingInterval)
        configuration.pingTimeout = .seconds(settings.pingTimeout)
        configuration.version = HuddleVersion.text
        if settings.tls {
            configuration.tls = TLSSettings(fingerprints: settings.tlsFingerprints, clientCertificate: settings.clientCertificate,
                                            clientKey: settings.clientKey)
        }
        do {
            self.client = try IRCClient(configuration: configuration, logger: logger)
        } catch {
            throw TransportSetupError("cannot set up TLS (client_cert / client_key): \(error)")
        }
        self.clock = clock
        (events, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

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

    /// Runs the IRC connection and turns its events into chat events until shutdown.
    public func run() async throws {
        defer { sink.finish() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.client.run() }
            for await event in client.events {
                switch event {
                case .registered(let nick, let capabilities):
                    sink.yield(.connected(botNick: nick, accountsAvailable: capabilities.contains("account-tag")))
                case .joined, .loggedIn:
                    continue
                case .disconnected(let reason):
                    sink.yield(.disconnected(reason: reason))
                case .nickGone(let nick):
                    sink.yield(.nickGone(nick))
                case .message(let incoming):
                    guard !incoming.isNotice else { continue }
                    let at = incoming.serverTime.flatMap(HuddleJSON.parseTimestamp) ?? clock.now()
                    sink.yield(.message(ChatMessage(
                        sender: Author(nick: incoming.sender.nick, account: incoming.account),
                        channel: incoming.channel, text: incoming.text, at: at, senderMask: incoming.sender.mask,
                        casemapping: incoming.casemapping)))
                }
            }
            try await group.waitForAll()
        }
    }

    public func post(_ text: String, to channel: String) async {
        client.send(IRCOutgoing(.privmsg, to: channel, text: text))
    }

    /// The prompt goes out only on a registered connection that has joined the channel.
    public func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        await client.deliver(lines, privmsgTo: channel)
    }

    public func notify(_ text: String, to person: String) async {
        client.send(IRCOutgoing(.notice, to: person, text: text))
    }

    public func message(_ text: String, to person: String) async {
        client.send(IRCOutgoing(.privmsg, to: person, text: text))
    }
}
