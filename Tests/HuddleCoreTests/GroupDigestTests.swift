import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

@Suite struct GroupDigestTests {
    let zone = TimeZone(identifier: "Europe/Amsterdam")!
    let week = ISOWeek(parsing: "2026-W48")!

    func team(_ id: String, _ name: String) -> TeamConfig {
        TeamConfig(id: id, name: name, channel: "#\(id)", timeZone: zone,
                   shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, days: [.monday, .tuesday])])
    }

    func entry(_ id: String, _ team: String, _ type: EntryType, _ who: String, _ text: String, tags: [String]? = nil, to: [String]? = nil) -> JournalEntry {
        JournalEntry(id: id, at: utc("2026-11-23T09:00:00Z").addingTimeInterval(Double(id.hashValue % 1000 + 1000)), team: team, type: type,
                     author: Author(nick: who), to: to, text: text, tags: tags)
    }

    var digests: [WeeklyDigest] {
        let keuken = [entry("k1", "keuken", .pain, "piet", "Lange #wachttijd op het eten", tags: ["wachttijd"]),
                      entry("k2", "keuken", .gain, "piet", "Soep van de dag valt goed"),
                      entry("k3", "keuken", .gain, "kees", "Nieuwe soep was op"),
                      entry("k4", "keuken", .kudos, "piet", "Top bediening bij de groep", to: ["sanne"])]
        let bediening = [entry("b1", "bediening", .gain, "sanne", "Korte #wachttijd bij de bar", tags: ["wachttijd"]),
                         entry("b2", "bediening", .pain, "sanne", "Terras te koud")]
        return [DigestBuilder.build(team: team("keuken", "Keuken"), week: week, entries: keuken),
                DigestBuilder.build(team: team("bediening", "Bediening"), week: week, entries: bediening)]
    }

    /// One picture across a kitchen and a floor: a theme in both (a pain in one, a gain in the
    /// other), a theme of one team only, a compliment across team lines, counts per team.
    @Test func acrossTeams() throws {
        let group = GroupConfig(id: "zuid", name: "Hotel Zuid", teams: ["keuken", "bediening"])
        let digest = GroupDigest.build(group: group, digests: digests)
        #expect(digest.teams.map(\.team) == ["keuken", "bediening"] && digest.teams.map(\.people) == [2, 1])
        #expect(digest.sharedThemes.map(\.theme) == ["#wachttijd"] && digest.sharedThemes[0].teams == ["keuken", "bediening"])
        #expect(digest.seenDifferently.map(\.theme) == ["#wachttijd"])
        #expect(digest.oneTeamOnly.map(\.theme) == ["soep"])
        #expect(digest.crossTeamCompliments == [.init(from: "piet", fromTeam: "keuken", to: "sanne", toTeams: ["bediening"], text: "Top bediening bij de groep")])
        #expect(digest.teams[0].scheduled == 2 && digest.trend.gains.this == 3)
        let text = digest.render(language: .nl, format: .text)
        #expect(text.hasPrefix("Groepsoverzicht Hotel Zuid, week 48 (2026-W48)"))
        #expect(text.contains("- #wachttijd: Keuken 1 zorg (“Lange #wachttijd op het eten”); Bediening 1 blij (“Korte #wachttijd bij de bar”)") && text.contains("- piet (Keuken) → sanne (Bediening): Top bediening bij de groep"))
        // Counts read as Dutch does: one colleague is "1 collega".
        #expect(text.contains("· 1 collega, 0 antwoorden, 0 complimenten, 1 blij, 1 zorg, 0 open acties"), "\(text)")
        #expect(digest.render(language: .en, format: .text).contains("· 1 colleague, 0 answers, 0 compliments, 1 gain, 1 pain, 0 open actions"))
        let html = digest.html(language: .en)
        #expect(html.contains("Seen differently") && !html.contains("<svg") && !html.contains("<script"))
        // Same digests in, same bytes out.
        #expect(try GroupDigest.encode(digest) == GroupDigest.encode(GroupDigest.build(group: group, digests: digests)))
    }

    /// Groups name existing teams; a wrong id says which, with a suggestion.
    @Test func config() throws {
        let yaml = """
            irc: {host: h}
            teams:
              - {id: keuken, channel: "#keuken"}
              - {id: bediening, channel: "#bediening"}
            groups:
              - id: zuid
                name: Hotel Zuid
                teams: [keuken, bediening]
                leaders: [monique]
                digest: {post_at: "mon 09:00"}

            """
        let config = try ConfigLoader.load(yaml: yaml, path: "g.yaml")
        #expect(config.groups.map(\.id) == ["zuid"] && config.groups[0].teams == ["keuken", "bediening"] && config.groups[0].digest.time.hour == 9)
        var found: [ConfigIssue] = []
        do { _ = try ConfigLoader.load(yaml: yaml.replacingOccurrences(of: "[keuken, bediening]", with: "[keukn]"), path: "g.yaml") } catch {
            found = error.issues
        }
        #expect(found.first?.message == "'groups.zuid.teams' names 'keukn', which is not a team id in 'teams'")
        #expect(found.first?.hint == "did you mean 'keuken'?")
    }
}
