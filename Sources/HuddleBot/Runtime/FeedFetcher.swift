#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HuddleCore
import HuddleStore
import Logging
import Webhooks

/// Where a source is and how to authenticate.
public struct FeedRequest: Sendable, Hashable {
    /// An absolute file path (a report the property system drops in a folder) or an http(s) URL.
    public var location: String
    public var auth: FeedAuth?
    /// The longest a fetch may take, all of it.
    public var timeout: Duration = .seconds(20)
    /// The largest body or file taken; a larger one is refused and the cached copy stays.
    public var maxBytes: Int = 20_000_000

    /// A request for `location`.
    public init(location: String, auth: FeedAuth? = nil, timeout: Duration = .seconds(20), maxBytes: Int = 20_000_000) {
        self.location = location
        self.auth = auth
        self.timeout = timeout
        self.maxBytes = maxBytes
    }

    /// The location without the credentials a URL may carry (`https://user:password@host/…`
    /// gives `https://host/…`): what the cache keeps and is keyed by.
    public var source: String {
        guard let (start, end) = userInfoRange else { return location }
        return String(location[..<start] + location[end...])
    }

    /// Where the `user:password@` of a URL is, `@` included.
    var userInfoRange: (String.Index, String.Index)? {
        guard let scheme = location.range(of: "://") else { return nil }
        let rest = location[scheme.upperBound...]
        let authority = rest[..<(rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex)]
        guard let at = authority.lastIndex(of: "@") else { return nil }
        return (scheme.upperBound, location.index(after: at))
    }
}

/// How a fetch authenticates; the secret is read at fetch time, through `Secrets`.
public enum FeedAuth: Sendable, Hashable {
    /// `Authorization: Basic` with the user and the password from the secret.
    case basic(user: String, password: SecretSource)
    /// `Authorization: Bearer` with the token from the secret.
    case bearer(SecretSource)
}

/// What a fetch produced: the bytes to use (fresh or the last good copy), when they were good, and
/// what went wrong if anything.
public struct FeedFetch: Sendable {
    /// The content to use: fresh, or the last good copy; nil when there is neither.
    public var body: Data?
    /// When `body` was last confirmed good (a 200 that passed the checks, a 304, the file read).
    public var fetchedAt: Date?
    /// Whether the source confirmed `body` just now.
    public var fresh: Bool
    /// What went wrong, in one line without secrets: the source's failure (the last good copy is then
    /// in `body`), or, with a fresh body, that it could not be kept.
    public var problem: String?

    /// A fetch's result.
    public init(body: Data?, fetchedAt: Date?, fresh: Bool, problem: String?) {
        self.body = body
        self.fetchedAt = fetchedAt
        self.fresh = fresh
        self.problem = problem
    }
}

/// Fetches a team's sources ahead of a shift and keeps the last good copy of each in the
/// `FeedCache`: whatever the source does (down, slow, empty, broken, refusing the credentials), a
/// fetch returns within the request's timeout with the copy to use and the problem in words.
public struct FeedFetcher: Sendable {
    let cache: FeedCache
    let http: CurlHTTPClient
    let secrets: Secrets
    let now: @Sendable () -> Date
    let logger: Logger

    /// A fetcher that keeps its copies in `cache`, reads credentials through `secrets`, stamps
    /// copies with `now`, and logs to `logger` a cached copy it cannot read.
    public init(cache: FeedCache, http: CurlHTTPClient, secrets: Secrets, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.cache = cache
        self.http = http
        self.secrets = secrets
        self.now = now
        self.logger = logger
    }

    /// Fetches `request` for `team`: a file is read, a URL asked with a conditional GET (the cached
    /// copy's ETag and Last-Modified). New content is kept (and returned fresh) only when it is not
    /// empty and `validate` (the parser) returns no error text for it; otherwise, and when the source
    /// fails, the last good copy comes back with the problem.
    public func fetch(_ request: FeedRequest, team: String, validate: @Sendable (Data) -> String? = { _ in nil }) async -> FeedFetch {
        let source = request.source
        let cached: CachedFeed?
        do {
            cached = try cache.read(team: team, source: source)
        } catch {
            logger.warning("the cached copy of a source cannot be read; it is ignored and replaced by the next good copy",
                           metadata: ["team.id": "\(team)", "feed.source": "\(Self.shown(source))", "feed.error": "\(error)"])
            cached = nil
        }
        var hidden: [String] = []
        let answer: Answer
        let lowered = request.location.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            answer = await get(request, cached: cached, hiding: &hidden)
        } else if request.location.hasPrefix("/") {
            answer = Self.readFile(request.location, maxBytes: request.maxBytes)
        } else {
            answer = .failed("the source '\(Self.shown(source))' is neither an absolute file path nor an http(s) URL")
        }
        var fetch = outcome(answer, cached: cached, team: team, source: source, validate: validate)
        fetch.problem = fetch.problem.map { Self.oneLine($0, hiding: hidden) }
        return fetch
    }

    /// What the source answered.
    enum Answer {
        /// `modified`: when a file was last written (its data are from then, not from the read).
        case content(Data, etag: String?, lastModified: String?, empty: String, modified: Date? = nil)
        case notModified(etag: String?, lastModified: String?)
        case failed(String)
    }

    /// The fetch that follows from an answer: a new copy kept, the cached one confirmed, or the
    /// cached one with the problem.
    func outcome(_ answer: Answer, cached: CachedFeed?, team: String, source: String, validate: (Data) -> String?) -> FeedFetch {
        let kept = { (problem: String) in FeedFetch(body: cached?.body, fetchedAt: cached?.fetchedAt, fresh: false, problem: problem) }
        switch answer {
        case .failed(let problem):
            return kept(problem)
        case .notModified(let etag, let lastModified):
            guard var feed = cached else { return kept("the server answered 304 Not Modified, but there is no cached copy") }
            feed.fetchedAt = now()
            feed.etag = etag ?? feed.etag
            feed.lastModified = lastModified ?? feed.lastModified
            return keep(feed, team: team, source: source)
        case .content(let body, let etag, let lastModified, let empty, let modified):
            guard !body.isEmpty else { return kept(empty) }
            if let problem = validate(body) { return kept(problem) }
            let at = modified.map { min($0, now()) } ?? now()
            return keep(CachedFeed(source: source, fetchedAt: at, etag: etag, lastModified: lastModified, body: body), team: team, source: source)
        }
    }

    /// Stores a good copy and returns it fresh; a copy that cannot be stored is still used, with the reason.
    func keep(_ feed: CachedFeed, team: String, source: String) -> FeedFetch {
        do {
            try cache.store(feed, team: team, source: source)
            return FeedFetch(body: feed.body, fetchedAt: feed.fetchedAt, fresh: true, problem: nil)
        } catch {
            return FeedFetch(body: feed.body, fetchedAt: feed.fetchedAt, fresh: true, problem: "fetched, but the copy could not be kept: \(error)")
        }
    }

    /// A conditional GET; the secrets it sends go into `hidden`, so that no problem shows them.
    func get(_ request: FeedRequest, cached: CachedFeed?, hiding hidden: inout [String]) async -> Answer {
        var headers: [String: String] = [:]
        if let etag = cached?.etag { headers["If-None-Match"] = etag }
        if let lastModified = cached?.lastModified { headers["If-Modified-Since"] = lastModified }
        if let (start, end) = request.userInfoRange {
            let userInfo = request.location[start..<end].dropLast()
            hidden.append(String(userInfo))
            if let colon = userInfo.firstIndex(of: ":") { hidden.append(String(userInfo[userInfo.index(after: colon)...])) }
        }
        switch request.auth {
        case nil:
            break
        case .basic(let user, let source):
            guard let password = try? secrets.read(source) else { return .failed(unreadable(source, what: "password")) }
            let credentials = Data("\(user):\(password)".utf8).base64EncodedString()
            hidden += [password, credentials]
            headers["Authorization"] = "Basic \(credentials)"
        case .bearer(let source):
            guard let token = try? secrets.read(source) else { return .failed(unreadable(source, what: "token")) }
            hidden.append(token)
            // Sent as it is in a header line: a line break in it would end the header.
            guard !token.contains(where: { $0.isNewline }) else { return .failed("the token from \(source) has a line break in it") }
            headers["Authorization"] = "Bearer \(token)"
        }
        let response: HTTPResponse
        do {
            response = try await http.get(url: request.location, headers: headers, timeout: request.timeout, maxBytes: request.maxBytes)
        } catch let error as HTTPTransportError {
            return .failed(error.message)
        } catch {
            return .failed("\(error)")
        }
        switch response.status {
        case 200..<300:
            return .content(response.body, etag: response.headers["etag"], lastModified: response.headers["last-modified"], empty: "empty response")
        case 304:
            return .notModified(etag: response.headers["etag"], lastModified: response.headers["last-modified"])
        case 401, 403:
            return .failed("HTTP \(response.status): " + (request.auth == nil ? "the server asks for credentials; none are configured"
                                                                                : "the server refused the credentials"))
        default:
            return .failed("HTTP \(response.status)")
        }
    }

    /// Why a secret could not be read, naming where it was looked for.
    func unreadable(_ source: SecretSource, what: String) -> String {
        "cannot read the \(what) from \(source): it is missing or empty"
    }

    /// Reads a regular file of at most `maxBytes`.
    static func readFile(_ path: String, maxBytes: Int) -> Answer {
        // Not blocking: a FIFO in the reports folder must not hold the fetch.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failed("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failed("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failed("\(path) is not a regular file") }
        let tooLarge = "\(path) is larger than the limit of \(maxBytes) bytes"
        guard Int(info.st_size) <= maxBytes else { return .failed(tooLarge) }
        var data = Data(count: Int(info.st_size) + 1)
        var count = 0
        while count < data.count {
            let got = data.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { return .failed("cannot read \(path): \(String(cString: strerror(errno)))") }
            if got == 0 { break }
            count += got
            // The file grew while it was read: take no more than the limit allows.
            if count == data.count && count <= maxBytes { data.count = min(maxBytes + 1, data.count * 2) }
        }
        guard count <= maxBytes else { return .failed(tooLarge) }
        data.count = count
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
        return .content(data, etag: nil, lastModified: nil, empty: "the file \(path) is empty", modified: modified)
    }

    /// A source as logs and problems show it: without credentials or the query (which may hold a key).
    static func shown(_ source: String) -> String {
        guard source.contains("://"), let query = source.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return source }
        return String(source[..<query])
    }

    /// One line (line breaks and other control characters become spaces) of at most 300
    /// characters, with every secret in `secrets` replaced by `…`.
    static func oneLine(_ text: String, hiding secrets: [String]) -> String {
        var line = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            line = line.replacingOccurrences(of: secret, with: "…")
        }
        line = String(line.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
        line = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return line.count > 300 ? String(line.prefix(299)) + "…" : line
    }
}
