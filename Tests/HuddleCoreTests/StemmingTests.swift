import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// The digest's themes stem with Snowball (libstemmer) and leave out Snowball's stop words.
@Suite struct StemmingTests {
    static let dutch = ["lift", "liften", "ontbijt", "ontbijten", "ontbijtbuffet", "kamers", "kamer", "wachttijden", "parkeerplaatsen",
                        "parkeerplaats", "handdoeken", "bedden", "koffiemachine", "inchecken", "lawaaiig", "vriendelijke", "vriendelijkheid",
                        "gesprekken", "klachten", "rolstoelen", "allergieën", "geïrriteerd", "tevredenheid", "schoonmaken"]
    static let english = ["lift", "lifts", "breakfast", "breakfasts", "rooms", "room", "waiting", "waited", "noisy", "noise", "friendly",
                          "friendliness", "complaints", "wheelchairs", "allergies", "cleaning", "cleaned", "generalizations", "happiness"]

    /// What libstemmer's own `stemwords` (Debian's libstemmer-tools) prints for the same words.
    func reference(_ words: [String], algorithm: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/stemwords")
        process.arguments = ["-l", algorithm]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((words.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Word for word the library's own reference output, in both languages.
    @Test func matchesTheLibrary() throws {
        #expect(Self.dutch.map(Stemmer.dutch.stem) == (try reference(Self.dutch, algorithm: "dutch")))
        #expect(Self.english.map(Stemmer.english.stem) == (try reference(Self.english, algorithm: "english")))
        #expect(Stemmer(algorithm: "klingon") == nil)
    }

    /// Plurals meet, stop words go, and a compound counts for a word that is a key elsewhere.
    @Test func keysAndCompounds() {
        #expect(Themes.keys(text: "De liften zijn traag", tags: [], language: .nl) == ["lift", "trag"])
        #expect(Themes.keys(text: "Lift traag vanochtend", tags: [], language: .nl).first == "lift")
        #expect(Themes.keys(text: "The lifts were slow", tags: [], language: .en) == ["lift", "slow"])
        let keys = Themes.withCompounds([Themes.keys(text: "ontbijt komt te laat", tags: [], language: .nl),
                                         Themes.keys(text: "het ontbijtbuffet was heerlijk", tags: [], language: .nl),
                                         Themes.keys(text: "koud", tags: ["ontbijt"], language: .nl)])
        #expect(keys[0] == ["ontbijt", "komt", "lat"])
        #expect(keys[1] == ["ontbijtbuffet", "heerlijk", "ontbijt"])
        #expect(keys[2] == ["#ontbijt"])
    }

    /// The kitchen's pain and the front desk's gain about breakfast meet in the group digest, each
    /// team's words shown beside the other's.
    @Test func groupSeesBothSides() throws {
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let week = ISOWeek(parsing: "2026-W49")!
        func team(_ id: String, _ name: String) -> TeamConfig {
            TeamConfig(id: id, name: name, channel: "#\(id)", timeZone: zone, shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)])
        }
        let keuken = team("keuken", "Keuken"), receptie = team("receptie", "Receptie")
        let digests = [
            DigestBuilder.build(team: keuken, week: week, entries: [
                JournalEntry(id: "k1", at: utc("2026-12-01T08:00:00Z"), team: "keuken", type: .pain, author: Author(nick: "kok"), text: "Ontbijt komt te laat"),
            ]),
            DigestBuilder.build(team: receptie, week: week, entries: [
                JournalEntry(id: "r1", at: utc("2026-12-01T09:00:00Z"), team: "receptie", type: .gain, author: Author(nick: "anna"),
                             text: "Het ontbijtbuffet was heerlijk"),
            ]),
        ]
        let group = GroupDigest.build(group: GroupConfig(id: "hotel", name: "Hotel", teams: ["keuken", "receptie"]), digests: digests)
        let breakfast = try #require(group.sharedThemes.first { $0.theme == "ontbijt" })
        #expect(breakfast.teams == ["keuken", "receptie"] && breakfast.pains == ["keuken": 1] && breakfast.gains == ["receptie": 1])
        #expect(breakfast.examples == ["keuken": "Ontbijt komt te laat", "receptie": "Het ontbijtbuffet was heerlijk"])
        #expect(group.seenDifferently.map(\.theme).contains("ontbijt"))
        let text = group.render(language: .nl, format: .text)
        #expect(text.contains("ontbijt: Keuken 1 zorg (“Ontbijt komt te laat”); Receptie 1 blij (“Het ontbijtbuffet was heerlijk”)"))
        let page = group.html(language: .nl)
        #expect(page.contains("<tr><th></th><th>Keuken</th><th>Receptie</th></tr>"))
        #expect(page.contains("<td>1 zorg<br>“<bdi>Ontbijt komt te laat</bdi>”</td><td>1 blij<br>“<bdi>Het ontbijtbuffet was heerlijk</bdi>”</td>"))
        // The same journal gives the same bytes.
        #expect(try GroupDigest.encode(group) == GroupDigest.encode(GroupDigest.build(group: GroupConfig(id: "hotel", name: "Hotel", teams: ["keuken", "receptie"]), digests: digests)))
    }
}
