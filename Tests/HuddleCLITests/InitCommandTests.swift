import Foundation
import HuddleBot
import HuddleCore
import HuddleTesting
import Testing
@testable import huddle

@Suite struct InitCommandTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-init-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// From options alone, with standard input not a terminal: nothing is asked, the file passes
    /// check-config, and a second run does not overwrite it without --force.
    @Test func fromOptions() async throws {
        let path = try folder() + "/etc/huddle.yaml"
        let first = try await runProgram(huddleExecutable, ["init", "--config", path, "--platform", "slack", "--team", "bar",
                                                            "--shift", "17:00", "--shift", "09:00,12:30", "--language", "en",
                                                            "--timezone", "Europe/London"], input: "")
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("wrote \(path): team bar in bar on slack, 3 shifts"))
        #expect(first.output.contains("HUDDLE_BAR_WEBHOOK_URL") && first.output.contains("HUDDLE_BAR_SIGNING_SECRET"))
        #expect(!first.output.contains("[")) // no question
        let check = try await runProgram(huddleExecutable, ["check-config", "--config", path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("shift morning at 09:00") && check.output.contains("shift evening at 17:00"))
        let config = try ConfigFile.load(path)
        #expect(config.teams[0].webhook?.platform == .slack && config.timeZone.identifier == "Europe/London")

        let again = try await runProgram(huddleExecutable, ["init", "--config", path, "--team", "keuken"], input: "")
        #expect(again.status != 0 && again.output.contains("\(path) exists; give --force"))
        #expect(try ConfigFile.load(path).teams[0].id == "bar")
        let forced = try await runProgram(huddleExecutable, ["init", "--config", path, "--team", "keuken", "--force"], input: "")
        #expect(forced.status == 0)
        #expect(try ConfigFile.load(path).teams[0].id == "keuken")
    }

    /// Without options and without a terminal: the defaults, said plainly; `--config -` prints the file.
    @Test func defaultsToStandardOutput() async throws {
        let printed = try await runProgram(huddleExecutable, ["init", "--config", "-"], standardError: false, input: "")
        #expect(printed.status == 0)
        let config = try ConfigLoader.load(yaml: printed.output, path: "/tmp/x/huddle.yaml")
        #expect(config.teams.map(\.id) == ["team"] && config.teams[0].channel == "#team" && config.irc?.host == "127.0.0.1")
        #expect(config.teams[0].shifts.map(\.start) == [LocalTime(hour: 7, minute: 0)!] && config.language == .nl)
    }

    /// Options that cannot go in the file are refused before anything is written.
    @Test func refusesBadOptions() async throws {
        let path = try folder() + "/huddle.yaml"
        for (arguments, message) in [(["--team", "Bar"], "--team: a team id uses only a-z"),
                                     (["--shift", "7h"], "--shift: a shift start is a time HH:MM"),
                                     (["--timezone", "Mars/Base"], "--timezone: 'Mars/Base' is not an IANA time zone"),
                                     (["--platform", "irc", "--channel", "receptie"], "--channel: an IRC channel starts with # or &"),
                                     (["--platform", "slack", "--server", "irc.example.org"], "--server is for IRC")] {
            let result = try await runProgram(huddleExecutable, ["init", "--config", path] + arguments, input: "")
            #expect(result.status != 0 && result.output.contains(message), "\(arguments): \(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// In a terminal (a pseudo-terminal from `script`), each missing option is asked, a wrong
    /// answer is explained and asked again, and Enter takes the default.
    @Test func asksInATerminal() async throws {
        let path = try folder() + "/huddle.yaml"
        let command = "\(huddleExecutable) init --config \(path) --timezone UTC"
        // platform, team (first wrong), channel (Enter), shifts, server, language (Enter)
        let answers = "irc\nKeuken\nkeuken\n\n06:30, 14:00\nirc.example.org:6697\n\n"
        let result = try await runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], input: answers)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Team id (a-z, 0-9, -) [team]:") && result.output.contains("a team id uses only a-z"))
        #expect(result.output.contains("Channel [#keuken]:"))
        let config = try ConfigFile.load(path)
        #expect(config.teams[0].id == "keuken" && config.teams[0].channel == "#keuken")
        #expect(config.teams[0].shifts.map(\.name) == ["ochtend", "middag"])
        #expect(config.irc?.host == "irc.example.org" && config.irc?.port == 6697 && config.irc?.tls == true)
    }

    /// Asked with the answers running out: a clear error, no file.
    @Test func endOfInputWhileAsking() throws {
        var answers = ["mattermost"]
        let command = try HuddleCommand.Init.parse(["--config", "/nonexistent/huddle.yaml"])
        #expect(throws: (any Error).self) {
            _ = try command.resolve(ask: { _ in answers.isEmpty ? nil : answers.removeFirst() })
        }
        var more = ["", "keuken", "", "7:15", "", "en"]
        let starter = try HuddleCommand.Init.parse(["--config", "/etc/huddle/huddle.yaml", "--timezone", "UTC"])
            .resolve(ask: { _ in more.isEmpty ? nil : more.removeFirst() })
        #expect(starter.platform == .irc && starter.team == "keuken" && starter.channel == "#keuken" && starter.language == .en)
        #expect(starter.dataDirectory == "/var/lib/huddle" && starter.shifts == [LocalTime(hour: 7, minute: 15)!])
    }
}
