import Foundation
import HuddleTesting
import Logging
import Testing
@testable import Webhooks

/// The answers' bytes on the wire, exactly as NIO's response encoder and protocol error handler
/// wrote them (the answers are now written as bytes by the request handler).
@Suite struct HTTPWireTests {
    /// Each raw request on a connection of its own; the client prints everything it read until the
    /// server closed the connection, as Python's repr of the bytes.
    func exchange(_ requests: [String], port: Int) async throws -> [String] {
        let client = """
        import socket, sys
        for raw in sys.argv[1:]:
            s = socket.create_connection(("127.0.0.1", \(port)))
            s.settimeout(30)
            s.sendall(raw.encode("latin-1"))
            data = b""
            while chunk := s.recv(4096):
                data += chunk
            s.close()
            print(repr(data))
        """
        let (status, output) = try await runProgram("/usr/bin/python3", ["-c", client] + requests)
        #expect(status == 0)
        return output.split(separator: "\n").map(String.init)
    }

    @Test func answersOnTheWire() async throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 64, logger: Logger(label: "test")) { request in
            switch request.path {
            case "/extra": HTTPReply.text(200, "x").adding([HTTPReply.Header("Cache-Control", "no-store")])
            case "/json": HTTPReply.json(401, ["a": "b"])
            case "/none": HTTPReply(status: 204, contentType: "text/plain", body: Data("ignored".utf8))
            case "/odd": HTTPReply.text(599, "odd")
            default: HTTPReply.text(200, "\(request.method) \(request.path)")
            }
        }
        try await withRunningServices([server]) {
            let port = try await server.port()
            // A kept-alive connection is shown so by the answer to a last request that closes it.
            let last = "GET /end HTTP/1.1\r\nConnection: close\r\n\r\n"
            let answers = try await exchange([
                "GET /a HTTP/1.1\r\nHost: x\r\n\r\n" + last,
                "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n" + last,
                "GET /a HTTP/1.0\r\n\r\n",
                "GET /a HTTP/1.1\r\nConnection: close\r\n\r\n",
                "GET /extra HTTP/1.1\r\nHost: x\r\n\r\n" + last,
                "GET /json HTTP/1.1\r\nHost: x\r\n\r\n" + last,
                "GET /none HTTP/1.1\r\nHost: x\r\n\r\n" + last,
                "GET /odd HTTP/1.1\r\nHost: x\r\n\r\n" + last,
                "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n",
                "HEAD /big HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n",
                "GET / HTTP/1.1\r\nHost x\r\n\r\n",
                "NONSENSE\r\n\r\n",
            ], port: port)
            let end = "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain; charset=utf-8\\r\\nContent-Length: 9\\r\\nConnection: close\\r\\n\\r\\nGET /end\\n"
            let text = "Content-Type: text/plain; charset=utf-8\\r\\n"
            #expect(answers == [
                "b'HTTP/1.1 200 OK\\r\\n\(text)Content-Length: 7\\r\\nConnection: keep-alive\\r\\n\\r\\nGET /a\\n\(end)'",
                "b'HTTP/1.1 200 OK\\r\\n\(text)Content-Length: 8\\r\\nConnection: keep-alive\\r\\n\\r\\n\(end)'",
                "b'HTTP/1.0 200 OK\\r\\n\(text)Content-Length: 7\\r\\nConnection: close\\r\\n\\r\\nGET /a\\n'",
                "b'HTTP/1.1 200 OK\\r\\n\(text)Content-Length: 7\\r\\nConnection: close\\r\\n\\r\\nGET /a\\n'",
                "b'HTTP/1.1 200 OK\\r\\n\(text)Content-Length: 2\\r\\nConnection: keep-alive\\r\\nCache-Control: no-store\\r\\n\\r\\nx\\n\(end)'",
                "b'HTTP/1.1 401 Unauthorized\\r\\nContent-Type: application/json; charset=utf-8\\r\\nContent-Length: 9\\r\\nConnection: keep-alive\\r\\n\\r\\n{\"a\":\"b\"}\(end)'",
                "b'HTTP/1.1 204 No Content\\r\\nContent-Type: text/plain\\r\\nConnection: keep-alive\\r\\n\\r\\nignored\(end)'",
                "b'HTTP/1.1 599 \\r\\n\(text)Content-Length: 4\\r\\nConnection: keep-alive\\r\\n\\r\\nodd\\n\(end)'",
                "b'HTTP/1.1 413 Payload Too Large\\r\\n\(text)Content-Length: 34\\r\\nConnection: close\\r\\n\\r\\nrequest body larger than 64 bytes\\n'",
                "b'HTTP/1.1 413 Payload Too Large\\r\\n\(text)Content-Length: 34\\r\\nConnection: close\\r\\n\\r\\n'",
                "b'HTTP/1.1 400 Bad Request\\r\\nConnection: close\\r\\nContent-Length: 0\\r\\n\\r\\n'",
                "b'HTTP/1.1 400 Bad Request\\r\\nConnection: close\\r\\nContent-Length: 0\\r\\n\\r\\n'",
            ])
        }
    }
}
