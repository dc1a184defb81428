import Foundation
import HuddleCore

/// Where a huddle is in its life, as the ledger knows it.
public enum LedgerState: String, Sendable, Hashable, Codable, Comparable {
    /// About to post the prompt; if the bot stops now, the prompt may or may not have gone out.
    case posting
    /// The prompt was posted.
    case posted
    /// The window closed and the summary was posted.
    case closed

    private var order: Int { [.posting: 0, .posted: 1, .closed: 2][self]! }
    public static func < (lhs: LedgerState, rhs: LedgerState) -> Bool { lhs.order < rhs.order }
}

/// One line of `<data>/ledger.jsonl`.
public struct LedgerRecord: Sendable, Hashable, Codable {
    public var v: Int
    public var at: Date
    public var kind: String
    public var team: String
    public var shift: String
    public var day: CalendarDay
    public var state: LedgerState
    /// When the huddle's window closes, so open huddles are known again after a restart.
    public var closesAt: Date?

    enum CodingKeys: String, CodingKey { case v, at, kind, team, shift, day, state, closesAt = "closes_at" }

    /// A record about a huddle prompt.
    public init(at: Date, key: HuddleKey, state: LedgerState, closesAt: Date?) {
        self.v = 1
        self.at = at
        self.kind = "prompt"
        self.team = key.team
        self.shift = key.shift
        self.day = key.day
        self.state = state
        self.closesAt = closesAt
    }

    /// The huddle this record is about.
    public var key: HuddleKey { HuddleKey(team: team, shift: shift, day: day) }
}

/// Decides, before and after restarts, that each huddle is posted at most once.
public protocol Ledger: Sendable {
    /// The furthest state a huddle reached, or nil when it was never started.
    func state(of key: HuddleKey) async -> LedgerState?
    /// Records a new state; returns once it is on disk.
    func record(_ record: LedgerRecord) async throws
    /// Every huddle that was posted but not closed.
    func unclosed() async -> [LedgerRecord]
}

/// The ledger as JSON Lines in `<data>/ledger.jsonl`, loaded once and appended with fsync.
public actor FileLedger: Ledger {
    public nonisolated let path: String
    private var latest: [HuddleKey: LedgerRecord] = [:]

    /// Opens the ledger, moving a torn last line aside; returns what could not be read.
    public init(dataDirectory: String) throws {
        path = (dataDirectory as NSString).appendingPathComponent("ledger.jsonl")
        let torn = try JSONLines.recoverTornTail(path: path)
        let (records, problems) = try JSONLines.read(LedgerRecord.self, path: path)
        for record in records where record.state >= (latest[record.key]?.state ?? .posting) {
            latest[record.key] = record
        }
        self.problems = problems + (torn.map { [LineProblem(path: $0.path, line: $0.line, message: "incomplete last line moved to \($0.movedTo)")] } ?? [])
    }

    /// Lines of the ledger that could not be read when it was opened.
    public nonisolated let problems: [LineProblem]

    public func state(of key: HuddleKey) -> LedgerState? { latest[key]?.state }

    public func record(_ record: LedgerRecord) throws {
        try DurableFile.append(try JSONLines.encode(record), to: path)
        if record.state >= (latest[record.key]?.state ?? .posting) { latest[record.key] = record }
    }

    public func unclosed() -> [LedgerRecord] {
        latest.values.filter { $0.state != .closed }.sorted { $0.key < $1.key }
    }
}
