import Crypto
import Foundation
import HuddleCore

/// The last good copy of one source (a report a team's property system makes), with what a
/// conditional GET needs to ask whether it changed.
public struct CachedFeed: Codable, Sendable, Hashable {
    public var v = 1
    /// The file path or URL, without credentials.
    public var source: String
    /// When the content was last confirmed good: a 200 that passed the checks, a 304, or the file read.
    /// Kept to the millisecond.
    public var fetchedAt: Date
    /// The server's `ETag` and `Last-Modified`, sent back as `If-None-Match` and `If-Modified-Since`.
    public var etag: String?
    public var lastModified: String?
    public var body: Data

    /// A copy of `body` from `source`, good at `fetchedAt`.
    public init(source: String, fetchedAt: Date, etag: String? = nil, lastModified: String? = nil, body: Data) {
        self.source = source
        self.fetchedAt = fetchedAt
        self.etag = etag
        self.lastModified = lastModified
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case v, source, etag, body
        case fetchedAt = "fetched_at"
        case lastModified = "last_modified"
    }
}

/// The last good copy of every team's sources, one file each: `<directory>/<team>/<source id>.json`,
/// where the id is the first 16 hex digits of the SHA-256 of the source (so no text from the
/// configuration becomes a path), written atomically (0600 files in 0700 folders).
public struct FeedCache: Sendable {
    /// The folder (`<data>/feeds`, `DataDirectory.feeds`).
    public let directory: URL

    /// The cache in `directory`, made on the first store.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The last good copy of `source` for `team`; nil when there is none, or when its file cannot be
    /// read or is not a copy of this source (see `read`, which says why).
    public func load(team: String, source: String) -> CachedFeed? {
        try? read(team: team, source: source)
    }

    /// The last good copy of `source` for `team`, or nil when there is none; throws when its file is
    /// there but unreadable, damaged, of another version or of another source: the caller logs that
    /// and goes on without it (the next good copy replaces the file).
    public func read(team: String, source: String) throws -> CachedFeed? {
        let path = try file(team: team, source: source).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreError(path: path, message: "cannot read the file") }
        let feed: CachedFeed
        do {
            feed = try HuddleJSON.decoder().decode(CachedFeed.self, from: data)
        } catch {
            throw StoreError(path: path, message: "not a cached feed (\(error))")
        }
        guard feed.v == 1 else { throw StoreError(path: path, message: "a cached feed of version \(feed.v), which this version cannot read") }
        guard feed.source == source else { throw StoreError(path: path, message: "a cached copy of another source") }
        return feed
    }

    /// Keeps `feed` as the last good copy of `source` for `team`, replacing the one before (the
    /// copy's `source` is `source`).
    public func store(_ feed: CachedFeed, team: String, source: String) throws {
        let path = try file(team: team, source: source).path
        var stored = feed
        stored.source = source
        try DurableFile.replace(path, with: try HuddleJSON.lineEncoder().encode(stored) + Data("\n".utf8))
    }

    /// The file of one source: `<directory>/<team>/<id>.json`. A team id is `[a-z0-9-]+` (the
    /// configuration checks it), a group's is `group:<id>` (as in the ledger); anything else is
    /// refused rather than made into a path.
    public func file(team: String, source: String) throws -> URL {
        let id = team.hasPrefix("group:") ? team.dropFirst(6) : Substring(team)
        guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }) else {
            throw StoreError(path: directory.path, message: "'\(team)' is not a team id ([a-z0-9-]+) or a group's (group:<id>)")
        }
        return directory.appendingPathComponent(team, isDirectory: true).appendingPathComponent("\(Self.id(of: source)).json")
    }

    /// A source's short, stable id: the first 16 hex digits of the SHA-256 of its text.
    public static func id(of source: String) -> String {
        String(Hex.encode(Array(SHA256.hash(data: Data(source.utf8)))).prefix(16))
    }
}
