#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HuddleTesting
import Testing
@testable import HuddleCore
@testable import HuddleStore

/// What the stores create is their user's only, whatever the umask. Serialized: the umask is the
/// process's, so the one test that sets it runs alone in this suite (and sets the usual 022).
@Suite(.serialized) struct FileModeTests {
    /// Every folder and file under `root` (itself included) with its permission bits.
    func modes(under root: String) -> [String: mode_t] {
        var result: [String: mode_t] = [:]
        for path in [""] + (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []) {
            var info = stat()
            if lstat(root + "/" + path, &info) == 0 { result[path.isEmpty ? "." : path] = info.st_mode & 0o7777 }
        }
        return result
    }

    /// Under umask 022 every store — lock, journal (with a torn line moved aside), digest, ledger,
    /// outbox and its failed folder, mail outbox, link key, leader codes, forget log, feed cache —
    /// makes folders 0700 and files 0600, the data directory and the folders above it that it creates included.
    @Test func storesCreateOwnerOnlyFiles() async throws {
        let old = umask(0o022)
        defer { umask(old) }
        let root = try temporaryDirectory() + "/new"
        let data = root + "/data"
        let lock = try DataDirectoryLock(dataDirectory: data)
        let week = ISOWeek(parsing: "2026-W48")!
        let journal = FileJournal(dataDirectory: data)
        try await journal.append(entry("a"), week: week)
        let handle = try #require(FileHandle(forWritingAtPath: journal.path(team: "receptie", week: week)))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"at":"2026-11-18T08:26:40Z","id":"tor"#.utf8))
        handle.closeFile()
        #expect(try await journal.recover().count == 1)
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: TimeZone(identifier: "Europe/Amsterdam")!, shifts: [])
        _ = try DigestFiles(dataDirectory: data).write(try await journal.digest(for: team, week: week, now: Date()).digest, language: .nl)
        let key = HuddleKey(team: "receptie", shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)
        try await FileLedger(dataDirectory: data).record(LedgerRecord(at: Date(), key: key, state: .posted))
        let outbox = Outbox(dataDirectory: data)
        try await outbox.add(OutboxMessage(id: "m1", createdAt: Date(), team: "receptie", kind: "post", body: "{}"))
        try await outbox.add(OutboxMessage(id: "m2", createdAt: Date(), team: "receptie", kind: "post", body: "{}"))
        let first = try #require(try await outbox.pending().first)
        try await outbox.failed(first.file, first.message)
        try await Outbox(dataDirectory: data, name: "mail-outbox").add(OutboxMessage(id: "e1", createdAt: Date(), team: "receptie", kind: "mail", body: "{}"))
        _ = try LinkKey.load(dataDirectory: data)
        _ = try LeaderCodes(dataDirectory: data).issue(team: "receptie", leader: "monique", now: Date())
        _ = try JournalMaintenance.forget(person: "anna", remove: true, dataDirectory: data, now: Date())
        let source = "https://pms.example/reports/arrivals.csv"
        try FeedCache(directory: DataDirectory(data).feeds).store(CachedFeed(source: source, fetchedAt: Date(), body: Data("a,b\n".utf8)),
                                                                  team: "receptie", source: source)
        withExtendedLifetime(lock) {}

        let found = modes(under: root)
        for expected in [".lock", "journal/receptie/2026-W48.jsonl", "journal/receptie/2026-W48.jsonl.corrupt", "digests/receptie/2026-W48.json",
                         "digests/receptie/2026-W48.html", "ledger.jsonl", "outbox/failed", "mail-outbox", "link-key", "leaders.json",
                         "leaders.json.lock", "forget.jsonl", "feeds/receptie/\(FeedCache.id(of: source)).json"] {
            #expect(found["data/" + expected] != nil, "\(expected) was not made")
        }
        let open = found.filter { path, mode in
            var info = stat()
            _ = lstat(root + "/" + path, &info)
            return mode != (info.st_mode & S_IFMT == S_IFDIR ? 0o700 : 0o600)
        }
        #expect(open.isEmpty, "\(open.mapValues { String($0, radix: 8) })")
    }

    /// A data directory an older version made 0755 is narrowed to 0700, once; its old mode is returned.
    @Test func restrictsAnOldDataDirectory() throws {
        let data = try temporaryDirectory()
        chmod(data, 0o755)
        #expect(try FileModes.restrict(directory: data) == 0o755)
        #expect(modes(under: data)["."] == 0o700)
        #expect(try FileModes.restrict(directory: data) == nil)
        #expect(throws: StoreError.self) { try FileModes.restrict(directory: data + "/missing") }
    }
}
