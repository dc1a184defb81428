// Measures the journal's durable appends: how many entries per second reach disk (each
// acknowledged only after fsync) when one writer or many write at once, and the peak memory.
// `Scripts/bench` runs it next to a peer that fsyncs every line, in the same run.
import Foundation
import HuddleCore
import HuddleStore

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[2]), let writers = Int(arguments[3]), count > 0, writers > 0 else {
    FileHandle.standardError.write(Data("usage: huddle-bench DATA_DIR ENTRIES WRITERS\n".utf8))
    exit(2)
}
let journal = FileJournal(dataDirectory: arguments[1])
let week = ISOWeek(parsing: "2026-W48")!
let at = Date(timeIntervalSince1970: 1_795_000_000)

func entry(_ index: Int) -> JournalEntry {
    JournalEntry(id: "bench-\(index)", at: at, team: "bench", type: .gain, author: Author(nick: "anna", account: "anna"),
                 text: "Gasten vinden de nieuwe koffie heerlijk, vooral bij het ontbijt (\(index))")
}

let started = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for writer in 0..<writers {
        group.addTask {
            for index in stride(from: writer, to: count, by: writers) { try await journal.append(entry(index), week: week) }
        }
    }
    try await group.waitForAll()
}
let elapsed = ContinuousClock.now - started
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)
let read = try await journal.entries(team: "bench", week: week)
guard read.entries.count == count, read.problems.isEmpty else {
    FileHandle.standardError.write(Data("the journal holds \(read.entries.count) entries, expected \(count)\n".utf8))
    exit(1)
}
print(#"{"impl":"huddle","entries":\#(count),"writers":\#(writers),"seconds":\#(seconds),"per_second":\#(Double(count) / seconds),"max_rss_kib":\#(usage.ru_maxrss)}"#)
