// Benchmarks for `Scripts/bench`, each run next to a Python peer doing the same work:
//   journal DIR ENTRIES WRITERS  durable appends per second (each acknowledged after fsync),
//                                with one writer or many at once
//   digest DIR                   building the last week's digest of team `receptie` from its
//                                whole journal history (as the bot does when a huddle closes)
//   parse FILE                   parsing every IRC line of a corpus from its bytes, then parsing
//                                and serialising it (best of 20 passes each: a pass takes a tenth of
//                                a second, so a moment of a noisy machine would decide a single one)
// Each prints one JSON line with the time taken and the peak memory.
import Foundation
import HuddleCore
import HuddleStore
import IRCProtocol

func fail(_ text: String) -> Never {
    FileHandle.standardError.write(Data((text + "\n").utf8))
    exit(2)
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func peakMemoryKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

func journalBenchmark(directory: String, count: Int, writers: Int) async throws {
    let journal = FileJournal(dataDirectory: directory)
    let week = ISOWeek(parsing: "2026-W48")!
    let at = Date(timeIntervalSince1970: 1_795_000_000)
    func entry(_ index: Int) -> JournalEntry {
        JournalEntry(id: "bench-\(index)", at: at, team: "bench", type: .gain, author: Author(nick: "anna", account: "anna"),
                     text: "Gasten vinden de nieuwe koffie heerlijk, vooral bij het ontbijt (\(index))")
    }
    let started = ContinuousClock.now
    // Writers that append entry after entry run on the journal's writer (FileJournal as their
    // task executor): each continues there once its entry is on disk.
    try await withTaskExecutorPreference(journal) {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in stride(from: writer, to: count, by: writers) { try await journal.append(entry(index), week: week) }
                }
            }
            try await group.waitForAll()
        }
    }
    let time = seconds(since: started)
    let read = try await journal.entries(team: "bench", week: week)
    guard read.entries.count == count, read.problems.isEmpty else { fail("the journal holds \(read.entries.count) entries, expected \(count)") }
    print(#"{"bench":"journal","impl":"huddle","entries":\#(count),"writers":\#(writers),"seconds":\#(time),"per_second":\#(Double(count) / time),"max_rss_kib":\#(peakMemoryKiB())}"#)
}

func digestBenchmark(directory: String) async throws {
    let zone = TimeZone(identifier: "Europe/Amsterdam")!
    let shifts = [("ochtend", 7), ("middag", 15), ("nacht", 23)].map { ShiftConfig(name: $0.0, start: LocalTime(hour: $0.1, minute: 0)!) }
    let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone, shifts: shifts)
    let journal = FileJournal(dataDirectory: directory)
    let started = ContinuousClock.now
    guard let week = try await journal.weeks(team: team.id).last else { fail("no journal weeks in \(directory)") }
    let (digest, problems) = try await journal.digest(for: team, week: week, now: Date())
    let time = seconds(since: started)
    guard problems.isEmpty, digest.kudos.count > 0 else { fail("unexpected digest: \(problems.count) problems, \(digest.kudos.count) kudos") }
    print(#"{"bench":"digest","impl":"huddle","weeks":\#(try await journal.weeks(team: team.id).count),"seconds":\#(time),"max_rss_kib":\#(peakMemoryKiB())}"#)
}

func parseBenchmark(path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let bytes = [UInt8](data)
    var lines: [Range<Int>] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
        lines.append(start..<index)
        start = index + 1
    }
    func best(_ work: () throws -> Int) rethrows -> Double {
        var fastest = Double.infinity
        for _ in 0..<20 {
            let started = ContinuousClock.now
            let checksum = try work()
            fastest = min(fastest, seconds(since: started))
            guard checksum > 0 else { fail("nothing parsed") }
        }
        return fastest
    }
    try bytes.withUnsafeBufferPointer { buffer in
        let parse = try best {
            var params = 0
            for line in lines { params += try IRCMessage(utf8: UnsafeBufferPointer(rebasing: buffer[line])).params.count }
            return params
        }
        // Serialised as for the wire: into an output buffer, as the client writes its lines.
        var output = [UInt8](repeating: 0, count: 16_384)
        let both = try best {
            var length = 0
            for line in lines {
                let message = try IRCMessage(utf8: UnsafeBufferPointer(rebasing: buffer[line]))
                if output.count < message.wireCapacity { output = [UInt8](repeating: 0, count: message.wireCapacity) }
                length += output.withUnsafeMutableBufferPointer { message.serialize(into: $0) }
            }
            return length
        }
        for (figure, time) in [("parse", parse), ("parse_serialise", both)] {
            print(#"{"bench":"\#(figure)","impl":"huddle","lines":\#(lines.count),"seconds":\#(time),"per_second":\#(Double(lines.count) / time)}"#)
        }
    }
}

let arguments = CommandLine.arguments
switch (arguments.count > 1 ? arguments[1] : "", arguments.count) {
case ("journal", 5):
    guard let count = Int(arguments[3]), let writers = Int(arguments[4]), count > 0, writers > 0 else { fail("ENTRIES and WRITERS must be above 0") }
    try await journalBenchmark(directory: arguments[2], count: count, writers: writers)
case ("parse", 3):
    try parseBenchmark(path: arguments[2])
case ("digest", 3):
    try await digestBenchmark(directory: arguments[2])
default:
    fail("usage: huddle-bench journal DATA_DIR ENTRIES WRITERS | huddle-bench digest DATA_DIR | huddle-bench parse CORPUS")
}
