import Foundation
import HuddleStore
import HuddleTesting
import Logging
import ServiceLifecycle
import Testing
@testable import HuddleBot
@testable import HuddleCore


/// The team most runtime tests use; its weekly recap is off so prompts have their plain five lines.
let receptie: TeamConfig = {
    var team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", leaders: ["monique"], language: .nl,
                          timeZone: TimeZone(identifier: "Europe/Amsterdam")!,
                          shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, window: 15 * 60)])
    team.digest.recap = false
    return team
}()

/// A bot on fakes: the transport records, the journal and ledger are in memory (or given).
struct Harness {
    let transport = FakeChatTransport()
    let journal: any Journal
    let ledger: any Ledger
    let clock: ManualClock
    let data: String
    let bot: HuddleBot
    let chat: ChatService

    init(now: Date, teams: [TeamConfig] = [receptie], journal: (any Journal)? = nil, ledger: (any Ledger)? = nil, data: String? = nil,
         chatSettings: ChatSettings = ChatSettings(), groups: [GroupConfig] = []) throws {
        let data = try data ?? temporaryDirectory()
        self.data = data
        self.journal = journal ?? InMemoryJournal()
        self.ledger = ledger ?? InMemoryLedger()
        clock = ManualClock(now: now)
        var config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: receptie.timeZone,
                                  irc: IRCSettings(host: "127.0.0.1", nick: "huddle"), teams: teams, chat: chatSettings)
        config.groups = groups
        bot = HuddleBot(config: config, transport: transport, journal: self.journal, ledger: self.ledger,
                        digests: DigestFiles(dataDirectory: data), clock: clock, logger: Logger(label: "test"))
        chat = ChatService(bot: bot, route: 0)
    }

    var scheduler: SchedulerService { SchedulerService(bot: bot) }

    func say(_ text: String, from nick: String = "anna", account: String? = nil, in channel: String? = "#receptie", at: Date) async {
        await chat.handle(ChatMessage(sender: Author(nick: nick, account: account), channel: channel, text: text, at: at))
    }
}

@Suite struct SchedulerTests {
    let start = utc("2026-11-23T06:00:00Z")
    let key = HuddleKey(team: "receptie", shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)

    /// At shift start the prompt with the three questions is posted once; later ticks post nothing more.
    @Test func postsPromptOnce() async throws {
        let h = try Harness(now: start)
        await h.scheduler.tick(now: utc("2026-11-23T05:59:59Z"))
        #expect(h.transport.sent.isEmpty)
        await h.scheduler.tick(now: start)
        let posts = h.transport.posts(in: "#receptie")
        #expect(posts == [
            "Huddle ochtend — Receptie, maandag 23 november. Antwoord met 1, 2 of 3 en je antwoord; de huddle staat 15 min open.",
            "1. Wie verwachten we vandaag?", "2. Wat verwachten we vandaag?", "3. Hoe spelen we daar proactief op in?",
            "Tussendoor: !kudos <nick> <tekst> voor een compliment, !blij <tekst> of !zorg <tekst> voor waar klanten blij of wakker van liggen. !help voor meer.",
        ])
        await h.scheduler.tick(now: start.addingTimeInterval(30))
        await h.scheduler.tick(now: start.addingTimeInterval(60))
        #expect(h.transport.posts(in: "#receptie").count == 5)
        #expect(await h.ledger.state(of: key) == .posted)
        let opened = try await h.journal.entries(team: "receptie", week: ISOWeek(parsing: "2026-W48")!).entries
        #expect(opened.map(\.type) == [.huddleOpened] && opened[0].huddle == HuddleRef(shift: "ochtend", day: key.day))
    }

    /// Answers, compliments and observations are stored, then confirmed by NOTICE; the close posts a summary and writes the digest.
    @Test func fullHuddle() async throws {
        let h = try Harness(now: start)
        await h.scheduler.tick(now: start)
        await h.say("1 Een groep van twaalf", at: start.addingTimeInterval(60))
        await h.say("2. Regen", from: "bob", at: start.addingTimeInterval(70))
        await h.say("!kudos bob Top geholpen", at: start.addingTimeInterval(80))
        await h.say("!blij Koffie is lekker", from: "bob", at: start.addingTimeInterval(90))
        await h.say("gewoon gepraat", at: start.addingTimeInterval(95))
        #expect((h.journal as! InMemoryJournal).all.last?.type == .note)
        await h.say("!actie @bob Koffiemachine laten maken tot vrijdag", at: start.addingTimeInterval(100))
        #expect(h.transport.notices(to: "anna") == ["Genoteerd: je antwoord op vraag 1. Dank je!", "Genoteerd: je compliment voor bob.",
                                                    "Genoteerd: actie 1 voor bob, tot vrijdag 27 november."])
        #expect(h.transport.notices(to: "bob") == ["Genoteerd: je antwoord op vraag 2. Dank je!", "Compliment van anna: Top geholpen",
                                                    "Genoteerd: waar klanten blij van worden. Dank je!"])
        await h.scheduler.tick(now: start.addingTimeInterval(12 * 60 - 1))
        #expect(h.transport.posts(in: "#receptie").count == 5)
        await h.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        await h.scheduler.tick(now: start.addingTimeInterval(13 * 60))
        #expect(h.transport.posts(in: "#receptie").dropFirst(5) ==
                ["Nog 3 min: huddle ochtend sluit om 07:15. Nog niet geantwoord? Antwoord met 1, 2 of 3. 2 van 2 hebben geantwoord."])
        await h.scheduler.tick(now: start.addingTimeInterval(15 * 60))
        // The summary recaps each question's answers without names, and the actions taken.
        #expect(h.transport.posts(in: "#receptie").suffix(4) == [
            "Huddle ochtend gesloten: 2 antwoorden van 2 collega's, 1 compliment, 1 klantobservatie. Dank jullie wel!",
            "1: Een groep van twaalf", "2: Regen", "Acties: 1 Koffiemachine laten maken (bob, tot vrijdag 27 november)"])
        #expect(await h.ledger.state(of: key) == .closed)
        await h.say("3 te laat", at: start.addingTimeInterval(16 * 60))
        #expect(h.transport.notices(to: "anna").count == 3)
        let digest = try HuddleJSON.decoder().decode(WeeklyDigest.self,
            from: Data(contentsOf: URL(fileURLWithPath: "\(h.data)/digests/receptie/2026-W48.json")))
        #expect(digest.huddles.held == 1 && digest.kudos.count == 1 && digest.observations.gains.count == 1)
        #expect(digest.answers.first?.answers.map(\.text) == ["Een groep van twaalf", "Regen"])
    }

    /// A restart during the window, with the ledger on disk, posts nothing twice.
    @Test func restartPostsNothingTwice() async throws {
        let data = try temporaryDirectory()
        let first = try Harness(now: start, journal: FileJournal(dataDirectory: data), ledger: FileLedger(dataDirectory: data), data: data)
        await first.scheduler.tick(now: start)
        #expect(first.transport.posts(in: "#receptie").count == 5)
        let second = try Harness(now: start.addingTimeInterval(120), journal: FileJournal(dataDirectory: data),
                                 ledger: FileLedger(dataDirectory: data), data: data)
        await second.scheduler.tick(now: start.addingTimeInterval(120))
        #expect(second.transport.sent.isEmpty)
        await second.say("1 na herstart", at: start.addingTimeInterval(130))
        #expect(second.transport.notices(to: "anna") == ["Genoteerd: je antwoord op vraag 1. Dank je!"])
        await second.scheduler.tick(now: start.addingTimeInterval(15 * 60))
        #expect(second.transport.posts(in: "#receptie").count == 2)
        let third = try Harness(now: start.addingTimeInterval(20 * 60), journal: FileJournal(dataDirectory: data),
                                ledger: FileLedger(dataDirectory: data), data: data)
        await third.scheduler.tick(now: start.addingTimeInterval(20 * 60))
        #expect(third.transport.sent.isEmpty)
    }

    /// A bot that starts inside the window posts late and says so; after the window it posts nothing.
    @Test func lateStart() async throws {
        let late = try Harness(now: start.addingTimeInterval(180))
        await late.scheduler.tick(now: start.addingTimeInterval(180))
        #expect(late.transport.posts(in: "#receptie")[1] == "(Later dan gepland: deze huddle begon om 07:00.)")
        let tooLate = try Harness(now: start.addingTimeInterval(16 * 60))
        await tooLate.scheduler.tick(now: start.addingTimeInterval(16 * 60))
        #expect(tooLate.transport.sent.isEmpty)
    }

    /// The scheduler wakes at the next start or close, and at least every 30 seconds.
    @Test func nextWake() async throws {
        let h = try Harness(now: start)
        #expect(await h.scheduler.nextWake(after: start.addingTimeInterval(-10)) == start)
        #expect(await h.scheduler.nextWake(after: start.addingTimeInterval(-3600)) == start.addingTimeInterval(-3570))
        await h.scheduler.tick(now: start)
        #expect(await h.scheduler.nextWake(after: start.addingTimeInterval(1)) == start.addingTimeInterval(31))
        #expect(await h.scheduler.nextWake(after: start.addingTimeInterval(12 * 60 - 5)) == start.addingTimeInterval(12 * 60))
        await h.scheduler.tick(now: start.addingTimeInterval(12 * 60))
        #expect(await h.scheduler.nextWake(after: start.addingTimeInterval(15 * 60 - 5)) == start.addingTimeInterval(15 * 60))
    }

    /// Run as a service on a manual clock, the scheduler posts when the clock reaches the start and stops on shutdown.
    @Test func runsAsService() async throws {
        let h = try Harness(now: start.addingTimeInterval(-90))
        try await withRunningServices([h.scheduler]) {
            while h.clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            h.clock.advance(to: start.addingTimeInterval(-60))
            while h.clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(h.transport.sent.isEmpty)
            h.clock.advance(to: start)
            while h.transport.posts(in: "#receptie").count < 5 { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(h.transport.posts(in: "#receptie").count == 5)
    }
}

@Suite struct ChatHandlingTests {
    let start = utc("2026-11-23T06:00:00Z")

    /// When storing fails, the author hears so and gets no confirmation.
    @Test func storageFailure() async throws {
        let journal = InMemoryJournal()
        let h = try Harness(now: start, journal: journal)
        journal.failure.withLock { $0 = StoreError(path: "/full", message: "disk full") }
        await h.say("!blij iets moois", at: start)
        #expect(h.transport.notices(to: "anna") == ["Sorry, dat kon ik niet opslaan. Probeer het zo nog eens."])
        #expect(journal.all.isEmpty)
    }

    /// Lines in other channels are ignored; a private message works when there is one team.
    @Test func channelsAndPrivate() async throws {
        let h = try Harness(now: start)
        await h.say("!blij elders", in: "#elders", at: start)
        #expect(h.transport.sent.isEmpty)
        await h.say("!zorg privé gemeld", in: nil, at: start)
        #expect(h.transport.notices(to: "anna") == ["Genoteerd: waar klanten wakker van liggen. Dank je!"])
        let entries = (h.journal as! InMemoryJournal).all
        #expect(entries.map(\.type) == [.pain] && entries[0].team == "receptie")
    }

    /// With several teams, a private command is pointed to the team channel and nothing is stored.
    @Test func privateWithSeveralTeams() async throws {
        var keuken = receptie
        keuken.id = "keuken"
        keuken.channel = "#keuken"
        let h = try Harness(now: start, teams: [receptie, keuken])
        await h.say("!blij privé", in: nil, at: start)
        await h.say("hoi", in: nil, at: start)
        #expect(h.transport.notices(to: "anna") == ["Voor welk team is dit? Antwoord met de naam: receptie, keuken."])
        #expect((h.journal as! InMemoryJournal).all.isEmpty)
        await h.say("Keuken", in: nil, at: start.addingTimeInterval(5))
        #expect((h.journal as! InMemoryJournal).all.map(\.team) == ["keuken"])
        #expect(h.transport.notices(to: "anna").last == "Genoteerd: waar klanten blij van worden. Dank je!")
    }

    /// The account, when the server sends it, is the author's identity in the journal.
    @Test func accountIdentity() async throws {
        let h = try Harness(now: start)
        await h.say("!kudos bob dank", from: "anna_", account: "anna", at: start)
        let entry = try #require((h.journal as! InMemoryJournal).all.first)
        #expect(entry.author == Author(nick: "anna_", account: "anna") && entry.author?.identity == "anna")
        await h.say("!kudos anna zelf", from: "anna_", account: "anna", at: start)
        #expect(h.transport.notices(to: "anna_").last == Phrase.selfKudos.text(.nl))
    }
}
