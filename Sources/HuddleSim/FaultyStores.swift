import Foundation
import HuddleCore
import HuddleStore
import Synchronization

/// A write the process was in the middle of when it died: the bytes it meant to append and how
/// many of them reached the file.
struct TornWrite: Sendable {
    var path: String
    var bytes: Data
    var kept: Int
}

/// One incarnation of the bot's process. Once it dies, its transports say nothing more and its
/// stores refuse everything; what it was writing is torn as `torn` says.
final class SimProcess: Sendable {
    struct State {
        var alive = true
        var torn: TornWrite?
        var reason = ""
        /// A death that comes once the step ends (what was said before it still went out).
        var doom: (reason: String, torn: TornWrite)?
    }
    private let state = Mutex(State())
    let number: Int

    init(number: Int) { self.number = number }

    var alive: Bool { state.withLock { $0.alive } }
    var torn: TornWrite? { state.withLock { $0.torn } }
    var reason: String { state.withLock { $0.reason } }

    /// The process dies when the step ends, in the middle of `torn`.
    func dieAfterStep(_ reason: String, torn: TornWrite) { state.withLock { $0.doom = (reason, torn) } }

    /// Carries out a death that waited for the step's end; true if the process died.
    func stepEnded() -> Bool {
        guard let doom = state.withLock({ $0.doom }) else { return false }
        die(doom.reason, torn: doom.torn)
        return true
    }

    /// The process dies now, in the middle of `torn` if given.
    func die(_ reason: String, torn: TornWrite? = nil) {
        state.withLock { state in
            guard state.alive else { return }
            state.alive = false
            state.torn = torn
            state.reason = reason
        }
    }
}

/// Why a store refused: the process is gone.
struct ProcessGone: Error, CustomStringConvertible {
    var description: String { "the process has died" }
}

/// The planted bugs that show the simulation finds what it should (never in a real bot).
public enum PlantedBug: String, Sendable, CaseIterable {
    /// The journal tells the bot an entry is on disk before its write is done (or whether it failed).
    case confirmBeforeFsync = "confirm-before-fsync"
    /// The ledger keeps a prompt's `posting` and `posted` in memory only: the scheduler posts
    /// without a durable record.
    case postWithoutLedger = "post-without-ledger"
}

/// What happens to the next write to the journal or the ledger: the faults of the disk and of
/// crashes, drawn from the simulation's own generator in the order the writes come.
final class StoreFaults: Sendable {
    enum Outcome { case write, diskError, crash(keptFraction: Double) }
    struct State {
        var random: SeededRandom
        var diskFullUntil: Date?
        /// Writes to go before the process dies in the middle of one; nil: no crash planned.
        var crashAfter: Int?
        var diskErrors = 0
        var writes = 0
    }
    private let state: Mutex<State>
    let planted: PlantedBug?

    init(random: SeededRandom, planted: PlantedBug?) {
        state = Mutex(State(random: random))
        self.planted = planted
    }

    /// The disk is full (every write fails) until `date`.
    func diskFull(until date: Date) { state.withLock { $0.diskFullUntil = date } }

    /// The process dies in the middle of the write after `writes` more.
    func crash(afterWrites writes: Int) { state.withLock { $0.crashAfter = writes } }

    /// No crash is planned any more.
    func cancelCrash() { state.withLock { $0.crashAfter = nil } }

    var diskErrors: Int { state.withLock { $0.diskErrors } }
    var crashPlanned: Bool { state.withLock { $0.crashAfter != nil } }

    /// Decides the fate of one write at `now`.
    func next(now: Date) -> Outcome {
        state.withLock { state in
            state.writes += 1
            if let after = state.crashAfter {
                if after <= 0 {
                    state.crashAfter = nil
                    return .crash(keptFraction: Double.random(in: 0...1, using: &state.random))
                }
                state.crashAfter = after - 1
            }
            if let until = state.diskFullUntil, now < until {
                state.diskErrors += 1
                return .diskError
            }
            return .write
        }
    }
}

/// The real file journal, with the disk's faults and crashes in front of it.
final class FaultyJournal: Journal {
    let inner: FileJournal
    let process: SimProcess
    let faults: StoreFaults
    let clock: SimClock

    init(inner: FileJournal, process: SimProcess, faults: StoreFaults, clock: SimClock) {
        self.inner = inner
        self.process = process
        self.faults = faults
        self.clock = clock
    }

    func submit(_ entry: JournalEntry, week: ISOWeek) -> JournalWrite {
        guard process.alive else { return JournalWrite(.failure(ProcessGone())) }
        let path = inner.path(team: entry.team, week: week)
        switch faults.next(now: clock.now()) {
        case .diskError:
            let error = StoreError(path: path, message: "write failed: No space left on device")
            // Planted: the bot is told the entry is on disk without waiting for the write.
            return JournalWrite(faults.planted == .confirmBeforeFsync ? .success(()) : .failure(error))
        case .crash(let fraction):
            let line = entry.jsonLine
            let torn = TornWrite(path: path, bytes: line, kept: Int(Double(line.count) * fraction))
            if faults.planted == .confirmBeforeFsync {
                // Planted: the bot goes on as if the entry were on disk; the crash comes before the fsync does.
                process.dieAfterStep("crash before an append reached the disk", torn: torn)
                return JournalWrite(.success(()))
            }
            process.die("crash while appending to \(path)", torn: torn)
            return JournalWrite(.failure(ProcessGone()))
        case .write:
            return inner.submit(entry, week: week)
        }
    }

    func entries(team: String, week: ISOWeek) async throws -> JournalRead {
        guard process.alive else { throw ProcessGone() }
        return try await inner.entries(team: team, week: week)
    }

    func weeks(team: String) async throws -> [ISOWeek] {
        guard process.alive else { throw ProcessGone() }
        return try await inner.weeks(team: team)
    }

    func entries(team: String, week: ISOWeek, types: Set<EntryType>) async throws -> JournalRead {
        guard process.alive else { throw ProcessGone() }
        return try await inner.entries(team: team, week: week, types: types)
    }

    /// Returns once every write submitted before is on disk (a read waits for them).
    func drain() async {
        _ = try? await inner.entries(team: "-", week: ISOWeek(containing: CalendarDay(year: 2000, month: 1, day: 3)!))
    }
}

/// The real file ledger, with the disk's faults and crashes in front of it.
final class FaultyLedger: Ledger {
    let inner: FileLedger
    let process: SimProcess
    let faults: StoreFaults
    let clock: SimClock
    /// Planted bug only: every record, the ones kept off the disk included, as the bot sees them.
    private let shadow = Mutex(LedgerIndex())

    init(inner: FileLedger, process: SimProcess, faults: StoreFaults, clock: SimClock) throws {
        self.inner = inner
        self.process = process
        self.faults = faults
        self.clock = clock
        if faults.planted == .postWithoutLedger {
            let index = try FileLedger.read(dataDirectory: (inner.path as NSString).deletingLastPathComponent)
            shadow.withLock { $0 = index }
        }
    }

    private var planted: Bool { faults.planted == .postWithoutLedger }

    func state(of key: HuddleKey) async -> LedgerState? {
        planted ? shadow.withLock { $0.state(of: key) } : inner.state(of: key)
    }

    func record(_ record: LedgerRecord) async throws {
        guard process.alive else { throw ProcessGone() }
        switch faults.next(now: clock.now()) {
        case .diskError:
            throw StoreError(path: inner.path, message: "write failed: No space left on device")
        case .crash(let fraction):
            var line = try HuddleJSON.lineEncoder().encode(record)
            line.append(0x0A)
            process.die("crash while appending to the ledger", torn: TornWrite(path: inner.path, bytes: line, kept: Int(Double(line.count) * fraction)))
            throw ProcessGone()
        case .write:
            if planted {
                shadow.withLock { $0.add(record) }
                if record.kind == "prompt" && (record.state == .posting || record.state == .posted) { return }
            }
            try await inner.record(record)
        }
    }

    func unclosed() async -> [LedgerRecord] { planted ? shadow.withLock { $0.unclosed } : inner.unclosed() }

    func unclosed(team: String) async -> [LedgerRecord] {
        planted ? shadow.withLock { $0.unclosed(team: team) } : inner.unclosed(team: team)
    }

    func earliest() async -> Date? { planted ? shadow.withLock { $0.earliest } : inner.earliest() }

    func earliest(team: String, shift: String) async -> Date? {
        if planted { return shadow.withLock { $0.earliest(team: team, shift: shift) } }
        return inner.earliest(team: team, shift: shift)
    }

    func schedules() async -> [String: LedgerRecord] {
        if planted { return shadow.withLock { $0.schedules } }
        return inner.schedules()
    }
}
