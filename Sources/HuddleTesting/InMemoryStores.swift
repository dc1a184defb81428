import Foundation
import HuddleCore
import HuddleStore
import Synchronization

/// A journal in memory, for unit tests.
public final class InMemoryJournal: Journal {
    private let files = Mutex<[String: [JournalEntry]]>([:])
    /// When set, appends fail with this error (to test what the bot says when storage fails).
    public let failure = Mutex<StoreError?>(nil)

    /// An empty journal.
    public init() {}

    public func submit(_ entry: JournalEntry, week: ISOWeek) -> JournalWrite {
        if let error = failure.withLock({ $0 }) { return JournalWrite(.failure(error)) }
        files.withLock { $0["\(entry.team)/\(week)", default: []].append(entry) }
        return JournalWrite(.success(()))
    }

    public func entries(team: String, week: ISOWeek) async throws -> JournalRead {
        JournalRead(entries: files.withLock { $0["\(team)/\(week)"] ?? [] })
    }

    public func weeks(team: String) async throws -> [ISOWeek] {
        files.withLock { files in
            files.keys.compactMap { key -> ISOWeek? in
                let parts = key.split(separator: "/")
                return parts.count == 2 && parts[0] == team ? ISOWeek(parsing: String(parts[1])) : nil
            }.sorted()
        }
    }

    /// Every entry of every file, in append order per file, files sorted by name.
    public var all: [JournalEntry] {
        files.withLock { files in files.keys.sorted().flatMap { files[$0]! } }
    }
}

/// A ledger in memory, for unit tests.
public final class InMemoryLedger: Ledger {
    private let state = Mutex<(records: [LedgerRecord], index: LedgerIndex)>(([], LedgerIndex()))

    /// An empty ledger.
    public init() {}

    public func state(of key: HuddleKey) async -> LedgerState? { state.withLock { $0.index.state(of: key) } }

    public func record(_ record: LedgerRecord) async throws {
        state.withLock {
            $0.records.append(record)
            $0.index.add(record)
        }
    }

    public func unclosed() async -> [LedgerRecord] { state.withLock { $0.index.unclosed } }
    public func unclosed(team: String) async -> [LedgerRecord] { state.withLock { $0.index.unclosed(team: team) } }

    public func earliest() async -> Date? { state.withLock { $0.index.earliest } }

    public func schedules() async -> [String: LedgerRecord] { state.withLock { $0.index.schedules } }

    public func earliest(team: String, shift: String) async -> Date? { state.withLock { $0.index.earliest(team: team, shift: shift) } }

    /// Every record, in order.
    public var all: [LedgerRecord] { state.withLock { $0.records } }
}
