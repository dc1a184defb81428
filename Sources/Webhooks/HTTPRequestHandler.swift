import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Reads the requests of one connection and answers each in turn from the server's handler: the
/// connection stays open between them when the client keeps it alive (HTTP/1.1's default), and
/// closes after a refusal of its size, or when a request's head or body takes longer than the
/// limits (a silent kept-alive connection too, without counting it as refused). A plain channel
/// handler rather than an async channel: the async sequence and writer around each request cost
/// a quarter of the CPU an answer to `/healthz` takes (33 against 25 µs, measured with wrk).
final class HTTPRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer
    let maxBodyBytes: Int
    let limits: HTTPLimits
    let watch: ByteWatch
    let refusals: HTTPRefusals
    let handler: @Sendable (HTTPRequest) async -> HTTPReply
    /// See `HTTPServer.responder`.
    typealias Responder = @Sendable (HTTPRequest, _ answer: @escaping @Sendable (HTTPReply) -> Void) -> Bool
    let responder: Responder?
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
    private var refusal: (version: HTTPVersion, method: String)?
    /// How many pipelined requests a connection may have waiting before it is closed.
    static let maxWaiting = 16

    enum AwaitedPart: String {
        case head = "request head"
        case body = "request body"
    }

    init(maxBodyBytes: Int, limits: HTTPLimits, watch: ByteWatch, refusals: HTTPRefusals, responder: Responder? = nil,
         handler: @escaping @Sendable (HTTPRequest) async -> HTTPReply, logger: Logger) {
        self.responder = responder
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
                refuse(context: context, version: requestHead.version, method: requestHead.method.rawValue)
            }
        case .body(var chunk):
            guard body.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                refuse(context: context, version: head?.version ?? .http1_1, method: head?.method.rawValue ?? "")
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

    /// Hands the first waiting request to the responder, or else to the handler in a task of its
    /// own, unless one is there already; its answer is written on the connection's event loop (in a
    /// later turn of the loop, also when it is given at once).
    private func answerNext(context: ChannelHandlerContext) {
        guard !busy, !closing else { return }
        guard !waiting.isEmpty else {
            if let (version, method) = refusal {
                refuse(context: context, version: version, method: method)
            } else if head == nil {
                expect(.head, context: context)
            }
            return
        }
        busy = true
        let (request, version, keepAlive) = waiting.removeFirst()
        let (handler, loop) = (self.handler, context.eventLoop)
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let answer: @Sendable (HTTPReply) -> Void = { reply in
            loop.execute {
                let (this, context) = bound.value
                this.busy = false
                guard !this.closing else { return }
                this.send(reply, context: context, version: version, keepAlive: keepAlive, method: request.method)
                this.answerNext(context: context)
            }
        }
        if let responder, responder(request, answer) { return }
        Task { answer(await handler(request)) }
    }

    /// A connection that failed (reset, say) is closed; what it asked is no longer answered. A
    /// request that cannot be parsed gets a 400 first, as NIO's protocol error handler gave it.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: HTTPWire.badRequest)), promise: nil)
        }
        logger.debug("webhook connection ended with an error", metadata: ["error": "\(error)"])
        closing = true
        context.close(promise: nil)
    }

    private func refuse(context: ChannelHandlerContext, version: HTTPVersion, method: String) {
        guard !busy, waiting.isEmpty else {
            refusal = (version, method)
            return
        }
        refusals.record(.tooLarge, metadata: ["http.status": "413", "http.max_body_bytes": "\(maxBodyBytes)"])
        send(.text(413, "request body larger than \(maxBodyBytes) bytes"), context: context, version: version, keepAlive: false, method: method)
    }

    /// Writes an answer (to a request made with `method`) in one buffer and one flush; without
    /// keep-alive the connection closes once it is out.
    private func send(_ reply: HTTPReply, context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool, method: String) {
        let bytes = HTTPWire.response(reply, version: version, keepAlive: keepAlive, method: method, allocator: context.channel.allocator)
        guard !keepAlive else {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
            return
        }
        closing = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in bound.value.close(promise: nil) }
    }
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
