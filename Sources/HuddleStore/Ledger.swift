import Foundation
import HuddleCore
import Synchronization

/// Where a huddle is in its life, as the ledger knows it.
public enum LedgerState: String, Sendable, Hashable, Codable, Comparable {
    /// About to post the prompt; if the bot stops now, the prompt may or may not have gone out.
    case posting
    /// The prompt could not go out (no connection in the channel): the huddle waits, to be
    /// posted late within its grace, or recorded missed after it.
    case unsent
    /// The prompt was posted.
    case posted
    /// The reminder was posted.
    case reminded
    /// The window closed and the summary was posted.
    case closed
    /// The bot was down at the start and past the grace period: the huddle did not happen.
    case missed
    /// A leader skipped the huddle before it started.
    case skipped

    /// Whether the huddle is over (or will not happen): nothing more is posted for it.
    public var isFinal: Bool { self == .closed || self == .missed || self == .skipped }

    private var order: Int { [.posting: 0, .unsent: 0, .posted: 1, .reminded: 2, .closed: 3, .missed: 3, .skipped: 3][self]! }

    /// Whether the huddle still waits for its prompt to go out.
    public var isWaiting: Bool { self == .unsent }
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
    /// When the huddle's window opened (the prompt was posted).
    public var opensAt: Date?
    /// When the huddle's window closes, so open huddles are known again after a restart.
    public var closesAt: Date?
    /// Why a huddle was skipped, and by whom.
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case v, at, kind, team, shift, day, state, opensAt = "opens_at", closesAt = "closes_at", reason
    }

    /// A record about a huddle prompt (kind `prompt`) or a weekly digest post (kind `digest`, shift empty).
    public init(at: Date, key: HuddleKey, state: LedgerState, opensAt: Date? = nil, closesAt: Date? = nil, reason: String? = nil,
                kind: String = "prompt") {
        self.v = 1
        self.at = at
        self.kind = kind
        self.team = key.team
        self.shift = key.shift
        self.day = key.day
        self.state = state
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.reason = reason
    }

    /// The huddle this record is about.
    public var key: HuddleKey { HuddleKey(team: team, shift: shift, day: day) }

    /// The kind of a schedule record: the bot saw a shift's schedule added, changed or dropped.
    public static let scheduleKind = "shift"

    /// A schedule record of a team's shift at `at`; `reason` says what the schedule was
    /// (`SchedulerService.scheduleNote`). Keyed on 1970-01-01, a day no huddle has.
    public static func schedule(team: String, shift: String, at: Date, reason: String) -> LedgerRecord {
        LedgerRecord(at: at, key: HuddleKey(team: team, shift: shift, day: CalendarDay(year: 1970, month: 1, day: 1)!), state: .skipped,
                     reason: reason, kind: scheduleKind)
    }

    /// The ledger key of a team's digest post on a day (a shift name cannot be empty, so it never clashes).
    public static func digestKey(team: String, day: CalendarDay) -> HuddleKey { HuddleKey(team: team, shift: "", day: day) }

    /// The huddle's window as posted, when the record knows it.
    public var occurrence: HuddleOccurrence? {
        guard let closesAt else { return nil }
        return HuddleOccurrence(key: key, opensAt: opensAt ?? at, closesAt: closesAt)
    }
}

/// Decides, before and after restarts, that each huddle is posted at most once.
public protocol Ledger: Sendable {
    /// The furthest state a huddle reached, or nil when it was never started.
    func state(of key: HuddleKey) async -> LedgerState?
    /// Records a new state; returns once it is on disk.
    func record(_ record: LedgerRecord) async throws
    /// Every huddle that was posted and is not over yet (posting, posted or reminded).
    func unclosed() async -> [LedgerRecord]
    /// The huddles of one team that were posted and are not over yet: what each chat line asks.
    func unclosed(team: String) async -> [LedgerRecord]
    /// The time of the first record, if any: how far back huddles can have been missed.
    func earliest() async -> Date?
    /// The last schedule record (`kind: shift`) of each team's shift, by `team` NUL `shift`:
    /// when the bot last saw that shift's schedule change (added, changed, dropped). A huddle
    /// that opened before it was not the bot's to post under that schedule, so it was not missed.
    func schedules() async -> [String: LedgerRecord]
    /// The time of the first record of a team's shift (schedule records aside): a ledger from
    /// before schedule records were kept says since when the bot had the shift.
    func earliest(team: String, shift: String) async -> Date?
}


/// The furthest state of each huddle, folded from ledger records in order: the logic both
/// ledgers share.
public struct LedgerIndex: Sendable {
    private var latest: [HuddleKey: LedgerRecord] = [:]
    /// The huddles posted and not over yet, kept as records come in: chat lines ask for them,
    /// and the ledger holds every huddle of every day so far.
    private var open: [String: Set<HuddleKey>] = [:]
    /// The time of the first record seen.
    public private(set) var earliest: Date?
    /// The last schedule record of each team's shift (`team` NUL `shift`).
    public private(set) var schedules: [String: LedgerRecord] = [:]
    /// The time of the first record of each team's shift (`team` NUL `shift`), schedule records aside.
    private var firstOfShift: [String: Date] = [:]

    /// An empty index.
    public init() {}

    /// Folds in a record; a final state is never replaced, and a lower state never wins.
    public mutating func add(_ record: LedgerRecord) {
        earliest = min(earliest ?? record.at, record.at)
        let shift = record.team + "\u{0}" + record.shift
        if record.kind == LedgerRecord.scheduleKind {
            schedules[shift] = record
            return
        }
        firstOfShift[shift] = min(firstOfShift[shift] ?? record.at, record.at)
        var merged = record
        if let known = latest[record.key] {
            if known.state.isFinal || record.state < known.state { return }
            merged.opensAt = record.opensAt ?? known.opensAt
            merged.closesAt = record.closesAt ?? known.closesAt
        }
        latest[record.key] = merged
        if merged.state.isFinal || merged.state.isWaiting {
            open[record.key.team]?.remove(record.key)
        } else {
            open[record.key.team, default: []].insert(record.key)
        }
    }

    /// The furthest state of a huddle.
    public func state(of key: HuddleKey) -> LedgerState? { latest[key]?.state }

    /// The time of the first record of a team's shift, schedule records aside.
    public func earliest(team: String, shift: String) -> Date? { firstOfShift[team + "\u{0}" + shift] }


    /// The furthest record of a huddle.
    public func record(of key: HuddleKey) -> LedgerRecord? { latest[key] }

    /// Huddles posted and not over yet.
    public var unclosed: [LedgerRecord] {
        open.values.flatMap { $0 }.compactMap { latest[$0] }.sorted { $0.key < $1.key }
    }

    /// One team's huddles posted and not over yet.
    public func unclosed(team: String) -> [LedgerRecord] {
        (open[team] ?? []).compactMap { latest[$0] }.sorted { $0.key < $1.key }
    }

    /// Every huddle's furthest record.
    public var all: [LedgerRecord] { latest.values.sorted { $0.key < $1.key } }
}

/// The ledger as JSON Lines in `<data>/ledger.jsonl`, loaded once and appended with fsync.
/// Writes take turns on the actor; reads take the index under its lock, without a hop to the
/// actor (every chat line asks for its team's open huddles).
public actor FileLedger: Ledger {
    public nonisolated let path: String
    private let index: Mutex<LedgerIndex>

    /// Opens the ledger, moving a torn last line aside; `problems` tells what could not be read.
    public init(dataDirectory: String) throws {
        path = Self.path(dataDirectory: dataDirectory)
        let torn = try JSONLines.recoverTornTail(path: path)
        let (records, problems) = try JSONLines.read(LedgerRecord.self, path: path)
        var index = LedgerIndex()
        for record in records { index.add(record) }
        self.index = Mutex(index)
        self.problems = problems + (torn.map { [LineProblem(path: $0.path, line: $0.line, message: "incomplete last line moved to \($0.movedTo)")] } ?? [])
    }

    /// Lines of the ledger that could not be read when it was opened.
    public nonisolated let problems: [LineProblem]

    /// Reads a ledger without repairing it (for reports while a bot may be running).
    public static func read(dataDirectory: String) throws -> LedgerIndex {
        var index = LedgerIndex()
        for record in try JSONLines.read(LedgerRecord.self, path: path(dataDirectory: dataDirectory)).values { index.add(record) }
        return index
    }

    static func path(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("ledger.jsonl")
    }

    public nonisolated func state(of key: HuddleKey) -> LedgerState? { index.withLock { $0.state(of: key) } }

    public func record(_ record: LedgerRecord) throws {
        try DurableFile.append(try JSONLines.encode(record), to: path)
        index.withLock { $0.add(record) }
    }

    public nonisolated func unclosed() -> [LedgerRecord] { index.withLock { $0.unclosed } }

    public nonisolated func unclosed(team: String) -> [LedgerRecord] { index.withLock { $0.unclosed(team: team) } }

    public nonisolated func earliest() -> Date? { index.withLock { $0.earliest } }

    /// The last schedule record of each team's shift.
    public nonisolated func schedules() -> [String: LedgerRecord] { index.withLock { $0.schedules } }

    /// The time of the first record of a team's shift, schedule records aside.
    public nonisolated func earliest(team: String, shift: String) -> Date? { index.withLock { $0.earliest(team: team, shift: shift) } }
}
