import Foundation
import HuddleTesting
import Testing
@testable import HuddleCore
@testable import HuddleStore

/// A group's digest is built from its teams' digests (DESIGN.md), byte for byte the digest that
/// reading every team's journal gives.
@Suite struct GroupDigestFilesTests {
    let zone = TimeZone(identifier: "Europe/Amsterdam")!
    let week = ISOWeek(parsing: "2026-W48")!

    func team(_ id: String) -> TeamConfig {
        TeamConfig(id: id, name: id.capitalized, channel: "#\(id)", timeZone: zone,
                   shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, days: [.monday, .tuesday])])
    }

    func entry(_ id: String, _ team: String, _ type: EntryType, _ who: String, _ text: String, seconds: Double,
               tags: [String]? = nil, to: [String]? = nil) -> JournalEntry {
        JournalEntry(id: id, at: utc("2026-11-23T09:00:00Z").addingTimeInterval(seconds + 0.123), team: team, type: type,
                     author: Author(nick: who, account: who), to: to, text: text, tags: tags)
    }

    @Test func fromTeamDigests() async throws {
        let data = try temporaryDirectory()
        var config = HuddleConfig(sourcePath: "t.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil,
                                  teams: [team("keuken"), team("bediening")])
        let group = GroupConfig(id: "zuid", name: "Hotel Zuid", teams: ["keuken", "bediening"])
        config.groups = [group]
        let journal = FileJournal(dataDirectory: data)
        for item in [entry("k1", "keuken", .pain, "piet", "Lange #wachttijd op het eten", seconds: 10, tags: ["wachttijd"]),
                     entry("k2", "keuken", .kudos, "piet", "Top bediening bij de groep", seconds: 20, to: ["sanne"]),
                     entry("b1", "bediening", .gain, "sanne", "Korte #wachttijd bij de bar", seconds: 30, tags: ["wachttijd"]),
                     entry("b2", "bediening", .kudos, "sanne", "Dank keuken", seconds: 40, to: ["piet"])] {
            try await journal.append(item, week: week)
        }
        let after = utc("2026-12-01T08:00:00Z")
        // What reading every team's journal gives.
        var fromJournals: [WeeklyDigest] = []
        for team in config.teams { fromJournals.append(try await journal.digest(for: team, week: week, now: after).digest) }
        let expected = try GroupDigest.encode(GroupDigest.build(group: group, digests: fromJournals))

        // No team digest written yet: made from the journal, and written.
        let files = DigestFiles(dataDirectory: data)
        let first = try await files.groupDigest(for: group, config: config, week: week, journal: journal, now: after).digest
        #expect(try GroupDigest.encode(first) == expected)
        #expect(files.read(team: "keuken", week: week) != nil && files.read(team: "bediening", week: week) != nil)
        // Now from the written team digests, without the journal: the same bytes.
        let empty = FileJournal(dataDirectory: try temporaryDirectory())
        let second = try await files.groupDigest(for: group, config: config, week: week, journal: empty, now: after).digest
        #expect(try GroupDigest.encode(second) == expected)

        // A team digest written during the week (counting upcoming huddles) is made again.
        let during = try await journal.digest(for: team("keuken"), week: week, now: utc("2026-11-24T05:00:00Z")).digest
        #expect(during.huddles.upcoming != nil)
        try files.write(during, language: .nl)
        let third = try await files.groupDigest(for: group, config: config, week: week, journal: journal, now: after).digest
        #expect(try GroupDigest.encode(third) == expected)
    }
}
