import Foundation
import HuddleCore

/// What `forget` did, as recorded in `<data>/forget.jsonl`.
public struct ForgetRecord: Sendable, Hashable, Codable {
    public var v: Int
    public var at: Date
    /// The account or nick forgotten.
    public var person: String
    /// `anonymise` (entries kept without the person) or `remove` (their entries deleted).
    public var mode: String
    /// Journal files rewritten, relative to the data directory.
    public var files: [String]
    /// Entries changed or removed.
    public var entries: Int
}

/// Privacy work on the journal: forgetting a person and deleting old weeks.
public enum JournalMaintenance {
    /// Placeholder left where a forgotten person was named.
    public static let forgotten = "[vergeten]"

    /// Anonymises (or removes) one person's entries in every journal file, rewriting each
    /// changed file atomically, and appends what was done to `<data>/forget.jsonl`. Returns the
    /// record and the team weeks whose digests must be rebuilt (every week of a team from its
    /// first changed one). Lines that cannot be read are kept as they are.
    public static func forget(person: String, remove: Bool, dataDirectory: String, now: Date) throws -> (ForgetRecord, [(team: String, week: ISOWeek)]) {
        let journal = (dataDirectory as NSString).appendingPathComponent("journal")
        let target = person.lowercased()
        func isPerson(_ name: String?) -> Bool { name?.lowercased() == target }
        // A line that cannot be read (damaged, or a torn line moved to `.corrupt`) cannot be
        // anonymised field by field: it goes when it names the person as a JSON string.
        let quoted = [Array("\"\(target)\"".utf8), Array("\"\(person)\"".utf8)]
        func mentionsPerson(_ line: Data.SubSequence) -> Bool {
            Data(line).lowercasedASCII.containsBytes(quoted[0]) || Data(line).containsBytes(quoted[1])
        }
        var files: [String] = []
        var changed: [(String, ISOWeek)] = []
        var count = 0
        let decoder = HuddleJSON.decoder()
        for team in ((try? FileManager.default.contentsOfDirectory(atPath: journal)) ?? []).sorted() {
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: "\(journal)/\(team)")) ?? []).sorted()
            where file.hasSuffix(".jsonl") || file.hasSuffix(".jsonl.corrupt") {
                let path = "\(journal)/\(team)/\(file)"
                guard let data = FileManager.default.contents(atPath: path) else { throw StoreError(path: path, message: "cannot read the file") }
                var output = Data()
                var fileChanges = 0
                for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
                    guard var entry = try? decoder.decode(JournalEntry.self, from: Data(line)) else {
                        if mentionsPerson(line) {
                            fileChanges += 1
                        } else {
                            output.append(contentsOf: line)
                            output.append(0x0A)
                        }
                        continue
                    }
                    let authored = isPerson(entry.author?.account) || isPerson(entry.author?.nick)
                    let named = (entry.to ?? []).contains(where: isPerson) || isPerson(entry.owner)
                    guard authored || named else {
                        output.append(contentsOf: line)
                        output.append(0x0A)
                        continue
                    }
                    fileChanges += 1
                    // A person's absences and settings are theirs alone: they go, whatever the mode.
                    let ownSetting = entry.type == .preference || entry.type == .absence && entry.owner == nil
                    if entry.type == .absence && isPerson(entry.owner) || ownSetting && authored { continue }
                    if remove && authored { continue }
                    if authored { entry.author = nil }
                    if remove {
                        entry.to = entry.to?.filter { !isPerson($0) }
                        if entry.type == .kudos && (entry.to ?? []).isEmpty { continue }
                    } else {
                        entry.to = entry.to?.map { isPerson($0) ? forgotten : $0 }
                    }
                    if isPerson(entry.owner) { entry.owner = forgotten }
                    output.append(try JSONLines.encode(entry))
                }
                guard fileChanges > 0 else { continue }
                try DurableFile.replace(path, with: output)
                files.append("journal/\(team)/\(file)")
                count += fileChanges
                if let week = ISOWeek(parsing: String(file.dropLast(6))) { changed.append((team, week)) }
            }
        }
        let record = ForgetRecord(v: 1, at: now, person: person, mode: remove ? "remove" : "anonymise", files: files, entries: count)
        try DurableFile.append(try JSONLines.encode(record), to: (dataDirectory as NSString).appendingPathComponent("forget.jsonl"))
        return (record, laterWeeks(of: changed, journal: journal))
    }

    /// The weeks of each team from its first changed one on: a week's digest shows the open
    /// actions of every week before and the people of the four before, so they change too.
    static func laterWeeks(of changed: [(String, ISOWeek)], journal: String) -> [(team: String, week: ISOWeek)] {
        var first: [String: ISOWeek] = [:]
        for (team, week) in changed { first[team] = min(first[team] ?? week, week) }
        return first.keys.sorted().flatMap { team in
            Set(((try? FileManager.default.contentsOfDirectory(atPath: "\(journal)/\(team)")) ?? []).compactMap { file -> ISOWeek? in
                guard file.hasSuffix(".jsonl") || file.hasSuffix(".jsonl.corrupt") else { return nil }
                return ISOWeek(parsing: String(file.prefix { $0 != "." }))
            }).filter { $0 >= first[team]! }.sorted().map { (team, $0) }
        }
    }

    /// Deletes journal files (and their digests) of weeks more than `weeks` before the week of
    /// `now`; returns the deleted paths.
    public static func applyRetention(weeks: Int, now: Date, timeZone: TimeZone, dataDirectory: String) throws -> [String] {
        var oldest = ISOWeek(containing: now, in: timeZone)
        for _ in 0..<weeks { oldest = oldest.previous }
        var deleted: [String] = []
        for (folder, suffix) in [("journal", ".jsonl"), ("journal", ".jsonl.corrupt"), ("digests", ".json"), ("digests", ".md"), ("digests", ".html")] {
            let root = (dataDirectory as NSString).appendingPathComponent(folder)
            for team in ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted() {
                for file in ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(team)")) ?? []).sorted() where file.hasSuffix(suffix) {
                    guard let week = ISOWeek(parsing: String(file.dropLast(suffix.count))), week < oldest else { continue }
                    let path = "\(root)/\(team)/\(file)"
                    do {
                        try FileManager.default.removeItem(atPath: path)
                    } catch {
                        throw StoreError(path: path, message: "cannot delete: \(error.localizedDescription)")
                    }
                    deleted.append(path)
                }
            }
        }
        return deleted
    }
}

extension Data {
    /// The bytes with ASCII letters in lower case (other bytes as they are).
    var lowercasedASCII: Data {
        Data(map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 })
    }
}
