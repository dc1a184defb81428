import Foundation
import HuddleTesting
import Logging
import Testing
@testable import Webhooks

@Suite struct HTTPServerTests {
    /// A client that keeps its connection alive gets every answer on it (curl reuses the one
    /// connection for the second request); one that asks to close gets `Connection: close`.
    @Test func keepsConnectionsAlive() async throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 1024, logger: Logger(label: "test")) { request in
            .text(200, "\(request.method) \(request.path)")
        }
        try await withRunningServices([server]) {
            let port = try await server.port()
            let url = "http://127.0.0.1:\(port)"
            let (status, output) = try await runProgram("/usr/bin/curl", ["-sS", "-w", " connects=%{num_connects}\n", "\(url)/a", "\(url)/b"])
            #expect(status == 0)
            #expect(output == "GET /a\n connects=1\nGET /b\n connects=0\n")
            let (_, headers) = try await runProgram("/usr/bin/curl", ["-sS", "-D", "-", "-o", "/dev/null", "-H", "Connection: close", "\(url)/c"])
            #expect(headers.lowercased().contains("connection: close"))
        }
    }

    /// The handler sees the path without the query, the query as sent (still percent-encoded, a
    /// second `?` kept), and header names in lower case, whatever case the client used.
    @Test func splitsTargetAndFoldsHeaderNames() async throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 1024, logger: Logger(label: "test")) { request in
            .text(200, "\(request.path)|\(request.query)|\(request.headers["x-mixed-case"] ?? "-")|\(request.headers["x-lower"] ?? "-")")
        }
        try await withRunningServices([server]) {
            let url = "http://127.0.0.1:\(try await server.port())"
            let (_, output) = try await runProgram("/usr/bin/curl", ["-sS", "-H", "X-Mixed-CASE: a", "-H", "x-lower: b", "\(url)/p/q?a=1%202&b=?c", "\(url)/plain"])
            #expect(output == "/p/q|a=1%202&b=?c|a|b\n/plain||a|b\n")
        }
    }

    /// Requests sent before their answers (HTTP pipelining) are answered in the order they came,
    /// even when the first takes longest; one too large is refused after them, and the connection closes.
    @Test func answersPipelinedRequestsInOrder() async throws {
        let server = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 1024, logger: Logger(label: "test")) { request in
            if request.path == "/slow" { try? await Task.sleep(for: .milliseconds(300)) }
            return .text(200, request.path)
        }
        try await withRunningServices([server]) {
            let port = try await server.port()
            let client = """
            import re, socket, sys
            s = socket.create_connection(("127.0.0.1", \(port)))
            s.sendall(b"GET /slow HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /fast HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nPOST /big HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5000\\r\\n\\r\\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
            sys.stdout.write(" ".join(body.decode() for body in re.findall(rb"\\r\\n\\r\\n(/[a-z]+|request body larger)", data)))
            """
            let (status, output) = try await runProgram("/usr/bin/python3", ["-c", client])
            #expect(status == 0)
            #expect(output == "/slow /fast request body larger")
        }
    }
}
