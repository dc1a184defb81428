import Foundation

/// The data directory, opened once and handed down as one value: the journal, the digest files,
/// the outboxes, the leader codes, the link key, the ledger and the lock of one bot or one
/// command are all made here from its one path (DESIGN.md: one composition root).
public struct DataDirectory: Sendable {
    /// Where it is (`data_dir`).
    public let path: String
    /// The append-only journal (`journal/`).
    public let journal: any Journal
    /// The weekly digests and their views (`digests/`, `group-digests/`).
    public let digests: DigestFiles
    /// One-time leader codes and the host masks they granted (`leaders.json`).
    public let leaderCodes: LeaderCodes
    /// Webhook messages not yet delivered (`outbox/`).
    public let outbox: Outbox
    /// Digest e-mail not yet delivered (`mail-outbox/`).
    public let mailOutbox: Outbox

    /// The data directory at `path`; `journal` in its place where a test gives one (an in-memory
    /// journal), and digest files written without an fsync each when `syncEach` is false (a
    /// command that rebuilds many flushes once).
    public init(_ path: String, journal: (any Journal)? = nil, syncEach: Bool = true) {
        self.path = path
        self.journal = journal ?? FileJournal(dataDirectory: path)
        digests = DigestFiles(dataDirectory: path, syncEach: syncEach)
        leaderCodes = LeaderCodes(dataDirectory: path)
        outbox = Outbox(dataDirectory: path)
        mailOutbox = Outbox(dataDirectory: path, name: "mail-outbox")
    }

    /// Where the last good copy of each team's sources is kept (`feeds/`, see `FeedCache`).
    public var feeds: URL { URL(fileURLWithPath: path, isDirectory: true).appendingPathComponent("feeds", isDirectory: true) }

    /// Takes the directory for this process: one bot (or one `forget`) per data directory.
    public func lock() throws -> DataDirectoryLock { try DataDirectoryLock(dataDirectory: path) }

    /// The process that holds the directory, if a bot runs on it (what `huddle reload` signals).
    public var holder: pid_t? { DataDirectoryLock.holder(dataDirectory: path) }

    /// Repairs the journal's files before a bot writes to them (a torn last line moved aside).
    public func recoverJournal() async throws -> [TornLine] {
        guard let file = journal as? FileJournal else { return [] }
        return try await file.recover()
    }

    /// Opens the ledger for writing (the bot: once), moving a torn last line aside.
    public func openLedger() throws -> FileLedger { try FileLedger(dataDirectory: path) }

    /// The ledger as it is now, read without repairing it (reports while a bot may run).
    public func readLedger() throws -> LedgerIndex { try FileLedger.read(dataDirectory: path) }

    /// The key that signs digest links, made on first use.
    public func linkKey() throws -> [UInt8] { try LinkKey.load(dataDirectory: path) }

    /// An outbox by its folder's name (`outbox`, `mail-outbox`), for `huddle outbox`.
    public func outbox(named name: String) -> Outbox {
        switch name {
        case "outbox": outbox
        case "mail-outbox": mailOutbox
        default: Outbox(dataDirectory: path, name: name)
        }
    }
}
