import ArgumentParser
import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing
@testable import huddle

/// The built `huddle` next to the test bundle.
var huddleExecutable: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("huddle").path
}

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
            irc connections: auto, at most 10; 1 team channel needs at most 1 on a server allowing 10 channels per connection (Debian's ngircd; the bot reads the server's CHANLIMIT)
            team receptie "Receptie" in #receptie (nl, Europe/Amsterdam), leaders: monique
              reminder: channel at 80%; nudges: private
              shift ochtend at 07:00 on ma di, window 15m, grace 15m — next: maandag 23 november 07:00 (2026-11-23T06:00:00Z)
            warning: team 'receptie': leader 'monique' is a bare name, trusted only as an account; on a server without accounts it grants nothing (anyone can take a nick). List a host mask such as monique!*@10.1.2.* or give a one-time code: huddle leader-code --team receptie --leader monique

            """)
    }

    /// check-config says a webhook team's leaders are user ids, and warns where names count too.
    @Test func webhookLeadersSummary() throws {
        let config = try ConfigLoader.load(yaml: """
            webhooks: {listen: 127.0.0.1:8080}
            teams:
              - id: keuken
                leaders: [mmboss]
                webhook: {platform: mattermost, url_env: U, secret_env: S, leaders_by_name: true}
              - id: bar
                leaders: [U024BE7LH]
                webhook: {platform: slack, url_env: U, secret_env: S}
            """, path: "huddle.yaml")
        let text = ConfigSummary.render(config, now: HuddleJSON.parseTimestamp("2026-11-22T12:00:00Z")!)
        #expect(text.contains("leaders: mmboss (user ids or names)\n") && text.contains("leaders: U024BE7LH (user ids)\n"))
        #expect(text.contains("warning: huddle.yaml:5:") && text.contains("names can be changed and reused by someone else, user ids cannot"))
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

@Suite struct CheckConfigTests {
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runProgram(huddleExecutable, arguments)
    }

    /// Every problem in one run, each with file:line:column and a hint (did you mean … for a
    /// misspelt key); exit 1; the same as JSON for tools.
    @Test func everyProblemWithHints() async throws {
        let path = try writeConfig("irc:\n  host: h\n  prot: 1\nteams:\n  - id: receptie\n    chanel: \"#r\"\n    shifts: [{name: a, start: \"25:00\"}]\n")
        let text = try await run(["check-config", "--config", path])
        #expect(text.status == 1)
        #expect(text.output.contains("\(path):3:3: error: unknown key 'prot'") && text.output.contains("hint: did you mean 'port'?"))
        #expect(text.output.contains("\(path):6:5: error: unknown key 'chanel'") && text.output.contains("hint: did you mean 'channel'?"))
        #expect(text.output.contains("\(path):7:31: error: 'teams.receptie.shifts[0].start'"))
        let json = try await run(["check-config", "--config", path, "--format", "json"])
        #expect(json.status == 1)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(issues.count >= 3)
        let prot = try #require(issues.first { $0["path"] as? String == "irc.prot" })
        #expect(prot["file"] as? String == path && prot["line"] as? Int == 3 && prot["column"] as? Int == 3)
        #expect(prot["hint"] as? String == "did you mean 'port'?" && (prot["message"] as? String)?.contains("unknown key") == true)
        #expect(issues.allSatisfy { ($0["hint"] as? String)?.isEmpty == false })
    }

    /// The examples in Config/ (in Dutch: a hotel, a care-home ward, a building site, and the
    /// others) all pass check-config.
    @Test(arguments: ["huddle.yaml", "hotel-24-7.yaml", "webhooks.yaml", "hotel.yaml", "zorg-afdeling.yaml", "bouwplaats.yaml"])
    func examplesPass(_ name: String) async throws {
        let path = NgircdServer.repositoryRoot.path + "/Config/" + name
        let result = try await run(["check-config", "--config", path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("OK"))
    }

    /// `huddle version` and `huddle --version` print the version.
    @Test func version() async throws {
        #expect(try await run(["version"]).output == "Huddle \(HuddleVersion.number)\n")
        #expect(try await run(["--version"]).output == "Huddle \(HuddleVersion.number)\n")
    }

    /// The changelog's newest entry is this version: a release is not cut without saying what changed.
    @Test func changelogNamesThisVersion() throws {
        let changelog = try String(contentsOfFile: NgircdServer.repositoryRoot.path + "/docs/CHANGELOG.md", encoding: .utf8)
        let newest = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
        #expect(newest?.hasPrefix("## \(HuddleVersion.number) — ") == true)
    }
}
