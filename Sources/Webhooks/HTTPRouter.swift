import Foundation

/// The routes of one HTTP listener: exact paths and path prefixes, each with its handler, and a
/// handler for everything else. The webhook listener (replies, digest pages, `/healthz`, and
/// `/metrics` when `metrics.listen` is the same address) and a metrics listener of its own are
/// both one of these.
public struct HTTPRouter: Sendable {
    /// What answers a request.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPReply
    /// What answers a request through `answer` (exactly once, at once or later, from any thread)
    /// instead of returning it, so that no task has to wait for the answer. It is called on the
    /// listener's event loop: it must not block (work that takes time goes in a task it starts).
    public typealias Responder = @Sendable (HTTPRequest, _ answer: @escaping @Sendable (HTTPReply) -> Void) -> Void

    private var exact: [String: Handler] = [:]
    private var prefixes: [(prefix: String, handler: Handler)] = []
    private let fallback: Handler
    private var respondingFallback: Responder?

    /// A router that hands what no route matches to `fallback`.
    public init(fallback: @escaping Handler) {
        self.fallback = fallback
    }

    /// Routes the path `path` itself to `handler`.
    public mutating func route(_ path: String, to handler: @escaping Handler) {
        exact[path] = handler
    }

    /// Routes every path that starts with `prefix` (ending in `/`) to `handler`.
    public mutating func route(prefix: String, to handler: @escaping Handler) {
        prefixes.append((prefix, handler))
    }

    /// Lets `responder` answer what no route matches, instead of the fallback (which must answer
    /// alike: it still answers requests made by hand).
    public mutating func fallBack(respondingWith responder: @escaping Responder) {
        respondingFallback = responder
    }

    /// Hands a request that no route matches to the responding fallback; false (and nothing done)
    /// when a route matches or there is none, for `answer` to serve it.
    public func respond(_ request: HTTPRequest, _ answer: @escaping @Sendable (HTTPReply) -> Void) -> Bool {
        guard let respondingFallback, exact[request.path] == nil, !prefixes.contains(where: { request.path.hasPrefix($0.prefix) }) else {
            return false
        }
        respondingFallback(request, answer)
        return true
    }

    /// The answer to one request.
    public func answer(_ request: HTTPRequest) async -> HTTPReply {
        if let handler = exact[request.path] { return await handler(request) }
        for route in prefixes where request.path.hasPrefix(route.prefix) { return await route.handler(request) }
        return await fallback(request)
    }

    /// `GET /healthz`: `ok` while the process serves; other methods get 405 (and are counted).
    public static func healthz(refusals: HTTPRefusals?) -> Handler {
        { request in
            guard request.method == "GET" || request.method == "HEAD" else {
                refusals?.record(.method, metadata: ["http.status": "405", "http.route": "healthz"])
                return .text(405, "use GET")
            }
            return .text(200, "ok")
        }
    }
}
