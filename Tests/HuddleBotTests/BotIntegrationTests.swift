import Foundation
import HuddleStore
import HuddleTesting
import IRCProtocol
import Logging
import ServiceLifecycle
import Testing
@testable import HuddleBot
@testable import HuddleCore

@Suite struct BotIntegrationTests {
    /// Against a real ngircd: the bot joins, posts the prompt at shift start, confirms an answer, a compliment
    /// and an observation by NOTICE once stored, closes with a summary, and the digest shows what was said.
    @Test func huddleOnRealServer() async throws {
        let server = try await NgircdServer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        // The clock reads 10 s before the next whole minute, where the shift starts: time for bob and anna to join first.
        let (clock, shiftStart) = OffsetClock.beforeShift(lead: 10)
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone,
                              shifts: [ShiftConfig(name: "ochtend", start: LocalClock.time(shiftStart, in: zone), window: 20)])
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone,
                                  irc: IRCSettings(host: "127.0.0.1", port: server.port, nick: "huddle"), teams: [team])
        let logger = Logger(label: "bot")
        let bot = try HuddleBot.onIRC(config, clock: clock, logger: logger)
        try await withRunningServices(bot.services, logger: logger) {
            // bob is in the channel (a compliment goes to someone the team knows) and is told of it.
            try await IRCTestClient.withClient(port: server.port, nick: "bob") { bob in
                try await bob.join("#receptie")
                try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                    try await anna.join("#receptie")
                    try await anna.waitFor(timeout: 30) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("Huddle ochtend — Receptie") == true }
                    try await anna.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("3. Hoe spelen we") == true }
                    try await anna.send("PRIVMSG #receptie :1 Een groep van twaalf om tien uur")
                    try await anna.send("PRIVMSG #receptie :!kudos bob Super geholpen gisteren")
                    try await anna.send("PRIVMSG #receptie :!blij Gasten vinden de nieuwe koffie heerlijk")
                    let expected = ["Genoteerd: je antwoord op vraag 1. Dank je!", "Genoteerd: je compliment voor bob.",
                                    "Genoteerd: waar klanten blij van worden. Dank je!"]
                    // Confirmations waiting for the same person may come merged into one line (" · ").
                    var received: [String] = []
                    while received.count < expected.count {
                        let notice = try await anna.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.first == "anna" }
                        received += (notice.params.last ?? "").components(separatedBy: " · ")
                    }
                    #expect(received == expected)
                    let summary = try await anna.waitFor(timeout: 40) { $0.command == "PRIVMSG" && $0.params.last?.contains("gesloten") == true }
                    #expect(summary.params.last == "Huddle ochtend gesloten: 1 antwoord van 1 collega, 1 compliment, 1 klantobservatie. Dank jullie wel!")
                }
                let told = try await bob.waitFor(timeout: 15) { $0.command == "NOTICE" && $0.params.last?.hasPrefix("Compliment") == true }
                #expect(told.params.last == "Compliment van anna: Super geholpen gisteren")
            }
        }
        let week = ISOWeek(containing: shiftStart, in: zone)
        let path = "\(data)/digests/receptie/\(week).json"
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(json["v"] as? Int == 1 && json["team"] as? String == "receptie" && json["week"] as? String == week.description)
        let huddles = try #require(json["huddles"] as? [String: Any])
        #expect(huddles["held"] as? Int == 1)
        let kudos = try #require(json["kudos"] as? [[String: Any]])
        #expect(kudos.count == 1 && kudos[0]["from"] as? String == "anna" && kudos[0]["to"] as? String == "bob"
                && kudos[0]["text"] as? String == "Super geholpen gisteren" && kudos[0]["at"] is String)
        let observations = try #require(json["observations"] as? [String: [[String: Any]]])
        #expect(observations["gains"]?.first?["text"] as? String == "Gasten vinden de nieuwe koffie heerlijk")
        #expect(observations["pains"]?.isEmpty == true)
        let answers = try #require(json["answers"] as? [[String: Any]])
        let items = try #require(answers.first?["answers"] as? [[String: Any]])
        #expect(items.first?["text"] as? String == "Een groep van twaalf om tien uur" && items.first?["question"] as? Int == 1)
        let journal = try String(contentsOfFile: "\(data)/journal/receptie/\(ISOWeek(containing: CalendarDay(shiftStart, in: zone))).jsonl", encoding: .utf8)
        #expect(journal.split(separator: "\n").count == 5)
    }
}
