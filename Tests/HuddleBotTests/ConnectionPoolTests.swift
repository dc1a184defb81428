import Foundation
import HuddleCore
import HuddleTesting
import IRCProtocol
import Logging
import Testing
@testable import HuddleBot

/// More team channels than a server lets one connection join, against ngircd with its default
/// limit (MaxJoins 10, `CHANLIMIT=#&+:10`).
@Suite(.serialized) struct ConnectionPoolTests {
    func transport(port: Int, channels: [String], max: Int = 10) throws -> IRCChatTransport {
        var settings = IRCSettings(host: "127.0.0.1", port: port, nick: "huddle")
        settings.maxConnections = max
        settings.floodBurst = 20
        settings.floodPerSecond = 10
        return try IRCChatTransport(settings: settings, channels: channels, clock: SystemClock(), logger: Logger(label: "pool"),
                                     secrets: Secrets(environment: [:]))
    }

    /// 14 teams: the first connection joins 10 channels, a second (as huddle2) the other four;
    /// a prompt reaches the fourteenth team's channel, and a person is answered privately from
    /// the connection they spoke on.
    @Test func secondConnectionTakesTheRest() async throws {
        let server = try await NgircdServer.started()
        let channels = (1...14).map { "#team\($0)" }
        let irc = try transport(port: server.port, channels: channels)
        try await withRunningServices([irc], logger: Logger(label: "pool")) {
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                let deadline = Date().addingTimeInterval(30)
                while irc.pool.clients.count < 2 || irc.pool.clients[1].isupport == nil, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
                #expect(irc.pool.clients.count == 2)
                try await anna.join("#team14")
                var delivered = false
                while !delivered && Date() < deadline {
                    delivered = await irc.deliverPrompt(["Huddle ochtend — Team 14"], to: "#team14")
                    if !delivered { try await Task.sleep(for: .milliseconds(200)) }
                }
                #expect(delivered)
                let prompt = try await anna.waitFor(timeout: 10) { $0.command == "PRIVMSG" && $0.params.first == "#team14" }
                #expect(prompt.sourceParts?.nick == "huddle2")
                try await anna.send("WHOIS huddle")
                let first = try await anna.waitFor(timeout: 10) { $0.command == "319" }
                #expect(first.params.last?.split(separator: " ").count == 10)
                try await anna.send("PRIVMSG #team14 :!help")
                while irc.pool.connection(for: "anna") !== irc.pool.clients[1] && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
                await irc.notify("Genoteerd", to: "anna")
                let notice = try await anna.waitFor(timeout: 10) { $0.command == "NOTICE" && $0.params.last == "Genoteerd" }
                #expect(notice.sourceParts?.nick == "huddle2")
            }
        }
        #expect(irc.pool.unservedChannels.isEmpty)
    }

    /// With one connection allowed, the channels past the limit are logged as unserved and their
    /// prompts do not count as posted.
    @Test func maxConnectionsReached() async throws {
        let server = try await NgircdServer.started()
        let irc = try transport(port: server.port, channels: (1...12).map { "#team\($0)" }, max: 1)
        try await withRunningServices([irc], logger: Logger(label: "pool")) {
            let deadline = Date().addingTimeInterval(30)
            while irc.pool.unservedChannels.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(irc.pool.unservedChannels == ["#team11", "#team12"])
            #expect(await irc.deliverPrompt(["x"], to: "#team12") == false)
            #expect(irc.pool.clients.count == 1)
        }
    }
}
