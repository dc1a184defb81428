import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// An HTTP request as the webhook routes see it: header names in lower case, the body whole.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path without the query string.
    public var path: String
    /// What follows `?` in the request target, still percent-encoded.
    public var query: String
    public var headers: [String: String]
    public var body: Data

    /// Creates a request.
    public init(method: String, path: String, query: String = "", headers: [String: String], body: Data) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// What a route answers.
public struct HTTPReply: Sendable, Hashable {
    /// One header line of an answer.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        /// A header `name: value`.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var status: Int
    public var contentType: String
    public var body: Data
    /// Headers besides `Content-Type`, `Content-Length` and `Connection` (none for most answers).
    public var headers: [Header]

    /// A reply with a body of some type.
    public init(status: Int, contentType: String, body: Data, headers: [Header] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// The same reply with `extra` headers added.
    public func adding(_ extra: [Header]) -> HTTPReply {
        var reply = self
        reply.headers += extra
        return reply
    }

    /// A reply with a JSON body.
    public static func json(_ status: Int, _ object: Any) -> HTTPReply {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return HTTPReply(status: status, contentType: "application/json; charset=utf-8", body: data)
    }

    /// A reply with a line of plain text.
    public static func text(_ status: Int, _ text: String) -> HTTPReply {
        HTTPReply(status: status, contentType: "text/plain; charset=utf-8", body: Data((text + "\n").utf8))
    }
}

/// How long a client may take and how many connections a listener keeps open.
public struct HTTPLimits: Sendable, Hashable {
    /// From a connection's start, or the answer to its previous request, to the end of the next
    /// request's head; a connection that takes longer is closed (a silent kept-alive one too).
    public var headTimeout: Duration
    /// From the end of a request's head to the end of its body.
    public var bodyTimeout: Duration
    /// Connections open at once; one more is closed as soon as it is accepted.
    public var maxConnections: Int

    /// Limits, by default 10 s for a head, 30 s for a body and 512 connections.
    public init(headTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30), maxConnections: Int = 512) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
    }
}

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
        let (maxBodyBytes, handler, logger, limits, refusals) = (self.maxBodyBytes, self.handler, self.logger, self.limits, self.refusals)
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
                        // No outbound header validation: the answers' headers are the server's own.
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false,
                                                                                        withOutboundHeaderValidation: false)
                        try channel.pipeline.syncOperations.addHandler(HTTPRequestHandler(maxBodyBytes: maxBodyBytes, limits: limits, watch: watch,
                                                                                          refusals: refusals, handler: handler, logger: logger))
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

/// Reads the requests of one connection and answers each in turn from the server's handler: the
/// connection stays open between them when the client keeps it alive (HTTP/1.1's default), and
/// closes after a refusal of its size, or when a request's head or body takes longer than the
/// limits (a silent kept-alive connection too, without counting it as refused). A plain channel
/// handler rather than an async channel: the async sequence and writer around each request cost
/// a quarter of the CPU an answer to `/healthz` takes (33 against 25 µs, measured with wrk).
final class HTTPRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let maxBodyBytes: Int
    let limits: HTTPLimits
    let watch: ByteWatch
    let refusals: HTTPRefusals
    let handler: @Sendable (HTTPRequest) async -> HTTPReply
    let logger: Logger
    /// What the connection waits for from the client: a head or a body, until `expiry`; nil
    /// while its requests are with the handler.
    private var awaited: (part: AwaitedPart, expiry: NIODeadline)?
    /// The one timer that checks `awaited`: moving the expiry later costs nothing, the timer
    /// sets itself again when it fires early.
    private var timer: Scheduled<Void>?
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    /// Set once the connection is being closed: nothing more is read or answered.
    private var closing = false
    /// Whether a request is with the handler; requests a client sent before its answer (HTTP
    /// pipelining) wait here, so answers go out in the order of the requests.
    private var busy = false
    private var waiting: [(request: HTTPRequest, version: HTTPVersion, keepAlive: Bool)] = []
    /// A request too large, refused once the answers to the requests before it are out.
    private var refusal: HTTPVersion?
    /// How many pipelined requests a connection may have waiting before it is closed.
    static let maxWaiting = 16

    enum AwaitedPart: String {
        case head = "request head"
        case body = "request body"
    }

    init(maxBodyBytes: Int, limits: HTTPLimits, watch: ByteWatch, refusals: HTTPRefusals,
         handler: @escaping @Sendable (HTTPRequest) async -> HTTPReply, logger: Logger) {
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
        self.watch = watch
        self.refusals = refusals
        self.handler = handler
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { expect(.head, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        expect(.head, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    /// Starts the time the client has to send `part` (nil: none, the handler has the requests).
    private func expect(_ part: AwaitedPart?, context: ChannelHandlerContext) {
        guard let part else {
            awaited = nil
            return
        }
        let expiry = NIODeadline.now() + TimeAmount(part == .head ? limits.headTimeout : limits.bodyTimeout)
        awaited = (part, expiry)
        if timer == nil { startTimer(until: expiry, context: context) }
    }

    private func startTimer(until deadline: NIODeadline, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (this, context) = bound.value
            this.timer = nil
            this.checkExpiry(context: context)
        }
    }

    /// Closes the connection when what it awaited did not come in time; a slow client (some bytes
    /// of a head, or a head without its whole body) is counted, a silent idle one is not.
    private func checkExpiry(context: ChannelHandlerContext) {
        guard !closing, let awaited else { return }
        let (part, expiry) = awaited
        guard expiry <= .now() else {
            startTimer(until: expiry, context: context)
            return
        }
        if part == .body || watch.sawBytes {
            let limit = part == .head ? limits.headTimeout : limits.bodyTimeout
            refusals.record(.slowClient, metadata: ["http.awaited": "\(part.rawValue)", "http.limit": "\(limit)"])
        }
        closing = true
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, refusal == nil else { return }
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
            expect(.body, context: context)
            if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length > maxBodyBytes {
                refuse(context: context, version: requestHead.version)
            }
        case .body(var chunk):
            guard body.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                refuse(context: context, version: head?.version ?? .http1_1)
                return
            }
            body.writeBuffer(&chunk)
        case .end:
            guard let current = head else { return }
            head = nil
            watch.sawBytes = false
            expect(nil, context: context)
            var headers: [String: String] = [:]
            headers.reserveCapacity(current.headers.count)
            for (name, value) in current.headers {
                headers[name.utf8.contains(where: { (65...90).contains($0) }) ? name.lowercased() : name] = value
            }
            let uri = current.uri
            let question = uri.utf8.firstIndex(of: UInt8(ascii: "?"))
            let request = HTTPRequest(method: current.method.rawValue, path: String(uri[..<(question ?? uri.endIndex)]),
                                      query: question.map { String(uri[uri.utf8.index(after: $0)...]) } ?? "", headers: headers,
                                      body: Data(body.readableBytesView))
            guard waiting.count < Self.maxWaiting else {
                refusals.record(.tooManyPipelined, metadata: ["http.max_pipelined": "\(Self.maxWaiting)"])
                closing = true
                context.close(promise: nil)
                return
            }
            waiting.append((request, current.version, current.isKeepAlive))
            answerNext(context: context)
        }
    }

    /// Hands the first waiting request to the handler, unless one is there already; its answer is
    /// written on the connection's event loop.
    private func answerNext(context: ChannelHandlerContext) {
        guard !busy, !closing else { return }
        guard !waiting.isEmpty else {
            if let version = refusal {
                refuse(context: context, version: version)
            } else if head == nil {
                expect(.head, context: context)
            }
            return
        }
        busy = true
        let (request, version, keepAlive) = waiting.removeFirst()
        let (handler, loop) = (self.handler, context.eventLoop)
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        Task {
            let reply = await handler(request)
            loop.execute {
                let (this, context) = bound.value
                this.busy = false
                guard !this.closing else { return }
                this.send(reply, context: context, version: version, keepAlive: keepAlive)
                this.answerNext(context: context)
            }
        }
    }

    /// A connection that failed (reset, say) is closed; what it asked is no longer answered.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("webhook connection ended with an error", metadata: ["error": "\(error)"])
        closing = true
        context.close(promise: nil)
    }

    private func refuse(context: ChannelHandlerContext, version: HTTPVersion) {
        guard !busy, waiting.isEmpty else {
            refusal = version
            return
        }
        refusals.record(.tooLarge, metadata: ["http.status": "413", "http.max_body_bytes": "\(maxBodyBytes)"])
        send(.text(413, "request body larger than \(maxBodyBytes) bytes"), context: context, version: version, keepAlive: false)
    }

    /// Writes an answer as one flush; without keep-alive the connection closes once it is out.
    private func send(_ reply: HTTPReply, context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: String(reply.body.count))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        for header in reply.headers { headers.add(name: header.name, value: header.value) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: .init(statusCode: reply.status), headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: reply.body)))), promise: nil)
        guard !keepAlive else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        closing = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}

/// The HTTP server could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Notes that bytes came in, for the request handler behind the HTTP decoder: a connection that
/// sent part of a head before its time ran out is a slow client, one that sent nothing is idle.
final class ByteWatch: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    var sawBytes = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        sawBytes = true
        context.fireChannelRead(data)
    }
}

/// Closes a connection over the limit as soon as it is open.
final class CloseAtOnce: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { context.close(promise: nil) }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}
