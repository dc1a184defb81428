import Foundation
import HuddleTesting
import Logging
import MetricsTestKit
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

    /// A client that trickles its head a byte every half second is closed once the head bound
    /// (1 s here) is over, however many bytes it sends; one that trickles a body is closed at the
    /// body bound; a client on another connection is answered meanwhile (with the reply's extra
    /// headers), and its silent kept-alive connection is closed at the head bound without being
    /// counted as slow. Both slow ones are counted as `slow_client`, in one log line.
    @Test func closesSlowClients() async throws {
        let (log, metrics) = (CapturingLogHandler(), TestMetrics())
        let refusals = HTTPRefusals(listener: "test", logger: log.logger(), metrics: metrics)
        let server = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 1024,
                                limits: HTTPLimits(headTimeout: .seconds(1), bodyTimeout: .milliseconds(1500)), logger: Logger(label: "test"),
                                refusals: refusals) { request in
            HTTPReply.text(200, request.path).adding([HTTPReply.Header("X-Test", "yes")])
        }
        try await withRunningServices([server]) {
            let port = try await server.port()
            let client = """
            import socket, sys, time
            def closed_within(s, start, trickle, limit):
                s.settimeout(0.5)
                for byte in trickle:
                    try:
                        s.send(bytes([byte]))
                        if s.recv(1) == b"":
                            return time.monotonic() - start
                    except socket.timeout:
                        pass
                    except OSError:
                        return time.monotonic() - start
                    if time.monotonic() - start > limit:
                        break
                return 99
            def answer(s, marker):
                data = b""
                while marker not in data:
                    data += s.recv(4096)
                return data
            def connect():
                return socket.create_connection(("127.0.0.1", \(port)))
            slow, slow_start = connect(), time.monotonic()
            head = b"GET /slow HTTP/1.1\\r\\nHost: x\\r\\nX-Padding: " + b"a" * 40 + b"\\r\\n\\r\\n"
            slow.send(head[:1])
            normal = connect()
            normal.sendall(b"GET /fast HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            reply = answer(normal, b"/fast")
            head_seconds = closed_within(slow, slow_start, head[1:], 6)
            body, body_start = connect(), time.monotonic()
            body.sendall(b"POST /body HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 100\\r\\n\\r\\n")
            body_seconds = closed_within(body, body_start, b"b" * 100, 6)
            idle = connect()
            idle.sendall(b"GET /idle HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            answer(idle, b"/idle")
            idle_start = time.monotonic()
            idle.settimeout(5)
            idle_seconds = time.monotonic() - idle_start if idle.recv(1) == b"" else 99
            print(0.8 < head_seconds < 2.0, 1.3 < body_seconds < 2.5, 0.8 < idle_seconds < 2.0, b"x-test: yes" in reply.lower(),
                  round(head_seconds, 1), round(body_seconds, 1), round(idle_seconds, 1))
            """
            let (status, output) = try await runProgram("/usr/bin/python3", ["-c", client])
            #expect(status == 0)
            #expect(output.hasPrefix("True True True True "))
        }
        #expect(try metrics.expectCounter("huddle_http_refused_total", [("listener", "test"), ("reason", "slow_client")]).totalValue == 2)
        #expect(log.captured.count == 1 && log.captured.first?.message.contains("did not send their request in time") == true)
    }

    /// With room for two connections, a third is closed at once while the two still answer; once
    /// one of them closes, a new one is served.
    @Test func capsOpenConnections() async throws {
        let (log, metrics) = (CapturingLogHandler(), TestMetrics())
        let refusals = HTTPRefusals(listener: "test", logger: log.logger(), metrics: metrics)
        let server = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 1024, limits: HTTPLimits(maxConnections: 2),
                                logger: Logger(label: "test"), refusals: refusals) { request in
            .text(200, request.path)
        }
        try await withRunningServices([server]) {
            let port = try await server.port()
            let client = """
            import socket, time
            def ask(s, path):
                s.sendall(b"GET " + path + b" HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
                data = b""
                while path not in data:
                    chunk = s.recv(4096)
                    if not chunk:
                        return "closed"
                    data += chunk
                return "ok"
            def connect():
                return socket.create_connection(("127.0.0.1", \(port)))
            a, b = connect(), connect()
            out = [ask(a, b"/a1"), ask(b, b"/b1")]
            c = connect()
            c.settimeout(3)
            try:
                out.append("closed" if c.recv(1) == b"" else "data")
            except socket.timeout:
                out.append("open")
            except OSError:
                out.append("closed")
            out += [ask(a, b"/a2"), ask(b, b"/b2")]
            a.close()
            time.sleep(0.3)
            out.append(ask(connect(), b"/d1"))
            print(" ".join(out))
            """
            let (status, output) = try await runProgram("/usr/bin/python3", ["-c", client])
            #expect(status == 0)
            #expect(output == "ok ok closed ok ok ok\n")
        }
        #expect(try metrics.expectCounter("huddle_http_refused_total", [("listener", "test"), ("reason", "too_many_connections")]).totalValue == 1)
        #expect(log.captured.count == 1 && log.captured.first?.message.contains("over the limit of open connections") == true)
    }
}

/// The listener's router: exact paths first, then prefixes, then the fallback.
@Suite struct HTTPRouterTests {
    func get(_ path: String, _ router: HTTPRouter) async -> String {
        String(decoding: await router.answer(HTTPRequest(method: "GET", path: path, headers: [:], body: Data())).body, as: UTF8.self)
    }

    @Test func routes() async {
        var router = HTTPRouter { _ in .text(404, "fallback") }
        router.route("/metrics", to: { _ in .text(200, "metrics") })
        router.route(prefix: "/digest/", to: { request in .text(200, "page \(request.path)") })
        router.route("/healthz", to: HTTPRouter.healthz(refusals: nil))
        #expect(await get("/metrics", router) == "metrics\n")
        #expect(await get("/metrics/x", router) == "fallback\n")
        #expect(await get("/digest/keuken/2026-W48", router) == "page /digest/keuken/2026-W48\n")
        #expect(await get("/healthz", router) == "ok\n")
        #expect(await router.answer(HTTPRequest(method: "POST", path: "/healthz", headers: [:], body: Data())).status == 405)
        #expect(await get("/mattermost/keuken", router) == "fallback\n")
    }

    /// A responding fallback takes what no route matches and answers it later, from another task;
    /// routed paths still go to their handlers. Answers keep the order of their requests.
    @Test func respondingFallback() async throws {
        var router = HTTPRouter { _ in .text(404, "fallback") }
        router.route("/healthz", to: HTTPRouter.healthz(refusals: nil))
        router.route(prefix: "/digest/", to: { request in .text(200, "page \(request.path)") })
        router.fallBack { request, answer in
            Task {
                if request.path == "/slow" { try? await Task.sleep(for: .milliseconds(200)) }
                answer(.text(200, "later \(request.path)"))
            }
        }
        #expect(!router.respond(HTTPRequest(method: "GET", path: "/healthz", headers: [:], body: Data())) { _ in })
        #expect(!router.respond(HTTPRequest(method: "GET", path: "/digest/x", headers: [:], body: Data())) { _ in })
        let server = HTTPServer(host: "127.0.0.1", port: 0, maxBodyBytes: 1024, logger: Logger(label: "test"), responder: router.respond,
                                handler: router.answer)
        try await withRunningServices([server]) {
            let url = "http://127.0.0.1:\(try await server.port())"
            let (status, output) = try await runProgram("/usr/bin/curl", ["-sS", "\(url)/slow", "\(url)/healthz", "\(url)/digest/w", "\(url)/team"])
            #expect(status == 0)
            #expect(output == "later /slow\nok\npage /digest/w\nlater /team\n")
        }
    }
}
