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
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let path = object["path"] as? String, let body = object["body"] as? String else { return nil }
            return (path, body)
        }
    }

    /// The `Authorization` header of the last request to `path`, if any.
    public func authorization(of path: String) -> String? {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["path"] as? String == path else { return nil }
            return object["authorization"] as? String
        }.last
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
