import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

@Suite struct CommandTests {
    static let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", leaders: ["monique"], language: .nl,
                                 timeZone: TimeZone(identifier: "Europe/Amsterdam")!,
                                 shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)])
    static let englishTeam: TeamConfig = {
        var team = CommandTests.team
        team.language = .en
        return team
    }()
    let now = utc("2026-11-23T06:05:00Z")
    var open: HuddleOccurrence { Self.team.occurrence(of: Self.team.shifts[0], on: CalendarDay(parsing: "2026-11-23")!)! }
    let engine = HuddleEngine()
    let anna = Author(nick: "anna", account: "anna-acc")

    func handle(_ text: String, team: TeamConfig = CommandTests.team, open: Bool = true, history: TeamHistory = .empty,
                isPrivate: Bool = false, engine: HuddleEngine = HuddleEngine()) -> HuddleEngine.Decision {
        var situation = ChatSituation(team: team, sender: anna, at: now, isPrivate: isPrivate, openHuddle: open ? self.open : nil,
                                      history: history, accountsAvailable: true, botNick: "huddle")
        // Everyone these tests name is in the channel (HostileTextTests covers who is not).
        situation.whereabouts = { _ in .inChannel }
        return engine.handle(text, in: situation)
    }

    /// Every example of every command parses and does something other than print its usage.
    @Test(arguments: CommandRegistry.standard.commands.flatMap { command in command.examples.map { (command.name, $0) } })
    func examplesRun(_ name: String, _ example: String) {
        let parsed = engine.parse(example)
        guard case .command(let command, _) = parsed else {
            Issue.record("example '\(example)' does not parse as a command")
            return
        }
        #expect(command.name == name)
        for team in [Self.team, Self.englishTeam] {
            let decision = handle(example, team: team)
            if case .reply(let lines) = decision {
                #expect(!(lines.first ?? "").hasPrefix(Phrase.usage("").text(team.language)), "\(example) gave usage")
            }
            #expect(decision != .ignore)
        }
    }

    /// Every command has a usage, a summary and examples in both languages, and names are unique.
    @Test func helpIsComplete() {
        var names: Set<String> = []
        for command in CommandRegistry.standard.commands {
            for language in Language.allCases {
                #expect(!command.usage.text(language).isEmpty && !command.summary.text(language).isEmpty, "\(command.name)")
            }
            #expect(!command.examples.isEmpty, "\(command.name) has no examples")
            for name in command.names { #expect(names.insert(name).inserted, "\(name) is used twice") }
        }
    }

    /// `!kudos` stores the compliment with its recipients; aliases and the addressed form work too.
    @Test func kudos() {
        #expect(handle("!kudos bob Super geholpen") ==
                .record(EntryDraft(type: .kudos, to: ["bob"], text: "Super geholpen"), ack: "Genoteerd: je compliment voor bob."))
        #expect(handle("!compliment @bob, carla: top gedaan") ==
                .record(EntryDraft(type: .kudos, to: ["bob", "carla"], text: "top gedaan"), ack: "Genoteerd: je compliment voor bob, carla."))
        #expect(handle("huddle: kudos bob,carla,bob dank") ==
                .record(EntryDraft(type: .kudos, to: ["bob", "carla"], text: "dank"), ack: "Genoteerd: je compliment voor bob, carla."))
        #expect(handle("!KUDOS bob x", team: Self.englishTeam) ==
                .record(EntryDraft(type: .kudos, to: ["bob"], text: "x"), ack: "Noted: your compliment for bob."))
    }

    /// The bot is addressed by its name in any case, followed by `:` or `,`; a name that only
    /// starts the same, a line shorter than the name and a non-ASCII name are handled too.
    @Test func addressingTheBot() {
        let kudos: (ParsedLine) -> String? = { if case .command(let command, let arguments) = $0 { "\(command.name) \(arguments)" } else { nil } }
        #expect(kudos(engine.parse("HUDDLE, kudos bob top", botNick: "huddle")) == "kudos bob top")
        #expect(kudos(engine.parse("  Huddle:kudos bob top", botNick: "huddle")) == "kudos bob top")
        #expect(kudos(engine.parse("huddlebot: kudos bob top", botNick: "huddle")) == nil)
        #expect(kudos(engine.parse("hud", botNick: "huddle")) == nil)
        #expect(kudos(engine.parse("HÜDDLE: kudos bob top", botNick: "hüddle")) == "kudos bob top")
        #expect(kudos(engine.parse("hüddle: kudos bob top", botNick: "huddle")) == nil)
        #expect(HuddleEngine.dropName("Huddle", from: "hUDDLE: x") == ": x")
    }

    /// Kudos need a nick and a text, and never go to yourself (by nick or account).
    @Test func kudosRefusals() {
        #expect(handle("!kudos bob") == .reply(["Gebruik: !kudos <nick>[, <nick>…] <tekst> [#waarde…]"]))
        #expect(handle("!kudos") == .reply(["Gebruik: !kudos <nick>[, <nick>…] <tekst> [#waarde…]"]))
        #expect(handle("!kudos 123 text") == .reply(["Gebruik: !kudos <nick>[, <nick>…] <tekst> [#waarde…]"]))
        #expect(handle("!kudos Anna ik ben top") == .reply([Phrase.selfKudos.text(.nl)]))
        #expect(handle("!kudos anna-acc ik ben top") == .reply([Phrase.selfKudos.text(.nl)]))
    }

    /// Observations: `!blij`/`!gain` and `!zorg`/`!pain`, with text required.
    @Test func observations() {
        #expect(handle("!blij Gasten zijn blij met de koffie") ==
                .record(EntryDraft(type: .gain, text: "Gasten zijn blij met de koffie"), ack: Phrase.gainRecorded.text(.nl)))
        #expect(handle("!gain Quick check-in") == .record(EntryDraft(type: .gain, text: "Quick check-in"), ack: Phrase.gainRecorded.text(.nl)))
        #expect(handle("!zorg Wachtrij") == .record(EntryDraft(type: .pain, text: "Wachtrij"), ack: Phrase.painRecorded.text(.nl)))
        #expect(handle("!pain  Parking ", team: Self.englishTeam) ==
                .record(EntryDraft(type: .pain, text: "Parking"), ack: "Noted: what worries customers. Thank you!"))
        #expect(handle("!zorg") == .reply(["Gebruik: !zorg <tekst> [#tag…]"]))
    }

    /// `1 …` answers while the huddle is open; outside it, numbers are just chat.
    @Test func shortAnswers() {
        let ref = HuddleRef(shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)
        #expect(handle("1 Een groep van twaalf") ==
                .record(EntryDraft(type: .answer, huddle: ref, question: 1, text: "Een groep van twaalf"), ack: "Genoteerd: je antwoord op vraag 1. Dank je!"))
        #expect(handle("3. Anna doet de koffie") ==
                .record(EntryDraft(type: .answer, huddle: ref, question: 3, text: "Anna doet de koffie"), ack: "Genoteerd: je antwoord op vraag 3. Dank je!"))
        #expect(handle("2) veel regen") == .record(EntryDraft(type: .answer, huddle: ref, question: 2, text: "veel regen"), ack: "Genoteerd: je antwoord op vraag 2. Dank je!"))
        #expect(handle("1 Een groep", open: false) == .ignore)
        #expect(handle("12 gasten vandaag", open: false) == .ignore)
        #expect(handle("goedemorgen allemaal", open: false) == .ignore)
        #expect(handle("12 gasten vandaag") == .record(EntryDraft(type: .note, huddle: ref, text: "12 gasten vandaag"), ack: nil))
        #expect(handle("1") == .record(EntryDraft(type: .note, huddle: ref, text: "1"), ack: nil))
        #expect(handle("4 iets") == .reply(["Vraag 4 bestaat niet; kies 1 tot en met 3."]))
    }

    /// `!antwoord` works like the short form and says so when no huddle is open.
    @Test func answerCommand() {
        let ref = HuddleRef(shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)
        #expect(handle("!answer 2 Rain all day") ==
                .record(EntryDraft(type: .answer, huddle: ref, question: 2, text: "Rain all day"), ack: "Genoteerd: je antwoord op vraag 2. Dank je!"))
        #expect(handle("!antwoord 1 x", open: false) == .reply([Phrase.noOpenHuddle(prefix: "!").text(.nl)]))
        #expect(handle("!antwoord x y") == .reply(["Gebruik: !antwoord <nummer> <tekst>  (of kort: 1 <tekst>)"]))
    }

    /// Unknown commands get a pointer to help; help lists every command, or examples of one.
    @Test func helpAndUnknown() {
        #expect(handle("!bogus") == .reply(["Onbekend commando !bogus. Typ !help voor de lijst."]))
        guard case .reply(let lines) = handle("!help") else { Issue.record("no help"); return }
        #expect(lines.count == CommandRegistry.standard.commands.count + 1)
        #expect(lines[0] == "Commando's (!help <commando> voor voorbeelden):")
        guard case .reply(let english) = handle("!help !gain", team: Self.englishTeam) else { Issue.record("no help"); return }
        #expect(english == ["!gain <text> [#tag…] — record what makes customers happy.",
                            "Examples: !blij Gasten waarderen dat we hun naam onthouden #service  |  !gain Guests love the late checkout offer"])
    }

    /// A different prefix is honoured in parsing and in texts.
    @Test func customPrefix() {
        var settings = ChatSettings()
        settings.prefix = "."
        let dot = HuddleEngine(settings: settings)
        guard case .command(let command, let arguments) = dot.parse(".blij fijn") else { Issue.record("not parsed"); return }
        #expect(command.name == "blij" && arguments == "fijn")
        #expect(handle("!blij fijn", open: false, engine: dot) == .ignore)
    }
}
