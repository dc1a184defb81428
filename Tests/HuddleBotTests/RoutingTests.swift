import Foundation
import HuddleStore
import HuddleTesting
import Logging
import Testing
@testable import HuddleBot
@testable import HuddleCore

@Suite struct RoutingTests {
    /// Two transports in one bot: each team's prompt goes through its own transport, and a line is
    /// taken only for the teams of the transport it came through.
    @Test func eachTeamThroughItsTransport() async throws {
        let irc = FakeChatTransport()
        let web = FakeChatTransport()
        var keuken = receptie
        keuken.id = "keuken"
        keuken.name = "Keuken"
        keuken.channel = "#keuken"
        let start = utc("2026-11-23T06:00:00Z")
        let config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: try temporaryDirectory(), language: .nl,
                                  timeZone: receptie.timeZone, irc: nil, teams: [receptie, keuken])
        let journal = InMemoryJournal()
        let bot = HuddleBot(config: config, routes: [(irc, ["receptie"]), (web, ["keuken"])], journal: journal, ledger: InMemoryLedger(),
                            digests: DigestFiles(dataDirectory: config.dataDirectory), clock: ManualClock(now: start), logger: Logger(label: "test"))
        #expect(bot.services.count == 4 && bot.routes.count == 2)
        await SchedulerService(bot: bot).tick(now: start)
        #expect(irc.posts(in: "#receptie").count == 5 && irc.posts(in: "#keuken").isEmpty)
        #expect(web.posts(in: "#keuken").count == 5 && web.posts(in: "#receptie").isEmpty)

        let webChat = ChatService(bot: bot, route: 1)
        let at = start.addingTimeInterval(60)
        await webChat.handle(ChatMessage(sender: Author(nick: "anna", account: "u1"), channel: "#receptie", text: "!blij Koffie", at: at))
        #expect(journal.all.filter { $0.type == .gain }.isEmpty && irc.notices(to: "anna").isEmpty && web.notices(to: "anna").isEmpty)
        await webChat.handle(ChatMessage(sender: Author(nick: "anna", account: "u1"), channel: nil, text: "!blij Koffie", at: at))
        #expect(journal.all.filter { $0.type == .gain }.map(\.team) == ["keuken"])
        #expect(web.notices(to: "anna") == ["Genoteerd: waar klanten blij van worden. Dank je!"])
    }
}
