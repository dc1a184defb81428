import Foundation
import IRCClient
import IRCProtocol
import NIOCore
import NIOPosix
import Synchronization

/// A scripted IRC user for integration tests: sends raw lines and waits for lines it expects,
/// answering PING by itself. Everything it received is kept in `transcript`.
public final class IRCTestClient: Sendable {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let lines: AsyncQueue<String>
    private let received = Mutex<[String]>([])

    init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, lines: AsyncQueue<String>) {
        self.outbound = outbound
        self.lines = lines
    }

    /// Connects to 127.0.0.1:`port`, registers as `nick`, runs `body`, then disconnects.
    public static func withClient<T: Sendable>(port: Int, nick: String,
                                                _ body: @Sendable (IRCTestClient) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(IRCLineDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let queue = AsyncQueue<String>()
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await buffer in inbound { queue.push(IRCText.decode(buffer.readableBytesView)) }
                }
                let client = IRCTestClient(outbound: outbound, lines: queue)
                try await client.send("NICK \(nick)")
                try await client.send("USER \(nick) 0 * :\(nick)")
                _ = try await client.waitFor(timeout: 15) { $0.command == "001" }
                let result = try await body(client)
                // Let the server take every line sent before leaving.
                try? await client.send("PING :huddle-sync")
                _ = try? await client.waitFor(timeout: 5) { $0.command == "PONG" }
                try? await client.send("QUIT :done")
                group.cancelAll()
                return result
            }
        }
    }

    /// Connects as `nick`, registers it as an account with NickServ (which logs the connection
    /// in; Anope with `registration = "none"`), and runs `body`.
    public static func withRegisteredUser<T: Sendable>(port: Int, nick: String, password: String,
                                                       _ body: @Sendable (IRCTestClient) async throws -> T) async throws -> T {
        try await withClient(port: port, nick: nick) { client in
            try await client.send("PRIVMSG NickServ :REGISTER \(TestLogs.secret(password))")
            try await client.waitFor(timeout: 30) {
                $0.command == "NOTICE" && $0.sourceParts?.nick == "NickServ" && ($0.params.last ?? "").lowercased().contains("registered")
            }
            return try await body(client)
        }
    }

    /// Sends one raw line (CR LF is added).
    public func send(_ line: String) async throws {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
    }

    /// Every line received so far.
    public var transcript: [String] { received.withLock { $0 } }

    /// Joins `channel` and waits until the server has listed its names (366), 30 s at most.
    public func join(_ channel: String) async throws {
        try await send("JOIN \(channel)")
        try await waitFor(timeout: 30) { $0.command == "366" }
    }

    /// Joins `channel` and waits until the bot `nick` is in it too: listed by NAMES, or joining
    /// later (30 s at most), so what is said next reaches the bot.
    public func join(_ channel: String, withBot nick: String) async throws {
        try await send("JOIN \(channel)")
        try await waitFor(timeout: 30) { message in
            (message.command == "353" && message.params.last?.split(separator: " ").contains { $0.hasSuffix(nick) } == true)
                || (message.command == "JOIN" && message.sourceParts?.nick == nick)
        }
    }

    /// Waits for the next message matching `predicate`; throws after `timeout` seconds with the transcript.
    @discardableResult
    public func waitFor(timeout: TimeInterval, _ predicate: @Sendable (IRCMessage) -> Bool) async throws -> IRCMessage {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, let line = await lines.pop(within: remaining) else {
                throw TestPeerError("timed out after \(timeout) s; received:\n" + transcript.suffix(30).joined(separator: "\n"))
            }
            received.withLock { $0.append(line) }
            guard let message = try? IRCMessage(parsing: line) else { continue }
            if message.command == "PING" {
                try await send(IRCMessage(command: "PONG", params: message.params).wireLine)
                continue
            }
            if predicate(message) { return message }
        }
    }
}

extension AsyncQueue {
    /// Takes the next element, or nil when none comes within `seconds`; a late element is not lost.
    public func pop(within seconds: TimeInterval) async -> Element? {
        await withTaskGroup(of: Element?.self) { group in
            group.addTask { await self.pop() }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(max(0, seconds) * 1000)))
                return nil
            }
            var first = await group.next() ?? nil
            group.cancelAll()
            for await late in group where first == nil { first = late }
            return first
        }
    }
}
