#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing
import Webhooks
@testable import HuddleBot

/// Sources fetched ahead against a real HTTP server on loopback (`FeedServer`) and from files: the
/// last good copy stays in use, with its time, whatever the source does.
@Suite struct FeedFetcherTests {
    static let arrivals = "kamer;naam;aankomst\n101;Jansen;14:00\n"

    /// A fetcher on a new data directory, with a clock the test moves and a log it reads.
    struct Rig {
        let data: DataDirectory
        let cache: FeedCache
        let clock: ManualClock
        let log: CapturingLogHandler
        let fetcher: FeedFetcher

        init() throws {
            let clock = ManualClock(now: utc("2026-12-05T05:00:00Z")), log = CapturingLogHandler()
            self.clock = clock
            self.log = log
            data = DataDirectory(try temporaryDirectory())
            cache = FeedCache(directory: data.feeds)
            fetcher = FeedFetcher(cache: cache, http: CurlHTTPClient(), secrets: Secrets(environment: [:]), now: { clock.now() }, logger: log.logger())
        }

        /// Puts `text` in the cache as the last good copy of `location`, from `at`.
        func seed(_ location: String, _ text: String = "oud;bestand\n", at: Date = utc("2026-12-04T05:00:00Z")) throws {
            try cache.store(CachedFeed(source: location, fetchedAt: at, body: Data(text.utf8)), team: "receptie", source: location)
        }

        func fetch(_ request: FeedRequest, validate: @Sendable (Data) -> String? = { _ in nil }) async -> FeedFetch {
            await fetcher.fetch(request, team: "receptie", validate: validate)
        }
    }

    /// A secret in a file of its own (0600), as `password_file` would name it.
    func secretFile(_ value: String) throws -> SecretSource {
        let path = try temporaryDirectory() + "/secret"
        guard FileManager.default.createFile(atPath: path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw TestPeerError("cannot write \(path)")
        }
        return .file(path)
    }

    /// A 200 is kept with its ETag; the next fetch asks with If-None-Match, gets a 304 and returns
    /// the cached body as fresh, confirmed at the new time.
    @Test func conditionalGet() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", Self.arrivals)
        let rig = try Rig()
        let request = FeedRequest(location: server.url("/arrivals.csv"))
        let first = await rig.fetch(request)
        #expect(first.body == Data(Self.arrivals.utf8) && first.fresh && first.problem == nil)
        #expect(first.fetchedAt == utc("2026-12-05T05:00:00Z"))
        let etag = try #require(rig.cache.load(team: "receptie", source: request.location)?.etag)

        rig.clock.advance(by: 3600)
        let second = await rig.fetch(request)
        #expect(second.body == Data(Self.arrivals.utf8) && second.fresh && second.problem == nil)
        #expect(second.fetchedAt == utc("2026-12-05T06:00:00Z"))
        #expect(rig.cache.load(team: "receptie", source: request.location)?.fetchedAt == utc("2026-12-05T06:00:00Z"))
        let stats = try await server.stats()
        #expect(stats.requests["/arrivals.csv"] == 2 && stats.notModified["/arrivals.csv"] == 1)
        #expect(stats.headers["/arrivals.csv"]?["if-none-match"] == etag)
    }

    /// A changed file comes back as the new body; a source without an ETag is asked with
    /// If-Modified-Since instead.
    @Test func changedContentAndLastModified() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", Self.arrivals)
        let rig = try Rig()
        let request = FeedRequest(location: server.url("/arrivals.csv"))
        _ = await rig.fetch(request)
        try server.put("arrivals.csv", Self.arrivals + "102;De Vries;15:00\n")
        let changed = await rig.fetch(request)
        #expect(changed.body == Data((Self.arrivals + "102;De Vries;15:00\n").utf8) && changed.fresh && changed.problem == nil)
        #expect(rig.cache.load(team: "receptie", source: request.location)?.body == changed.body)

        let plain = FeedRequest(location: server.url("/no-etag/arrivals.csv"))
        _ = await rig.fetch(plain)
        let cached = try #require(rig.cache.load(team: "receptie", source: plain.location))
        #expect(cached.etag == nil && cached.lastModified != nil)
        let again = await rig.fetch(plain)
        #expect(again.body == changed.body && again.fresh)
        let stats = try await server.stats()
        #expect(stats.notModified["/no-etag/arrivals.csv"] == 1 && stats.headers["/no-etag/arrivals.csv"]?["if-modified-since"] == cached.lastModified)
    }

    /// A 503 leaves the last good copy in use, with its time, and says "HTTP 503".
    @Test func serverErrorKeepsTheLastGoodCopy() async throws {
        let server = try await FeedServer.started()
        let rig = try Rig()
        let request = FeedRequest(location: server.url("/status/503"))
        try rig.seed(request.location)
        let fetch = await rig.fetch(request)
        #expect(fetch.body == Data("oud;bestand\n".utf8) && fetch.fetchedAt == utc("2026-12-04T05:00:00Z") && !fetch.fresh)
        #expect(fetch.problem == "HTTP 503")
        #expect(rig.cache.load(team: "receptie", source: request.location)?.fetchedAt == utc("2026-12-04T05:00:00Z"))
        // Without a copy there is nothing to use, and the problem says why.
        let none = await rig.fetch(FeedRequest(location: server.url("/status/500")))
        #expect(none.body == nil && none.fetchedAt == nil && none.problem == "HTTP 500")
    }

    /// A server that never answers is cut at the timeout; the cached copy stays.
    @Test func hangingServerIsCutAtTheTimeout() async throws {
        let server = try await FeedServer.started()
        let rig = try Rig()
        let request = FeedRequest(location: server.url("/hang"), timeout: .seconds(2))
        try rig.seed(request.location)
        let started = ContinuousClock.now
        let fetch = await rig.fetch(request)
        #expect(ContinuousClock.now - started < .seconds(6))
        #expect(fetch.problem == "timed out after 2 s")
        #expect(fetch.body == Data("oud;bestand\n".utf8) && !fetch.fresh)
    }

    /// An endless body, with or without a Content-Length, is refused past maxBytes; the cached copy stays.
    @Test func hugeBodyIsRefused() async throws {
        let server = try await FeedServer.started()
        let rig = try Rig()
        for path in ["/huge", "/huge-declared"] {
            let request = FeedRequest(location: server.url(path), maxBytes: 1_000_000)
            try rig.seed(request.location)
            let fetch = await rig.fetch(request)
            #expect(fetch.problem == "the response is larger than the limit of 1000000 bytes", "\(path)")
            #expect(fetch.body == Data("oud;bestand\n".utf8) && !fetch.fresh)
        }
    }

    /// An empty response and one the validator refuses keep the cached copy, with the reason; the
    /// validator sees the body.
    @Test func emptyOrInvalidKeepsTheCache() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", Self.arrivals)
        let rig = try Rig()
        let empty = FeedRequest(location: server.url("/empty"))
        try rig.seed(empty.location)
        let fetched = await rig.fetch(empty)
        #expect(fetched.problem == "empty response" && fetched.body == Data("oud;bestand\n".utf8) && !fetched.fresh)

        let request = FeedRequest(location: server.url("/arrivals.csv"))
        try rig.seed(request.location)
        let invalid = await rig.fetch(request) { body in
            String(decoding: body, as: UTF8.self).hasPrefix("kamer;") ? "line 2: 'aankomst' is not a time\nsee the report" : nil
        }
        #expect(invalid.problem == "line 2: 'aankomst' is not a time see the report")
        #expect(invalid.body == Data("oud;bestand\n".utf8) && invalid.fetchedAt == utc("2026-12-04T05:00:00Z") && !invalid.fresh)
        #expect(rig.cache.load(team: "receptie", source: request.location)?.body == Data("oud;bestand\n".utf8))
    }

    /// Basic and Bearer credentials from secret files get the report; wrong ones fail clearly, and
    /// no problem shows a secret, not even one a validator repeats.
    @Test func authentication() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", Self.arrivals)
        let rig = try Rig()
        let basic = FeedRequest(location: server.url("/auth-basic/arrivals.csv"),
                                auth: .basic(user: FeedServer.user, password: try secretFile(FeedServer.password)))
        #expect(await rig.fetch(basic).body == Data(Self.arrivals.utf8))
        let bearer = FeedRequest(location: server.url("/auth-bearer/arrivals.csv"), auth: .bearer(try secretFile(FeedServer.token)))
        #expect(await rig.fetch(bearer).body == Data(Self.arrivals.utf8))

        let wrong = TestLogs.secret("verkeerd-wachtwoord-42")
        let badBasic = await rig.fetch(FeedRequest(location: basic.location, auth: .basic(user: FeedServer.user, password: try secretFile(wrong))))
        let badBearer = await rig.fetch(FeedRequest(location: bearer.location, auth: .bearer(try secretFile(wrong))))
        for fetch in [badBasic, badBearer] {
            #expect(fetch.problem == "HTTP 401: the server refused the credentials")
            #expect(fetch.body == Data(Self.arrivals.utf8) && !fetch.fresh)
        }
        let anonymous = await rig.fetch(FeedRequest(location: server.url("/auth-bearer/other.csv")))
        #expect(anonymous.problem == "HTTP 401: the server asks for credentials; none are configured")
        let missing = await rig.fetch(FeedRequest(location: bearer.location, auth: .bearer(.environment("HUDDLE_FEED_TOKEN"))))
        #expect(missing.problem == "cannot read the token from the environment variable HUDDLE_FEED_TOKEN: it is missing or empty")

        // New reports (a 200, not a 304), so the validator runs.
        try server.put("departures.csv", Self.arrivals)
        let newBasic = FeedRequest(location: server.url("/auth-basic/departures.csv"), auth: basic.auth)
        let newBearer = FeedRequest(location: server.url("/auth-bearer/departures.csv"), auth: bearer.auth)
        let echoed = await rig.fetch(newBearer) { _ in "unexpected text after \(FeedServer.token) on line 1" }
        let encoded = Data("\(FeedServer.user):\(FeedServer.password)".utf8).base64EncodedString()
        let shouted = await rig.fetch(newBasic) { _ in "header says Basic \(encoded) and \(FeedServer.password)" }
        #expect(echoed.problem == "unexpected text after … on line 1")
        #expect(shouted.problem == "header says Basic … and …")
        for problem in [badBasic, badBearer, echoed, shouted].compactMap(\.problem) {
            for secret in [wrong, FeedServer.password, FeedServer.token, encoded] { #expect(!problem.contains(secret)) }
        }
    }

    /// Credentials in a URL are used but never stored: the cache keeps the source without them.
    @Test func storedSourceHasNoCredentials() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", Self.arrivals)
        let rig = try Rig()
        let request = FeedRequest(location: "http://\(FeedServer.user):\(FeedServer.password)@127.0.0.1:\(server.port)/auth-basic/arrivals.csv")
        #expect(request.source == server.url("/auth-basic/arrivals.csv"))
        let fetch = await rig.fetch(request)
        #expect(fetch.body == Data(Self.arrivals.utf8) && fetch.fresh && fetch.problem == nil)
        let stored = try #require(rig.cache.load(team: "receptie", source: request.source))
        #expect(stored.source == server.url("/auth-basic/arrivals.csv"))
        let text = try String(contentsOf: try rig.cache.file(team: "receptie", source: request.source), encoding: .utf8)
        #expect(!text.contains(FeedServer.password) && !text.contains(FeedServer.user + ":"))
        #expect(FeedRequest(location: "https://a:b@pms.example/x?u=c@d").source == "https://pms.example/x?u=c@d")
        #expect(FeedRequest(location: "/srv/reports/a@b.csv").source == "/srv/reports/a@b.csv")
    }

    /// A local file is read (up to maxBytes); a missing, empty or too large file keeps the cached
    /// copy, with the reason; something else than a path or an http(s) URL is refused.
    @Test func localFile() async throws {
        let rig = try Rig()
        let folder = try temporaryDirectory()
        let path = folder + "/arrivals.csv"
        try Self.arrivals.write(toFile: path, atomically: true, encoding: .utf8)
        // A report's data are from when the system wrote it, not from when it is read.
        try FileManager.default.setAttributes([.modificationDate: utc("2026-12-05T04:30:00Z")], ofItemAtPath: path)
        let first = await rig.fetch(FeedRequest(location: path))
        #expect(first.body == Data(Self.arrivals.utf8) && first.fresh && first.problem == nil && first.fetchedAt == utc("2026-12-05T04:30:00Z"))

        rig.clock.advance(by: 3600)
        try FileManager.default.removeItem(atPath: path)
        let missing = await rig.fetch(FeedRequest(location: path))
        #expect(missing.problem == "cannot read \(path): No such file or directory")
        #expect(missing.body == Data(Self.arrivals.utf8) && missing.fetchedAt == utc("2026-12-05T04:30:00Z") && !missing.fresh)

        try "".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(await rig.fetch(FeedRequest(location: path)).problem == "the file \(path) is empty")
        try String(repeating: "x", count: 2_000).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(await rig.fetch(FeedRequest(location: path, maxBytes: 1_000)).problem == "\(path) is larger than the limit of 1000 bytes")
        #expect(await rig.fetch(FeedRequest(location: folder)).problem == "\(folder) is not a regular file")
        #expect(await rig.fetch(FeedRequest(location: "reports/arrivals.csv")).problem
            == "the source 'reports/arrivals.csv' is neither an absolute file path nor an http(s) URL")
        #expect(rig.cache.load(team: "receptie", source: path)?.body == Data(Self.arrivals.utf8))
    }

    /// A damaged cache file is ignored and logged, never fatal; the next good copy replaces it.
    @Test func corruptCacheIsIgnored() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", Self.arrivals)
        let rig = try Rig()
        for path in ["/status/503", "/arrivals.csv"] {
            let file = try rig.cache.file(team: "receptie", source: server.url(path))
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(#"{"body":"AAAA","fetc"#.utf8).write(to: file)
        }
        let failed = await rig.fetch(FeedRequest(location: server.url("/status/503")))
        #expect(failed.body == nil && failed.fetchedAt == nil && failed.problem == "HTTP 503")
        let good = await rig.fetch(FeedRequest(location: server.url("/arrivals.csv")))
        #expect(good.body == Data(Self.arrivals.utf8) && good.fresh && good.problem == nil)
        #expect(rig.cache.load(team: "receptie", source: server.url("/arrivals.csv"))?.body == Data(Self.arrivals.utf8))
        let warnings = rig.log.captured.filter { $0.level == .warning }
        #expect(warnings.count == 2)
        #expect(warnings.first?.metadata["feed.source"] == .string(server.url("/status/503")))
    }

    /// The cache is the bot's user's only: 0600 files in 0700 folders.
    @Test func cacheFilesArePrivate() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", Self.arrivals)
        let rig = try Rig()
        let request = FeedRequest(location: server.url("/arrivals.csv"))
        _ = await rig.fetch(request)
        let file = try rig.cache.file(team: "receptie", source: request.source)
        func mode(_ path: String) -> mode_t {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
        }
        #expect(mode(file.path) == 0o600)
        #expect(mode(rig.data.path + "/feeds/receptie") == 0o700 && mode(rig.data.path + "/feeds") == 0o700)
        #expect(file.path == rig.data.path + "/feeds/receptie/\(FeedCache.id(of: request.source)).json")
    }
}
