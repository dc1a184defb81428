import Foundation
import HuddleTesting
import IRCProtocol
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing
@testable import IRCClient

/// A server that welcomes each connection and then never says another word, as a stalled or
/// half-open link looks from the client's side.
final class SilentServerHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let welcomed = Mutex(false)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let text = String(buffer: unwrapInboundIn(data))
        guard text.contains("USER "), !welcomed.withLock({ $0 }) else { return }
        welcomed.withLock { $0 = true }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: ":silent 001 huddlebot :Welcome\r\n")), promise: nil)
    }
}

@Suite struct KeepAliveTests {
    /// Nothing closes a dead link, so only the PING timeout notices it: the client drops the
    /// connection and registers again on a new one.
    @Test func silentServerIsDroppedAfterPingTimeout() async throws {
        let accepted = Mutex(0)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                accepted.withLock { $0 += 1 }
                return channel.pipeline.addHandler(SilentServerHandler())
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        var configuration = IRCClientConfiguration(host: "127.0.0.1", port: port,
                                                   identity: IRCClientIdentity(nick: "huddlebot", channels: []), wording: catalogueWording)
        configuration.pingInterval = .seconds(1)
        configuration.pingTimeout = .seconds(1)
        configuration.reconnectDelay = .milliseconds(100)
        let client = try IRCClient(configuration: configuration, logger: Logger(label: "irc"))
        try await withRunningClient(client) { events in
            try await nextEvent(events) { if case .registered = $0 { true } else { false } }
            try await nextEvent(events, timeout: 30) { if case .disconnected = $0 { true } else { false } }
            try await nextEvent(events, timeout: 30) { if case .registered = $0 { true } else { false } }
        }
        #expect(accepted.withLock { $0 } >= 2)
        try await server.close()
    }
}
