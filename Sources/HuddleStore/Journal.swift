import Dispatch
import Foundation
import HuddleCore
import Synchronization

/// The entries of one journal file, and the lines that could not be read.
public struct JournalRead: Sendable {
    public var entries: [JournalEntry]
    public var problems: [LineProblem]

    /// Creates a read result.
    public init(entries: [JournalEntry], problems: [LineProblem] = []) {
        self.entries = entries
        self.problems = problems
    }
}

/// An append under way: queued in the order it was submitted, waited on to know it is on disk.
public final class JournalWrite: Sendable {
    private enum State {
        case pending(CheckedContinuation<Void, any Error>?)
        case done(Result<Void, any Error>)
    }
    private let state = Mutex(State.pending(nil))

    /// A write not finished yet.
    public init() {}

    /// A write that is already over (written, or failed).
    public init(_ result: Result<Void, any Error>) { state.withLock { $0 = .done(result) } }

    /// Returns once the entry is on disk; throws what kept it off.
    public func wait() async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            let known = state.withLock { state -> Result<Void, any Error>? in
                if case .done(let result) = state { return result }
                state = .pending(waiter)
                return nil
            }
            if let known { waiter.resume(with: known) }
        }
    }

    /// Records the outcome and wakes the waiter.
    func finish(_ result: Result<Void, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard case .pending(let waiter) = state else { return nil }
            state = .done(result)
            return waiter
        }
        waiter?.resume(with: result)
    }
}

/// The append-only record of everything staff said and the bot did, one file per team per ISO week.
public protocol Journal: Sendable {
    /// Queues an entry for its team's file for `week`, after everything submitted before it (so
    /// reads made after this call see it); the returned write says when it is on disk.
    func submit(_ entry: JournalEntry, week: ISOWeek) -> JournalWrite
    /// Every entry of a team's week, in file order.
    func entries(team: String, week: ISOWeek) async throws -> JournalRead
    /// The weeks that have a journal file for a team, oldest first.
    func weeks(team: String) async throws -> [ISOWeek]
    /// Only the entries of a team's week that have one of these types (a journal may skip
    /// decoding the others).
    func entries(team: String, week: ISOWeek, types: Set<EntryType>) async throws -> JournalRead
}

extension Journal {
    /// Appends an entry to its team's file for `week`; returns only once it is on disk.
    public func append(_ entry: JournalEntry, week: ISOWeek) async throws {
        try await submit(entry, week: week).wait()
    }

    /// All entries, then the wanted types.
    public func entries(team: String, week: ISOWeek, types: Set<EntryType>) async throws -> JournalRead {
        var read = try await entries(team: team, week: week)
        read.entries = read.entries.filter { types.contains($0.type) }
        return read
    }
}

/// The journal as JSON Lines under `<data>/journal/<team>/<YYYY>-W<ww>.jsonl`. Appends that
/// arrive while a write is under way are written together and share one fsync (group commit);
/// every caller returns only once its entry is on disk. File work runs on a queue of its own,
/// never on the cooperative pool, and reads wait for the writes before them.
public final class FileJournal: Journal, TaskExecutor, Sendable {
    public let directory: String
    let queue = DispatchQueue(label: "huddle.journal")
    /// Lines waiting to be written, by file, jobs of tasks that prefer the journal as their
    /// executor, and whether the writer is at work.
    struct Waiting {
        var files: [String: [(line: Data, done: JournalWrite)]] = [:]
        var jobs: [UnownedJob] = []
        var writing = false
    }
    let waiting = Mutex(Waiting())
    /// How long the writer stays for more lines after a write before it stops: a writer that
    /// waits for its entry and then submits the next one finds it there, without a wake-up.
    let linger: Duration = .microseconds(150)
    /// The long-lived entries of each file read, with the size and time the file had then.
    let longLived = Mutex<[String: (stamp: FileStamp, read: JournalRead)]>([:])
    /// How many writes (each with its fsync) the journal made.
    let writes = Mutex(0)

    /// A journal in `<dataDirectory>/journal`.
    public init(dataDirectory: String) {
        self.directory = (dataDirectory as NSString).appendingPathComponent("journal")
    }

    /// The file of a team's week.
    public func path(team: String, week: ISOWeek) -> String {
        "\(directory)/\(team)/\(week).jsonl"
    }

    public func submit(_ entry: JournalEntry, week: ISOWeek) -> JournalWrite {
        let line = entry.jsonLine
        let path = path(team: entry.team, week: week)
        let done = JournalWrite()
        let start = waiting.withLock { waiting in
            waiting.files[path, default: []].append((line, done))
            defer { waiting.writing = true }
            return !waiting.writing
        }
        if start { queue.async { self.writeWaiting() } }
        return done
    }

    /// Writes everything waiting, one write and one fsync per file, and wakes the writers; runs
    /// the jobs of tasks that prefer the journal as their executor in between.
    private func writeWaiting() {
        var idleSince: ContinuousClock.Instant?
        while true {
            let jobs = waiting.withLock { waiting in
                defer { waiting.jobs.removeAll() }
                return waiting.jobs
            }
            for job in jobs { job.runSynchronously(on: asUnownedTaskExecutor()) }
            let batch = waiting.withLock { waiting in
                defer { waiting.files.removeAll() }
                return waiting.files
            }
            if batch.isEmpty && !jobs.isEmpty {
                idleSince = nil
                continue
            }
            if batch.isEmpty {
                let now = ContinuousClock.now
                if let since = idleSince, now - since > linger {
                    let stopped = waiting.withLock { waiting in
                        if waiting.files.isEmpty && waiting.jobs.isEmpty { waiting.writing = false }
                        return !waiting.writing
                    }
                    if stopped { return }
                } else if idleSince == nil {
                    idleSince = now
                }
                // Lingering gives the core to whatever else is ready (the waiter being woken, say).
                sched_yield()
                continue
            }
            idleSince = nil
            for (path, items) in batch {
                writes.withLock { $0 += 1 }
                let result = Result { try DurableFile.append(items.reduce(into: Data()) { $0.append($1.line) }, to: path) }
                for item in items { item.done.finish(result) }
            }
        }
    }

    /// Writes started by a task that prefers the journal as its executor
    /// (`withTaskExecutorPreference(journal)`) wake it on the writer's own thread once on disk:
    /// a task that appends entry after entry then never waits for a thread of the shared pool.
    /// Such a task must not block: it shares the thread with the writes.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let start = waiting.withLock { waiting in
            waiting.jobs.append(job)
            defer { waiting.writing = true }
            return !waiting.writing
        }
        if start { queue.async { self.writeWaiting() } }
    }

    /// Runs file work on the journal's queue, after the writes before it.
    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The file is read on the journal's queue (after the writes before it); its lines are
    /// decoded on the caller's task, so reads of several teams decode side by side.
    public func entries(team: String, week: ISOWeek) async throws -> JournalRead {
        let path = path(team: team, week: week)
        let data = try await onQueue { try JSONLines.contents(path) }
        let (entries, problems) = JSONLines.decode(JournalEntry.self, from: data, path: path)
        return JournalRead(entries: entries, problems: problems)
    }

    /// Decodes only lines that name one of the types as a JSON string: the others cannot be of
    /// those types, and decoding is most of the cost of reading. What a file held of the
    /// long-lived types is kept while the file keeps its size and time: every prompt and every
    /// `!acties` wants the actions of all weeks, and a week long past hardly ever changes.
    public func entries(team: String, week: ISOWeek, types: Set<EntryType>) async throws -> JournalRead {
        let path = path(team: team, week: week)
        let cacheable = types == EntryType.longLived
        let markers = types.map { Array("\"\($0.rawValue)\"".utf8) }
        let (data, stamp) = try await onQueue { () -> (Data?, FileStamp?) in
            let stamp = FileStamp(path)
            if cacheable, let stamp, self.longLived.withLock({ $0[path]?.stamp == stamp }) { return (nil, stamp) }
            return (try JSONLines.contents(path), stamp)
        }
        guard let data else { return longLived.withLock { $0[path]!.read } }
        let (entries, problems) = JSONLines.decode(JournalEntry.self, from: data, path: path) { line in
            markers.contains { line.containsBytes($0) }
        }
        let read = JournalRead(entries: entries.filter { types.contains($0.type) }, problems: problems)
        if cacheable, let stamp { longLived.withLock { $0[path] = (stamp, read) } }
        return read
    }

    public func weeks(team: String) async throws -> [ISOWeek] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(team)")) ?? []
        return files.compactMap { $0.hasSuffix(".jsonl") ? ISOWeek(parsing: String($0.dropLast(6))) : nil }.sorted()
    }

    /// Moves torn last lines of every journal file aside (into `.corrupt` files); run at start-up.
    public func recover() async throws -> [TornLine] {
        let directory = directory
        return try await onQueue {
            guard let teams = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
            var repaired: [TornLine] = []
            for team in teams.sorted() {
                let teamDirectory = "\(directory)/\(team)"
                for file in ((try? FileManager.default.contentsOfDirectory(atPath: teamDirectory)) ?? []).sorted() where file.hasSuffix(".jsonl") {
                    if let torn = try JSONLines.recoverTornTail(path: "\(teamDirectory)/\(file)") { repaired.append(torn) }
                }
            }
            return repaired
        }
    }
}

extension Journal {
    /// Builds a team's digest of `week` from the journal (the week before gives the trend),
    /// with the lines that could not be read. Made at `now` before the week's end, it counts
    /// only the huddles whose time has come; a week that is over always gives the same digest.
    public func digest(for team: TeamConfig, week: ISOWeek, now: Date) async throws -> (digest: WeeklyDigest, problems: [LineProblem]) {
        var made: (WeeklyDigest, [LineProblem])?
        try await digests(for: team, weeks: [week], now: now) { made = ($0, $1) }
        return made!
    }

    /// The digests of a team's `wanted` weeks, oldest first, handed to `each` as they are made;
    /// every journal file is read once: the recent weeks are kept, earlier ones only for their
    /// actions (what `digest regenerate --all` needs, without re-reading the past for each week).
    public func digests(for team: TeamConfig, weeks wanted: [ISOWeek], now: Date,
                        each: (WeeklyDigest, [LineProblem]) async throws -> Void) async throws {
        let stored = try await weeks(team: team.id)
        // Huddles count as scheduled, and counters without `since` count, from the team's first entry.
        let firstDay = try await self.firstDay(of: team)
        var next = stored.startIndex
        var byWeek: [ISOWeek: (entries: [JournalEntry], problems: [LineProblem])] = [:]
        var older: [JournalEntry] = []
        for week in wanted.sorted() {
            let recent = Self.recentWeeks(before: week)
            while next < stored.endIndex && stored[next] <= week {
                if stored[next] < recent[0] {
                    older += try await entries(team: team.id, week: stored[next], types: EntryType.longLived).entries
                } else {
                    let read = try await entries(team: team.id, week: stored[next])
                    byWeek[stored[next]] = (read.entries, read.problems)
                }
                next += 1
            }
            for gone in byWeek.keys where gone < recent[0] {
                older += byWeek.removeValue(forKey: gone)!.entries.filter { EntryType.longLived.contains($0.type) }
            }
            try await each(Self.build(team: team, week: week, byWeek: byWeek.mapValues(\.entries), older: older, now: now, firstDay: firstDay),
                           byWeek[week]?.problems ?? [])
        }
    }

    /// The four weeks before `week`, oldest first.
    static func recentWeeks(before week: ISOWeek) -> [ISOWeek] {
        var recent: [ISOWeek] = []
        var cursor = week
        for _ in 0..<4 {
            cursor = cursor.previous
            recent.insert(cursor, at: 0)
        }
        return recent
    }

    /// A digest from the weeks read up to `week` (`older`: the action-related entries of the weeks before them).
    static func build(team: TeamConfig, week: ISOWeek, byWeek: [ISOWeek: [JournalEntry]], older: [JournalEntry], now: Date,
                      firstDay: CalendarDay? = nil) -> WeeklyDigest {
        let recent = recentWeeks(before: week)
        let weekEnd = week.monday.adding(days: 7).start(in: team.timeZone)
        var context = DigestContext(history: TeamHistory(entries: older + byWeek.values.flatMap { $0 }),
                                    recentWeeks: recent.map { DigestBuilder.counts(of: byWeek[$0] ?? [], week: $0) },
                                    asOf: now < weekEnd ? now : nil)
        context.firstDay = firstDay
        return DigestBuilder.build(team: team, week: week, entries: byWeek[week] ?? [], previous: byWeek[week.previous] ?? [],
                                   context: context)
    }
}

extension Data {
    /// Whether `needle` occurs in these bytes (on the raw buffer: `Data`'s generic search is slow).
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return withUnsafeBytes { (haystack: UnsafeRawBufferPointer) in
            let bytes = haystack.bindMemory(to: UInt8.self)
            guard bytes.count >= needle.count else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first {
                    var matched = 1
                    while matched < needle.count && bytes[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}

/// A file's size and time of last change, to know that it did not change since it was read.
struct FileStamp: Hashable, Sendable {
    var size: Int
    var seconds: Int
    var nanoseconds: Int

    /// The file's stamp now; nil when it cannot be read.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
    }
}
