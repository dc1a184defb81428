import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A small HTTP/1.1 server on SwiftNIO: requests answered in turn on each connection (kept alive
/// as the client asks), bodies up to a limit (larger ones get 413 without being read). A client
/// gets `limits` to send each request's head and body, however it trickles them, and the
/// connections open at once are capped; what is refused is counted and logged in `refusals`.
public final class HTTPServer: Service, CustomStringConvertible {
    public let host: String
    public let requestedPort: Int
    public let maxBodyBytes: Int
    public let limits: HTTPLimits
    /// The count and log of what this listener refused.
    public let refusals: HTTPRefusals
    let handler: @Sendable (HTTPRequest) async -> HTTPReply
    /// Tried first for each request, on the event loop: true when it took the request (and answers
    /// it through the callback, with no task waiting for the answer), false to leave it to `handler`.
    let responder: HTTPRequestHandler.Responder?
    let logger: Logger
    let group: any EventLoopGroup
    let bound = Mutex<Int?>(nil)
    /// Connections accepted and not yet closed.
    let openConnections = Atomic<Int>(0)
    /// What the server is for and the setting that names its address, for logs and errors.
    let purpose: (name: String, setting: String)
    public var description: String { "HTTPServer(\(host):\(requestedPort))" }

    /// Creates a server; it listens once run. Port 0 picks a free port (see `port()`).
    /// `refusals` defaults to one named after `purpose`'s setting (`webhooks`, `metrics`).
    public init(host: String, port: Int, maxBodyBytes: Int, limits: HTTPLimits = HTTPLimits(), logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                purpose: (name: String, setting: String) = ("webhook endpoint", "webhooks.listen"),
                refusals: HTTPRefusals? = nil,
                responder: (@Sendable (HTTPRequest, _ answer: @escaping @Sendable (HTTPReply) -> Void) -> Bool)? = nil,
                handler: @escaping @Sendable (HTTPRequest) async -> HTTPReply) {
        self.purpose = purpose
        self.host = host
        self.requestedPort = port
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
        self.refusals = refusals ?? HTTPRefusals(listener: String(purpose.setting.prefix { $0 != "." }), logger: logger)
        self.logger = logger
        self.group = group
        self.handler = handler
        self.responder = responder
    }

    /// The port the server listens on, waiting up to `seconds` for it to start.
    public func port(within seconds: TimeInterval = 30) async throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let port = bound.withLock({ $0 }) { return port }
            guard Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HTTPServerError(description: "the HTTP server did not start listening on \(host):\(requestedPort)")
    }

    /// Listens and serves until graceful shutdown.
    public func run() async throws {
        let server: NIOAsyncChannel<any Channel, Never>
        let (maxBodyBytes, handler, responder, logger, limits, refusals) = (self.maxBodyBytes, self.handler, self.responder, self.logger, self.limits, self.refusals)
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.so_keepalive), value: 1)
                .bind(host: host, port: requestedPort) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        guard self.admit(channel) else {
                            try channel.pipeline.syncOperations.addHandler(CloseAtOnce())
                            return channel as any Channel
                        }
                        let watch = ByteWatch()
                        try channel.pipeline.syncOperations.addHandler(watch)
                        // Requests are decoded by NIO; answers are written as bytes by the handler
                        // (HTTPWire), with no response encoder or protocol error handler between.
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                        try channel.pipeline.syncOperations.addHandler(HTTPRequestHandler(maxBodyBytes: maxBodyBytes, limits: limits, watch: watch,
                                                                                          refusals: refusals, responder: responder, handler: handler,
                                                                                          logger: logger))
                        return channel as any Channel
                    }
                }
        } catch {
            throw HTTPServerError(description: "cannot listen on \(host):\(requestedPort) (\(purpose.setting)): \(error)")
        }
        bound.withLock { $0 = server.channel.localAddress?.port }
        // Summaries of a burst of refusals that stopped are logged by this, not by the next refusal.
        let flushing = server.channel.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(5), delay: .seconds(5)) { _ in refusals.flush() }
        defer { flushing.cancel() }
        logger.info("\(purpose.name) listening", metadata: ["http.address": "\(host):\(server.channel.localAddress?.port ?? requestedPort)"])
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask {
                                await withTaskCancellationHandler {
                                    try? await connection.closeFuture.get()
                                } onCancel: {
                                    connection.close(promise: nil)
                                }
                            }
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Shutdown: stop listening; requests being served were answered or get no answer.
        }
    }

    /// Counts a new connection until it closes; false (and counted as refused) when it is one
    /// over `limits.maxConnections`.
    func admit(_ channel: any Channel) -> Bool {
        let open = openConnections.add(1, ordering: .relaxed).newValue
        channel.closeFuture.whenComplete { _ in self.openConnections.subtract(1, ordering: .relaxed) }
        guard open <= limits.maxConnections else {
            refusals.record(.tooManyConnections, metadata: ["http.max_connections": "\(limits.maxConnections)"])
            return false
        }
        return true
    }
}

/// The HTTP server could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
