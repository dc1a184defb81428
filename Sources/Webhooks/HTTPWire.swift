import NIOCore
import NIOHTTP1

/// Answers as bytes, written by the request handler in one buffer and one write: what NIO's
/// response encoder wrote from a head, a body and an end (the same status line, the headers in the
/// same order, the same framing), without building those parts and passing each down the pipeline.
enum HTTPWire {
    /// An answer to a request made with `method`: without its body for HEAD (and CONNECT), as NIO's
    /// encoder sent it; without `Content-Length` for a status that has no body (1xx, 204, 304).
    static func response(_ reply: HTTPReply, version: HTTPVersion, keepAlive: Bool, method: String,
                         allocator: ByteBufferAllocator) -> ByteBuffer {
        let status = HTTPResponseStatus(statusCode: reply.status)
        let suppressBody = method == "HEAD" || method == "CONNECT"
        let framed = method != "CONNECT" && status.mayHaveResponseBody
        var buffer = allocator.buffer(capacity: 160 + reply.contentType.utf8.count + (suppressBody ? 0 : reply.body.count))
        buffer.writeStaticString("HTTP/")
        buffer.writeString(String(version.major))
        buffer.writeStaticString(".")
        buffer.writeString(String(version.minor))
        buffer.writeStaticString(" ")
        buffer.writeString(String(status.code))
        buffer.writeStaticString(" ")
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\nContent-Type: ")
        buffer.writeString(reply.contentType)
        if framed {
            buffer.writeStaticString("\r\nContent-Length: ")
            buffer.writeString(String(reply.body.count))
        }
        buffer.writeStaticString(keepAlive ? "\r\nConnection: keep-alive\r\n" : "\r\nConnection: close\r\n")
        // A body is framed by its length alone: NIO's encoder dropped any Transfer-Encoding (and
        // any Content-Length where there is no body).
        for header in reply.headers where !Self.named(header.name, "transfer-encoding") && (framed || !Self.named(header.name, "content-length")) {
            buffer.writeString(header.name)
            buffer.writeStaticString(": ")
            buffer.writeString(header.value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        if !suppressBody { buffer.writeBytes(reply.body) }
        return buffer
    }

    /// Whether a header's name is `lowercased`, in any case.
    static func named(_ name: String, _ lowercased: String) -> Bool {
        name.utf8.count == lowercased.utf8.count && name.lowercased() == lowercased
    }

    /// What NIO's protocol error handler answered to a request it could not parse.
    static let badRequest = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
}
