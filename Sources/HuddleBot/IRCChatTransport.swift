import Foundation
import HuddleCore
import IRCClient
import IRCProtocol
import Logging

/// The IRC transport: an `IRCClient` seen as a `ChatTransport`.
public final class IRCChatTransport: ChatTransport, CustomStringConvertible {
    public var description: String { "IRCChatTransport(\(client.configuration.host):\(client.configuration.port))" }
    public let client: IRCClient
    public let events: AsyncStream<ChatEvent>
    private let clock: any HuddleClock

    /// Creates the transport for the configured server, joining every team channel.
    public init(settings: IRCSettings, channels: [String], clock: any HuddleClock, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let identity = IRCClientIdentity(nick: settings.nick, alternativeNicks: settings.alternativeNicks,
                                         username: settings.username, realname: settings.realname ?? "Huddle shift bot",
                                         serverPassword: settings.passwordEnv.flatMap { environment[$0] }, channels: channels)
        self.client = IRCClient(configuration: IRCClientConfiguration(host: settings.host, port: settings.port, identity: identity),
                                logger: logger)
        self.clock = clock
        (events, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
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
                case .joined:
                    continue
                case .disconnected(let reason):
                    sink.yield(.disconnected(reason: reason))
                case .message(let incoming):
                    guard !incoming.isNotice else { continue }
                    let at = incoming.serverTime.flatMap(HuddleJSON.parseTimestamp) ?? clock.now()
                    sink.yield(.message(ChatMessage(
                        sender: Author(nick: incoming.sender.nick, account: incoming.account),
                        channel: incoming.channel, text: incoming.text, at: at)))
                }
            }
            try await group.waitForAll()
        }
    }

    public func post(_ text: String, to channel: String) async {
        client.send(IRCOutgoing(.privmsg, to: channel, text: text))
    }

    public func notify(_ text: String, to person: String) async {
        client.send(IRCOutgoing(.notice, to: person, text: text))
    }

    public func message(_ text: String, to person: String) async {
        client.send(IRCOutgoing(.privmsg, to: person, text: text))
    }
}
