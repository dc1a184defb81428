import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// What a hostile colleague's text can no longer do: control characters, formatting and bidi
/// controls are gone before anything is stored, Markdown and HTML views show it as text, and a
/// compliment goes only to colleagues the team knows.
@Suite struct HostileTextTests {
    let team = CommandTests.team
    let now = utc("2026-11-23T06:05:00Z")
    let carol = Author(nick: "carol", account: "carol")

    func situation(present: Set<String> = [], history: [JournalEntry] = [], botNick: String = "huddle") -> ChatSituation {
        var situation = ChatSituation(team: team, sender: carol, at: now, history: TeamHistory(entries: history),
                                      accountsAvailable: true, botNick: botNick)
        situation.whereabouts = { present.contains($0.lowercased()) ? .inChannel : .unseen }
        return situation
    }

    func said(_ text: String, by nick: String, daysAgo: Double) -> JournalEntry {
        JournalEntry(id: "e-\(nick)", at: now.addingTimeInterval(-daysAgo * 86_400), team: team.id, type: .gain,
                     author: Author(nick: nick, account: nick), text: text)
    }

    /// CTCP, IRC formatting (colours with their numbers), other C0/C1 controls and bidi controls
    /// are removed; line breaks and tabs become spaces; ordinary text, accents and emoji stay.
    @Test(arguments: [
        ("\u{01}ACTION zwaait\u{01}", "ACTION zwaait"),
        ("\u{02}vet\u{02} en \u{1F}onder\u{1F}\u{0F}", "vet en onder"),
        ("\u{03}04,12rood\u{03} \u{03}3groen \u{03}kaal", "rood groen kaal"),
        ("\u{04}ff0000hex\u{04}", "hex"),
        ("a\u{202E}gnp.exe\u{202C} b\u{2066}x\u{2069}\u{200F}", "agnp.exe bx"),
        ("twee\nregels\r\nen\ttab", "twee regels  en tab"),
        ("nul\u{00}en\u{7F}del\u{85}c1", "nulendelc1"),
        ("Café ☕️ 👍🏽 — prima", "Café ☕️ 👍🏽 — prima"),
        ("gewoon", "gewoon"),
    ])
    func cleaned(_ raw: String, _ expected: String) {
        #expect(UserText.clean(raw) == expected)
        #expect(UserText.isClean(expected))
    }

    /// The Markdown view escapes what would make a link, an image, emphasis, code or HTML, and
    /// keeps `@` from mentioning.
    @Test func markdown() {
        let text = UserText.markdown("@all [klik](javascript:alert(1)) ![x](http://elders/x.png) <b>*x*</b> `c`")
        #expect(!text.contains("[klik]") && !text.contains("@all"))
        #expect(text == "@\u{2060}all \\[klik\\](javascript:alert(1)) !\\[x\\](http://elders/x.png) \\<b\\>\\*x\\*\\</b\\> \\`c\\`")
    }

    /// A compliment goes to colleagues in the channel or seen in the team's recent history; a stranger,
    /// the bot, a service or a mass mention gets a clear reply and nothing is stored.
    @Test func recipientsMustBeKnown() {
        let engine = HuddleEngine()
        let history = [said("x", by: "bob", daysAgo: 9)]
        #expect(engine.handle("!kudos anna top", in: situation(present: ["anna"])) ==
                .record(EntryDraft(type: .kudos, to: ["anna"], text: "top"), ack: "Genoteerd: je compliment voor anna."))
        // Off shift, but wrote in the team nine days ago.
        #expect(engine.handle("!kudos Bob top", in: situation(history: history)) ==
                .record(EntryDraft(type: .kudos, to: ["Bob"], text: "top"), ack: "Genoteerd: je compliment voor Bob."))
        #expect(engine.handle("!kudos zed, anna top", in: situation(present: ["anna"])) == .reply([Phrase.kudosStrangers(["zed"]).text(.nl)]))
        for name in ["all", "@here", "everyone", "NickServ", "ChanServ", "huddle", "huddle2", "Huddle_"] {
            let decision = engine.handle("!kudos \(name) top", in: situation(present: ["all", "here", "everyone", "nickserv", "chanserv", "huddle", "huddle2", "huddle_"]))
            #expect(decision == .reply([Phrase.kudosNotForBots(name.hasPrefix("@") ? String(name.dropFirst()) : name).text(.nl)]), "\(name)")
        }
    }

    /// At most `kudos_max_recipients` colleagues per compliment (default 5).
    @Test func recipientLimit() {
        let six = ["a1", "a2", "a3", "a4", "a5", "a6"]
        let present = Set(six)
        #expect(HuddleEngine().handle("!kudos \(six.joined(separator: ", ")) top", in: situation(present: present)) == .reply([Phrase.kudosTooMany(5).text(.nl)]))
        var settings = ChatSettings()
        settings.kudosMaxRecipients = 6
        if case .record(let draft, _) = HuddleEngine(settings: settings).handle("!kudos \(six.joined(separator: ", ")) top", in: situation(present: present)) {
            #expect(draft.to == six)
        } else {
            Issue.record("six recipients refused with a limit of six")
        }
    }

    /// The Markdown digest and the page show what people wrote as text: no link, image, mention or
    /// tag; on the page each text sits in <bdi>.
    @Test func digestViews() {
        var digest = DigestHTMLTests().sample()
        digest.kudos = [.init(from: "carol", to: "bob", text: "[klik](javascript:alert(1)) ![x](http://elders/x.png) @here <script>x</script>\u{202E}",
                              values: [], at: now)]
        let md = DigestBuilder.render(digest, language: .nl, format: .md)
        #expect(md.contains("\\[klik\\](javascript") && !md.contains("[klik]") && !md.contains("@here") && !md.contains("<script>") && !md.contains("\u{202E}"))
        let page = DigestHTML.render(digest, language: .nl)
        #expect(page.contains("<bdi>carol</bdi> → <b><bdi>bob</bdi></b>: <bdi>[klik](javascript:alert(1))"))
        #expect(!page.contains("<script>") && !page.contains("\u{202E}"))
    }

    /// `chat.kudos_max_recipients` is read and checked; a digest channel that is the team's own is warned about.
    @Test func config() throws {
        let config = try ConfigLoader.load(yaml: """
            irc: {host: h}
            chat: {kudos_max_recipients: 3}
            teams:
              - {id: a, channel: "#a", shifts: [{name: s, start: "09:00"}], digest: {channel: "#A"}}
            """, path: "h.yaml")
        #expect(config.chat.kudosMaxRecipients == 3)
        #expect(config.warnings.map(\.message).contains { $0.hasPrefix("'teams.a.digest.channel' is the team's own channel") })
        #expect(ConfigLoaderTests().issues("irc: {host: h}\nchat: {kudos_max_recipients: 0}\nteams: [{id: a, channel: \"#a\"}]\n")
                    .contains { $0.contains("chat.kudos_max_recipients") })
    }
}
