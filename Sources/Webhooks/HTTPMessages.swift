import Foundation

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
