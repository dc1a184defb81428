import Foundation
import HuddleTesting
import IRCProtocol
import Testing

/// Leader rights against real servers, with `huddle run` as nobody: a nick is never enough.
@Suite struct LeaderServerTests {
    var executable: URL { URL(fileURLWithPath: huddleExecutable) }

    let teams = """
        teams:
          - id: receptie
            channel: "#receptie"
            leaders: [monique, "joost!*@127.0.0.*", "carla!*@10.1.2.*"]
            shifts: [{name: ochtend, start: "07:00"}]
        """

    /// Sends `line` and expects the bot's next NOTICE to start with `prefix`.
    func expectAnswer(_ client: IRCTestClient, _ line: String, startsWith prefix: String,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let answer = try await ask(client, line)
        #expect(answer.hasPrefix(prefix), "\(answer)", sourceLocation: sourceLocation)
    }

    /// The bot's first NOTICE to `client` after `line`.
    func ask(_ client: IRCTestClient, _ line: String) async throws -> String {
        try await client.send(line)
        return try await client.waitFor(timeout: 20) { $0.command == "NOTICE" && $0.sourceParts?.nick == "huddle" }.params.last ?? ""
    }

    /// On ngircd (no accounts): taking the leader's nick gets a polite refusal for !overzicht and
    /// !overslaan; a matching host mask works and a non-matching one does not; a one-time code
    /// works once, for the mask that sent it, and not twice.
    @Test func ngircdNickIsNotEnough() async throws {
        let irc = try await NgircdServer.started()
        let bot = try BotProcess(executable: executable.path, yaml: "irc: {host: 127.0.0.1, port: \(irc.port), nick: huddle}\n" + teams)
        #expect(await bot.waitForLog("IRC joined"))
        #expect(await bot.waitForLog("leader 'monique' of team 'receptie' is a bare name"))
        try await IRCTestClient.withClient(port: irc.port, nick: "eve") { eve in
            try await eve.send("JOIN #receptie")
            try await eve.send("NICK monique")
            _ = try await eve.waitFor(timeout: 10) { $0.command == "NICK" }
            try await expectAnswer(eve, "PRIVMSG huddle :!overzicht deze", startsWith: "Het weekoverzicht is voor teamleiders.")
            try await expectAnswer(eve, "PRIVMSG #receptie :!overslaan iedereen vrij", startsWith: "Alleen een teamleider kan een huddle overslaan.")
        }
        try await IRCTestClient.withClient(port: irc.port, nick: "joost") { joost in
            try await expectAnswer(joost, "PRIVMSG huddle :!overzicht deze", startsWith: "Weekoverzicht receptie")
        }
        try await IRCTestClient.withClient(port: irc.port, nick: "carla") { carla in
            try await expectAnswer(carla, "PRIVMSG huddle :!overzicht deze", startsWith: "Het weekoverzicht is voor teamleiders.")
        }

        let issued = try await runProgram(executable.path, ["leader-code", "--config", bot.configPath, "--team", "receptie", "--leader", "monique"])
        #expect(issued.status == 0)
        let code = try #require(issued.output.split(separator: "\n").map(String.init).first { line in
            line.count == 14 && line.split(separator: "-").count == 3
        })
        try await IRCTestClient.withClient(port: irc.port, nick: "monique") { monique in
            try await expectAnswer(monique, "PRIVMSG huddle :!overzicht deze", startsWith: "Het weekoverzicht is voor teamleiders.")
            try await expectAnswer(monique, "PRIVMSG huddle :!leider \(code)", startsWith: "Dank je, de code klopt")
            try await expectAnswer(monique, "PRIVMSG huddle :!overzicht deze", startsWith: "Weekoverzicht receptie")
        }
        try await IRCTestClient.withClient(port: irc.port, nick: "eve") { eve in
            try await expectAnswer(eve, "PRIVMSG huddle :!leider \(code)", startsWith: "Deze code ken ik niet")
            try await eve.send("NICK monique")
            _ = try await eve.waitFor(timeout: 10) { $0.command == "NICK" }
            try await expectAnswer(eve, "PRIVMSG huddle :!overzicht deze", startsWith: "Het weekoverzicht is voor teamleiders.")
        }
        let listed = try await runProgram(executable.path, ["leader-code", "--config", bot.configPath, "--list"])
        #expect(listed.output.contains("monique!~monique@127.0.0.1") && !listed.output.contains(code))
        #expect(await bot.terminate().map { $0 < 5 } == true)
    }

    /// On InspIRCd + Anope: a leader logged in to their account leads; the same nick without the
    /// account is refused.
    @Test func inspircdAccount() async throws {
        let server = try await InspircdServer.started()
        let bot = try BotProcess(executable: executable.path, yaml: "irc: {host: 127.0.0.1, port: \(server.port), nick: huddle}\n" + teams)
        #expect(await bot.waitForLog("IRC joined", seconds: 40))
        try await IRCTestClient.withRegisteredUser(port: server.port, nick: "monique", password: "monique-secret-1") { monique in
            try await expectAnswer(monique, "PRIVMSG huddle :!overzicht deze", startsWith: "Weekoverzicht receptie")
        }
        try await IRCTestClient.withClient(port: server.port, nick: "monique") { eve in
            _ = try await eve.waitFor(timeout: 30) { $0.command == "NOTICE" && $0.sourceParts?.nick == "NickServ" }
            try await eve.send("NICK eve")
            _ = try await eve.waitFor(timeout: 10) { $0.command == "NICK" }
            try await eve.send("NICK monique")
            try await expectAnswer(eve, "PRIVMSG huddle :!overzicht deze", startsWith: "Het weekoverzicht is voor teamleiders.")
        }
        #expect(await bot.terminate().map { $0 < 5 } == true)
    }
}
