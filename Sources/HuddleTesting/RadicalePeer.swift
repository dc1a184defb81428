import Foundation

/// A real calendar server for tests (`Scripts/peers/radicale-peer.py`: Radicale from PyPI in
/// `data/pyenv`, on 127.0.0.1): the calendar `/huddle/agenda/` made with MKCALENDAR and filled
/// with PUT, as a calendar client would, behind basic authentication. Its GET is the feed.
public final class RadicalePeer: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    public static let user = "huddle"
    public static let password = "agenda-geheim"
    private let process: Process

    /// Starts Radicale with `calendars` (iCalendar texts by file name) in its one calendar.
    public init(calendars: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-radicale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var files: [String] = []
        for (name, text) in calendars.sorted(by: { $0.key < $1.key }) {
            let path = directory.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let python = NgircdServer.repositoryRoot.appendingPathComponent("data/pyenv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else { throw TestPeerError("no \(python): run Scripts/bootstrap") }
        (process, port) = try startPeer("Radicale", python, [NgircdServer.repositoryRoot.appendingPathComponent("Scripts/peers/radicale-peer.py").path,
                                                             directory.appendingPathComponent("store").path, Self.user, Self.password] + files)
        TestLogs.secret(Self.password)
    }

    /// Starts a peer off the cooperative pool.
    public static func started(calendars: [String: String]) async throws -> RadicalePeer {
        try await offThePool { try RadicalePeer(calendars: calendars) }
    }

    /// The calendar's URL: its GET (with the credentials) is the whole calendar as one iCalendar file.
    public var calendarURL: String { "http://127.0.0.1:\(port)/\(Self.user)/agenda/" }

    deinit {
        stopInBackground([process], removing: directory)
    }
}
