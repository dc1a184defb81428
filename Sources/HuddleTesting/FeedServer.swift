import Foundation

/// The project's source server for tests (`Scripts/peers/feed-server.py`, Python's http.server on
/// 127.0.0.1): serves the files put into it with a strong ETag and Last-Modified, answers 304 to a
/// conditional GET that matches, asks for Basic or Bearer credentials under `/auth-basic/` and
/// `/auth-bearer/`, and has paths that fail on purpose (`/status/503`, `/slow`, `/hang`, `/huge`,
/// `/empty`, `/redirect/<n>/…`); `stats()` says what it was asked.
public final class FeedServer: @unchecked Sendable {
    public let port: Int
    /// The server's own folder; the files it serves are in `files`.
    public let directory: URL
    public var files: URL { directory.appendingPathComponent("files", isDirectory: true) }
    /// The credentials `/auth-basic/` and `/auth-bearer/` accept.
    public static let user = "reports"
    public static let password = "feed-geheim-basic"
    public static let token = "feed-geheim-bearer"
    private let process: Process

    /// Starts the server and reads the port it listens on.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-feeds-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("files"), withIntermediateDirectories: true)
        (process, port) = try startPeer("feed", "/usr/bin/env", [
            "python3", NgircdServer.repositoryRoot.appendingPathComponent("Scripts/peers/feed-server.py").path,
            directory.appendingPathComponent("files").path, Self.user, Self.password, Self.token,
        ])
        TestServerRecord.note(process, directory: directory)
        TestLogs.secret(Self.password)
        TestLogs.secret(Self.token)
    }

    /// Starts a server off the cooperative pool.
    public static func started() async throws -> FeedServer {
        try await offThePool { try FeedServer() }
    }

    /// The URL of a path on the server (`/report.csv`, `/status/503`).
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Puts a file the server serves as `/<name>`, replacing it at once (never half written).
    /// `modified` sets its time, which the server gives as Last-Modified.
    public func put(_ name: String, _ text: String, modified: Date? = nil) throws {
        let path = files.appendingPathComponent(name)
        try Data(text.utf8).write(to: path, options: .atomic)
        if let modified { try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path.path) }
    }

    /// What the server was asked so far.
    public struct Stats: Sendable, Decodable {
        /// Requests per path (without the query).
        public var requests: [String: Int]
        /// The 304 answers per path.
        public var notModified: [String: Int]
        /// The `if-none-match`, `if-modified-since` and `accept-encoding` headers of each path's last request.
        public var headers: [String: [String: String]]

        enum CodingKeys: String, CodingKey {
            case requests, headers
            case notModified = "not_modified"
        }
    }

    /// Reads `/_stats`.
    public func stats() async throws -> Stats {
        let answer = try await CurlCommand.get(url("/_stats"))
        guard answer.status == 200 else { throw TestPeerError("the feed server's /_stats answered \(answer.status): \(answer.body)") }
        return try JSONDecoder().decode(Stats.self, from: Data(answer.body.utf8))
    }

    deinit {
        stopInBackground([process], removing: directory)
    }
}
