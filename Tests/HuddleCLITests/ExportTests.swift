import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing

/// `huddle export` as an admin uses it, read back the way a spreadsheet user's tools read it.
@Suite struct ExportTests {
    var executable: String { huddleExecutable }

    func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runProgram(executable, arguments, standardError: false)
    }

    func journal() async throws -> String {
        let path = try writeConfig(exampleConfig)
        let journal = FileJournal(dataDirectory: (path as NSString).deletingLastPathComponent + "/data")
        let ref = HuddleRef(shift: "ochtend", day: CalendarDay(year: 2026, month: 11, day: 23)!)
        func at(_ text: String) -> Date { HuddleJSON.parseTimestamp(text)! }
        let entries = [
            JournalEntry(id: "a1", at: at("2026-11-23T06:03:00Z"), team: "receptie", type: .answer, author: Author(nick: "anna", account: "anna"),
                         huddle: ref, question: 1, text: "Bus met 40 gasten, \"VIP\" om 10:00"),
            JournalEntry(id: "k1", at: at("2026-11-23T06:05:00Z"), team: "receptie", type: .kudos, author: Author(nick: "anna"),
                         to: ["bob", "carla"], text: "Top geholpen;\necht waar", values: ["gastvrij"]),
            JournalEntry(id: "p1", at: at("2026-11-24T09:00:00Z"), team: "receptie", type: .pain, text: "=HYPERLINK(\"x\") wachtrij", tags: ["wachten"]),
            JournalEntry(id: "g1", at: at("2026-11-25T09:00:00Z"), team: "receptie", type: .gain, author: Author(nick: "bob"), text: "Oeps"),
            JournalEntry(id: "w1", at: at("2026-11-25T09:01:00Z"), team: "receptie", type: .withdrawn, author: Author(nick: "bob"), ref: "g1"),
            JournalEntry(id: "g2", at: at("2026-12-01T09:00:00Z"), team: "receptie", type: .gain, author: Author(nick: "bob"), text: "Koffie"),
        ]
        for entry in entries { try await journal.append(entry, week: entry.week(in: TimeZone(identifier: "Europe/Amsterdam")!)) }
        return path
    }

    /// CSV per RFC 4180 that Python's csv module reads back field by field: local time and UTC,
    /// anonymous without author, recipients, quotes, commas and line breaks intact, withdrawn left
    /// out, a formula neutralised; the file is its owner's only (0600).
    @Test func csvReadsBack() async throws {
        let config = try await journal()
        let file = (config as NSString).deletingLastPathComponent + "/export.csv"
        #expect(try await run(executable, ["export", "--config", config, "--team", "receptie", "--format", "csv", "--output", file]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the export holds personal data: its owner only")
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                print(json.dumps(list(csv.DictReader(f))))
            """
        let read = try await run("/usr/bin/python3", ["-c", script, file])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [[String: String]])
        #expect(rows.map { $0["type"] } == ["answer", "kudos", "pain", "gain"])
        #expect(rows[0]["local_time"] == "2026-11-23T07:03:00+01:00" && rows[0]["utc"] == "2026-11-23T06:03:00Z")
        #expect(rows[0]["text"] == "Bus met 40 gasten, \"VIP\" om 10:00" && rows[0]["huddle_shift"] == "ochtend" && rows[0]["huddle_day"] == "2026-11-23")
        #expect(rows[1]["text"] == "Top geholpen;\necht waar" && rows[1]["recipients"] == "bob; carla" && rows[1]["values"] == "gastvrij")
        #expect(rows[2]["author"] == "" && rows[2]["text"] == "'=HYPERLINK(\"x\") wachtrij" && rows[2]["tags"] == "wachten")
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasSuffix("\r\n"))
    }

    /// JSON and JSON Lines carry the same rows; --type, --from and --to select.
    @Test func jsonAndFilters() async throws {
        let config = try await journal()
        let json = try await run(executable, ["export", "--config", config, "--all-teams", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(rows.count == 4 && rows[1]["recipients"] as? [String] == ["bob", "carla"] && rows[2]["author"] is NSNull)
        let lines = try await run(executable, ["export", "--config", config, "--team", "receptie", "--format", "jsonl", "--type", "gain,pain",
                                         "--from", "2026-11-24", "--to", "2026-11-30"]).output.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("\"type\":\"pain\""))
        #expect(try await run(executable, ["export", "--config", config, "--team", "receptie", "--type", "nonsense"]).status != 0)
        #expect(try await run(executable, ["export", "--config", config]).status != 0)
    }
}
