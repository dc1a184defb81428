import ArgumentParser
import Foundation
import HuddleCore
import HuddleStore
import Testing
@testable import huddle

func writeConfig(_ yaml: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("huddle.yaml").path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

let exampleConfig = """
    data_dir: data
    irc: {host: 127.0.0.1, port: 6667, nick: huddle}
    teams:
      - id: receptie
        name: Receptie
        channel: "#receptie"
        leaders: [monique]
        shifts:
          - {name: ochtend, start: "07:00", days: [mon, tue], window: 15m}
    """

@Suite struct CLITests {
    /// check-config shows each team, its channel and the next prompt of each shift in local time and UTC.
    @Test func summary() throws {
        let config = try ConfigLoader.load(yaml: exampleConfig, path: "Config/huddle.yaml")
        let text = ConfigSummary.render(config, now: HuddleJSON.parseTimestamp("2026-11-22T12:00:00Z")!)
        #expect(text == """
            Config/huddle.yaml: OK
            data: Config/data
            irc: 127.0.0.1:6667 (plain TCP), nick huddle
            team receptie "Receptie" in #receptie (nl, Europe/Amsterdam), leaders: monique
              reminder: channel at 80%
              shift ochtend at 07:00 on ma di, window 15m, grace 15m — next: maandag 23 november 07:00 (2026-11-23T06:00:00Z)

            """)
    }

    /// A broken config makes the command fail with exit code 2; a missing file too.
    @Test func brokenConfigExits() throws {
        let path = try writeConfig("irc:\n  host: h\n  prot: 1\n")
        let options = try ConfigOptions.parse(["--config", path])
        #expect(throws: ExitCode(2)) { try options.load() }
        let missing = try ConfigOptions.parse(["--config", "/nonexistent/huddle.yaml"])
        #expect(throws: ExitCode(2)) { try missing.load() }
    }

    /// `huddle digest` writes the week's JSON from the journal; the same journal gives the same bytes.
    @Test func digestCommand() async throws {
        let path = try writeConfig(exampleConfig)
        let data = (path as NSString).deletingLastPathComponent + "/data"
        let journal = FileJournal(dataDirectory: data)
        let week = ISOWeek(parsing: "2026-W48")!
        try await journal.append(JournalEntry(id: "k1", at: HuddleJSON.parseTimestamp("2026-11-23T08:00:00Z")!, team: "receptie",
                                              type: .kudos, author: Author(nick: "anna"), to: ["bob"], text: "Dank!"), week: week)
        var command = try HuddleCommand.Show.parse(["--config", path, "--week", "2026-W48", "--format", "text"])
        try await command.run()
        let file = "\(data)/digests/receptie/2026-W48.json"
        let first = try Data(contentsOf: URL(fileURLWithPath: file))
        command = try HuddleCommand.Show.parse(["--config", path, "--team", "receptie", "--week", "2026-W48"])
        try await command.run()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == first)
        try FileManager.default.removeItem(atPath: file)
        let regenerate = try HuddleCommand.Regenerate.parse(["--config", path, "--all"])
        try await regenerate.run()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == first)
        #expect(throws: (any Error).self) { try HuddleCommand.Regenerate.parse(["--config", path, "--all", "--week", "2026-W48"]) }
        let digest = try HuddleJSON.decoder().decode(WeeklyDigest.self, from: first)
        #expect(digest.kudos.map(\.text) == ["Dank!"] && digest.huddles.scheduled == 2)
    }

    /// Wrong arguments are refused with a message that says what is expected.
    @Test func argumentErrors() async throws {
        #expect(throws: (any Error).self) { try HuddleCommand.Show.parse(["--week", "week 48"]) }
        let path = try writeConfig(exampleConfig)
        let command = try HuddleCommand.Show.parse(["--config", path, "--team", "keuken"])
        await #expect(throws: ValidationError.self) { try await command.run() }
    }
}

@Suite struct ScheduleCommandTests {
    /// `huddle schedule` lists local and UTC times and why a day is skipped, leaders' skips from the ledger included.
    @Test func listing() throws {
        let config = try ConfigLoader.load(yaml: """
            irc: {host: h}
            holidays: nl
            teams:
              - id: receptie
                channel: "#receptie"
                shifts:
                  - {name: nacht, start: "23:00", end: "07:00"}
            """, path: "x.yaml")
        var ledger = LedgerIndex()
        ledger.add(LedgerRecord(at: Date(), key: HuddleKey(team: "receptie", shift: "nacht", day: CalendarDay(parsing: "2026-12-27")!),
                                state: .skipped, reason: "monique: inventaris"))
        let text = ScheduleListing.render(teams: config.teams, count: 5, now: HuddleJSON.parseTimestamp("2026-12-24T12:00:00Z")!, ledger: ledger)
        #expect(text == """
            receptie — receptie in #receptie (Europe/Amsterdam)
              2026-12-24 do 23:00 +01:00  2026-12-24T22:00:00Z  nacht
              2026-12-25 vr 23:00 +01:00  2026-12-25T22:00:00Z  nacht  — feestdag: Eerste kerstdag
              2026-12-26 za 23:00 +01:00  2026-12-26T22:00:00Z  nacht  — feestdag: Tweede kerstdag
              2026-12-27 zo 23:00 +01:00  2026-12-27T22:00:00Z  nacht  — overgeslagen door monique: inventaris
              2026-12-28 ma 23:00 +01:00  2026-12-28T22:00:00Z  nacht

            """)
    }
}

@Suite struct ForgetCommandTests {
    /// `huddle forget` anonymises the person in the journal and rebuilds the digest without their name.
    @Test func forget() async throws {
        let path = try writeConfig(exampleConfig)
        let data = (path as NSString).deletingLastPathComponent + "/data"
        let week = ISOWeek(parsing: "2026-W48")!
        let journal = FileJournal(dataDirectory: data)
        try await journal.append(JournalEntry(id: "g1", at: HuddleJSON.parseTimestamp("2026-11-23T08:00:00Z")!, team: "receptie",
                                              type: .gain, author: Author(nick: "anna", account: "anna"), text: "Koffie"), week: week)
        let command = try HuddleCommand.Forget.parse(["--config", path, "--person", "anna"])
        try await command.run()
        let digest = try String(contentsOfFile: "\(data)/digests/receptie/2026-W48.json", encoding: .utf8)
        #expect(digest.contains("Koffie") && !digest.contains("anna"))
        #expect(FileManager.default.fileExists(atPath: "\(data)/forget.jsonl"))
        #expect(throws: (any Error).self) { try HuddleCommand.Forget.parse(["--config", path]) }
    }
}
