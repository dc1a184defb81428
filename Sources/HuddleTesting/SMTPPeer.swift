import Foundation

/// The project's mail server for tests (`Scripts/peers/smtp-peer.py`: aiosmtpd from PyPI in
/// `data/pyenv`, on 127.0.0.1): STARTTLS with a fresh self-signed certificate, AUTH required,
/// 451 once for `retry…` recipients, 550 for `reject…`. What it accepted, parsed with Python's
/// `email` package, is in `messages`.
public final class SMTPPeer: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    /// The CA file that makes the peer's certificate trusted (it is its own).
    public var certificate: String { directory.appendingPathComponent("cert.pem").path }
    public static let user = "huddle"
    public static let password = "smtp-geheim"
    private let process: Process
    private var log: URL { directory.appendingPathComponent("messages.jsonl") }

    /// Makes the certificate, starts the peer and reads the port it listens on.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem").path
        _ = try NgircdServer.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                                                      directory.appendingPathComponent("cert.pem").path, "-days", "2",
                                                      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        let python = NgircdServer.repositoryRoot.appendingPathComponent("data/pyenv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else { throw TestPeerError("no \(python): run Scripts/bootstrap") }
        (process, port) = try startPeer("SMTP", python, [NgircdServer.repositoryRoot.appendingPathComponent("Scripts/peers/smtp-peer.py").path,
                                                         directory.appendingPathComponent("messages.jsonl").path,
                                                         directory.appendingPathComponent("cert.pem").path, key])
        TestLogs.secret(Self.password)
    }

    /// Starts a peer off the cooperative pool.
    public static func started() async throws -> SMTPPeer {
        try await offThePool { try SMTPPeer() }
    }

    /// `smtp://127.0.0.1:<port>`.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The messages accepted so far, each as the peer parsed it.
    public var messages: [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    deinit {
        stopInBackground([process], removing: directory)
    }
}
