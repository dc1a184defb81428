import Foundation
import HuddleStore
import HuddleTesting
import IRCProtocol
import Logging
import ServiceLifecycle
import Testing
@testable import HuddleBot
@testable import HuddleCore

@Suite struct FollowUpIntegrationTests {
    /// Against a real ngircd: the prompt opens with the action due today and its owner is reminded
    /// privately; at the reminder the channel hears "1 van 2 heeft geantwoord" and bob, a regular who
    /// has not answered, gets a private nudge (never a line in the channel); the summary recaps the answers.
    @Test func followUpOnRealServer() async throws {
        let server = try await NgircdServer.started()
        let data = try temporaryDirectory()
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let (clock, shiftStart) = OffsetClock.beforeShift(lead: 10)
        let shift = ShiftConfig(name: "ochtend", start: LocalClock.time(shiftStart, in: zone), window: 30)
        var team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone, shifts: [shift])
        team.digest.recap = false
        // Bob and anna answered this shift twice in the last weeks; bob owns an action due today.
        let journal = FileJournal(dataDirectory: data)
        for (index, days) in [7.0, 14.0].enumerated() {
            let at = shiftStart.addingTimeInterval(-days * 86400 + 60)
            let day = CalendarDay(at, in: zone)
            for nick in ["anna", "bob"] {
                try await journal.append(JournalEntry(id: "\(nick)\(index)", at: at, team: team.id, type: .answer, author: Author(nick: nick),
                                                      huddle: HuddleRef(shift: "ochtend", day: day), question: 1, text: "x"),
                                         week: ISOWeek(containing: day))
            }
        }
        var action = JournalEntry(id: "act", at: shiftStart.addingTimeInterval(-86400), team: team.id, type: .action, author: Author(nick: "anna"),
                                  text: "Koffiemachine laten maken", owner: "bob", number: 1)
        action.due = CalendarDay(shiftStart, in: zone)
        try await journal.append(action, week: ISOWeek(containing: action.at, in: zone))
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone,
                                  irc: IRCSettings(host: "127.0.0.1", port: server.port, nick: "huddle"), teams: [team])
        let logger = Logger(label: "bot")
        let bot = try HuddleBot.onIRC(config, clock: clock, journal: journal, logger: logger)
        try await withRunningServices(bot.services, logger: logger) {
            try await IRCTestClient.withClient(port: server.port, nick: "bob") { bob in
                try await bob.join("#receptie")
                try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                    try await anna.join("#receptie")
                    let opening = try await anna.waitFor(timeout: 30) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("Acties:") == true }
                    #expect(opening.params.last == "Acties: 1 Koffiemachine laten maken (bob, vandaag)")
                    let reminder = try await bob.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.first == "bob" }
                    #expect(reminder.params.last == "Herinnering: actie 1 staat voor vandaag: Koffiemachine laten maken. Klaar? Zeg !klaar 1.")
                    try await anna.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("3. Hoe spelen we") == true }
                    try await anna.send("PRIVMSG #receptie :1 Een groep van twaalf om tien uur")
                    let count = try await anna.waitFor(timeout: 40) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("Nog ") == true }
                    #expect(count.params.last?.hasSuffix("1 van 2 heeft geantwoord.") == true)
                    let nudge = try await bob.waitFor(timeout: 15) { $0.command == "PRIVMSG" && $0.params.first == "bob" }
                    #expect(nudge.params.last?.hasPrefix("Huddle ochtend van Receptie staat nog") == true)
                    let recap = try await anna.waitFor(timeout: 40) { $0.command == "PRIVMSG" && $0.params.last?.hasPrefix("1: ") == true }
                    #expect(recap.params.last == "1: Een groep van twaalf om tien uur")
                }
            }
        }
    }
}
