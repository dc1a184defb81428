import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing

@Suite struct FeedCacheTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// A stored copy loads again as it was, in `<data>/feeds/<team>/<16 hex digits>.json`, one file per
    /// team and source; a source with no copy loads nil.
    @Test func storesAndLoads() throws {
        let data = DataDirectory(try temporaryDirectory())
        let cache = FeedCache(directory: data.feeds)
        let source = "https://pms.example/reports/arrivals.csv?day=today"
        let feed = CachedFeed(source: source, fetchedAt: now, etag: #""abc""#, lastModified: "Sat, 05 Dec 2026 06:00:00 GMT",
                              body: Data("kamer,naam\n101,Jansen\n".utf8))
        try cache.store(feed, team: "receptie", source: source)
        #expect(cache.load(team: "receptie", source: source) == feed)
        #expect(cache.load(team: "keuken", source: source) == nil)
        #expect(cache.load(team: "receptie", source: "/srv/reports/arrivals.csv") == nil)

        let id = FeedCache.id(of: source)
        #expect(id.count == 16 && id.allSatisfy(\.isHexDigit) && id == FeedCache.id(of: source) && id != FeedCache.id(of: source + "x"))
        let path = data.path + "/feeds/receptie/\(id).json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(#"{"body":"#) && text.contains(#""fetched_at":"2026-09-21T"#) && text.contains(#""v":1"#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path + "/feeds/receptie") == ["\(id).json"])
    }

    /// A damaged file, one of a future version or one of another source is not used: `load` gives
    /// nil, `read` says why; the next store replaces it.
    @Test func ignoresADamagedFile() throws {
        let cache = FeedCache(directory: URL(fileURLWithPath: try temporaryDirectory()))
        let source = "/srv/reports/arrivals.csv"
        let file = try cache.file(team: "receptie", source: source)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        for damaged in [#"{"body":"YQ==","fetched_at":"2026-"#, #"{"body":"YQ==","fetched_at":"2026-12-05T06:00:00Z","source":"/srv/reports/arrivals.csv","v":2}"#,
                        #"{"body":"YQ==","fetched_at":"2026-12-05T06:00:00Z","source":"/srv/other.csv","v":1}"#] {
            try Data(damaged.utf8).write(to: file)
            #expect(cache.load(team: "receptie", source: source) == nil)
            #expect(throws: StoreError.self) { try cache.read(team: "receptie", source: source) }
        }
        let feed = CachedFeed(source: source, fetchedAt: now, body: Data("a".utf8))
        try cache.store(feed, team: "receptie", source: source)
        #expect(cache.load(team: "receptie", source: source) == feed)
    }

    /// A team that is not a team id never becomes a path.
    @Test func refusesATeamThatIsNoId() throws {
        let cache = FeedCache(directory: URL(fileURLWithPath: try temporaryDirectory()))
        for team in ["", "..", "../etc", "a/b", "Receptie"] {
            #expect(throws: StoreError.self) { try cache.store(CachedFeed(source: "/x", fetchedAt: now, body: Data("a".utf8)), team: team, source: "/x") }
            #expect(cache.load(team: team, source: "/x") == nil)
        }
    }

    /// Many stores of one source at once leave one whole copy, and no temporary files.
    @Test func concurrentStores() async throws {
        let directory = try temporaryDirectory()
        let cache = FeedCache(directory: URL(fileURLWithPath: directory))
        let bodies = (0..<20).map { Data(String(repeating: "\($0 % 10)", count: 100_000 + $0).utf8) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for body in bodies {
                group.addTask { try cache.store(CachedFeed(source: "/x", fetchedAt: utc("2026-12-05T06:00:00Z"), body: body), team: "receptie", source: "/x") }
            }
            try await group.waitForAll()
        }
        let stored = try #require(cache.load(team: "receptie", source: "/x"))
        #expect(bodies.contains(stored.body))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/receptie").count == 1)
    }
}
