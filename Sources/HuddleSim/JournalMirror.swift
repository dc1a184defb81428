import Foundation
import HuddleCore

/// The journal as it is on disk, read from the files themselves (never through the bot), kept
/// up to date by reading what was appended since the last look: where each entry's time is found.
final class JournalMirror {
    struct Found: Sendable, Hashable {
        var path: String
        var type: EntryType
        var author: String?
        var huddle: HuddleRef?
    }
    let directory: String
    private var sizes: [String: Int] = [:]
    private var byFile: [String: [(millis: Int64, found: Found)]] = [:]
    private(set) var byTime: [Int64: [Found]] = [:]
    private let decoder = HuddleJSON.decoder()

    init(directory: String) { self.directory = directory }

    /// A time as the journal writes it: whole milliseconds (the simulation's lines are a tenth
    /// of a millisecond past theirs, which the journal cuts off).
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Reads what changed (of `only` these teams): appended lines, or a whole file that shrank (a
    /// torn line moved aside) or was rewritten (`forget`: call `reset` first).
    func refresh(teams only: [String]? = nil) {
        let teams = only ?? (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for team in teams {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(team)")) ?? [] where file.hasSuffix(".jsonl") {
                let path = "\(directory)/\(team)/\(file)"
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                let size = Int(info.st_size)
                let known = sizes[path] ?? 0
                if size == known { continue }
                if size < known { forgetFile(path) }
                read(path, from: sizes[path] ?? 0)
            }
        }
    }

    /// Forgets everything read, to read every file again.
    func reset() {
        sizes.removeAll()
        byFile.removeAll()
        byTime.removeAll()
    }

    private func forgetFile(_ path: String) {
        for (millis, _) in byFile[path] ?? [] { byTime[millis]?.removeAll { $0.path == path } }
        byFile[path] = nil
        sizes[path] = nil
    }

    private func read(_ path: String, from offset: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        try? handle.seek(toOffset: UInt64(offset))
        guard let data = try? handle.readToEnd(), let lastNewline = data.lastIndex(of: 0x0A) else { return }
        var start = data.startIndex
        while start <= lastNewline {
            let newline = data[start...].firstIndex(of: 0x0A)!
            if let entry = try? decoder.decode(JournalEntry.self, from: Data(data[start..<newline])) {
                let found = Found(path: path, type: entry.type, author: entry.author?.identity, huddle: entry.huddle)
                let millis = Self.millis(entry.at)
                byTime[millis, default: []].append(found)
                byFile[path, default: []].append((millis, found))
            }
            start = data.index(after: newline)
        }
        sizes[path] = offset + (lastNewline - data.startIndex) + 1
    }

    /// Every entry read, with its time.
    var all: [(millis: Int64, found: Found)] { byFile.values.flatMap { $0 } }
}
