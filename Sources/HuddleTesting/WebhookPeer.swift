import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The project's webhook endpoint for tests (`Scripts/peers/webhook-peer.py`, Python's http.server on
/// 127.0.0.1): records requests and answers 200, 429 with Retry-After, 500, 400, 503 while told
/// it is down, or slowly, by path.
public final class WebhookPeer: @unchecked Sendable {
    public let port: Int
    public let log: URL
    private let process: Process

    /// Starts the peer and reads the port it listens on.
    public init() throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-webhook-\(UUID().uuidString).jsonl")
        (process, port) = try startPeer("webhook", "/usr/bin/env",
                                        ["python3", NgircdServer.repositoryRoot.appendingPathComponent("Scripts/peers/webhook-peer.py").path, log.path])
    }

    /// The URL of a path on the peer.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Whether `/outage` answers 503 (down) or 200.
    public func setDown(_ down: Bool) {
        let flag = log.path + ".down"
        if down { _ = FileManager.default.createFile(atPath: flag, contents: nil) } else { try? FileManager.default.removeItem(atPath: flag) }
    }

    /// The requests received so far: path and body.
    public var requests: [(path: String, body: String)] {
        logged.compactMap { object in
            guard let path = object["path"] as? String, let body = object["body"] as? String else { return nil }
            return (path, body)
        }
    }

    /// The `Authorization` header of the last request to `path`, if any.
    public func authorization(of path: String) -> String? {
        logged.last { $0["path"] as? String == path }?["authorization"] as? String
    }

    /// The `Idempotency-Key` header of each request so far, in order (nil where there was none).
    public var idempotencyKeys: [String?] { logged.map { $0["idempotency_key"] as? String } }

    /// Each request the peer logged, as its JSON object.
    private var logged: [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    deinit {
        setDown(false)
        stopInBackground([process], removing: log)
    }
}

/// Starts a test peer program that prints the port it listens on as its first line; returns
/// the running process and that port.
func startPeer(_ name: String, _ executable: String, _ arguments: [String]) throws -> (Process, Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var text = ""
    let handle = output.fileHandleForReading
    while !text.contains("\n") {
        let chunk = handle.availableData
        if chunk.isEmpty { throw TestPeerError("the \(name) peer did not start") }
        text += String(decoding: chunk, as: UTF8.self)
    }
    guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw TestPeerError("bad port from the \(name) peer: \(text)") }
    return (process, port)
}
