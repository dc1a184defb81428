import Foundation
import HuddleTesting
import Testing
@testable import HuddleCore
@testable import HuddleStore

@Suite struct MaintenanceTests {
    let week = ISOWeek(parsing: "2026-W48")!
    let at = HuddleJSON.parseTimestamp("2026-11-24T09:00:00Z")!

    func fill(_ data: String) async throws -> FileJournal {
        let journal = FileJournal(dataDirectory: data)
        let anna = Author(nick: "anna_", account: "anna")
        try await journal.append(JournalEntry(id: "1", at: at, team: "receptie", type: .gain, author: anna, text: "Koffie"), week: week)
        try await journal.append(JournalEntry(id: "2", at: at, team: "receptie", type: .kudos, author: Author(nick: "bob"), to: ["anna"], text: "Top"), week: week)
        try await journal.append(JournalEntry(id: "3", at: at, team: "receptie", type: .kudos, author: anna, to: ["bob"], text: "Dank"), week: week)
        try await journal.append(JournalEntry(id: "4", at: at, team: "receptie", type: .action, author: Author(nick: "bob"), text: "Bellen",
                                              owner: "Anna", number: 1), week: week)
        try DurableFile.append(Data("not json\n".utf8), to: journal.path(team: "receptie", week: week))
        return journal
    }

    /// Forgetting anonymises the person as author, recipient and owner, keeps the rest, and records what was done.
    @Test func anonymise() async throws {
        let data = try temporaryDirectory()
        let journal = try await fill(data)
        let (record, weeks) = try JournalMaintenance.forget(person: "ANNA", remove: false, dataDirectory: data, now: at)
        #expect(record.entries == 4 && record.files == ["journal/receptie/2026-W48.jsonl"] && weeks.map(\.week) == [week])
        let read = try await journal.entries(team: "receptie", week: week)
        #expect(read.entries.map(\.id) == ["1", "2", "3", "4"])
        #expect(read.entries[0].author == nil && read.entries[1].to == ["[vergeten]"] && read.entries[2].author == nil)
        #expect(read.entries[3].owner == "[vergeten]" && read.entries[3].author == Author(nick: "bob"))
        #expect(read.problems.count == 1)
        let file = try String(contentsOfFile: journal.path(team: "receptie", week: week), encoding: .utf8)
        #expect(!file.lowercased().contains("\"anna") && file.contains("not json"))
        let log = try String(contentsOfFile: "\(data)/forget.jsonl", encoding: .utf8)
        #expect(log.contains("\"person\":\"ANNA\"") && log.contains("\"mode\":\"anonymise\""))
    }

    /// A later week's digest lists the open actions of the weeks before: forgetting someone in an
    /// earlier week rebuilds it too (found by Scripts/simulate, seed 1: an anonymised owner stayed
    /// in the next week's page).
    @Test func laterWeeksAreRebuilt() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        try await journal.append(JournalEntry(id: "1", at: at, team: "receptie", type: .action, author: Author(nick: "bob"), text: "Bellen",
                                              owner: "anna", number: 1), week: week)
        try await journal.append(JournalEntry(id: "2", at: at, team: "receptie", type: .gain, author: Author(nick: "bob"), text: "Koffie"),
                                 week: week.next)
        try await journal.append(JournalEntry(id: "3", at: at, team: "bar", type: .gain, author: Author(nick: "bob"), text: "Thee"),
                                 week: week.previous)
        let (_, weeks) = try JournalMaintenance.forget(person: "anna", remove: false, dataDirectory: data, now: at)
        #expect(weeks.map(\.team) == ["receptie", "receptie"] && weeks.map(\.week) == [week, week.next])
    }

    /// After forgetting, the digests of the changed weeks are written again, and so are their
    /// groups' digests, which quote the teams' (found by Scripts/simulate, seed 1: a forgotten
    /// author stayed in the story of the week of a group's page).
    @Test func groupDigestsAreRebuilt() async throws {
        let data = try temporaryDirectory()
        let journal = try await fill(data)
        // Seconded, anna's gain is the group's story of the week, which names her.
        try await journal.append(JournalEntry(id: "5", at: at, team: "receptie", type: .seconded, author: Author(nick: "bob"), ref: "1"), week: week)
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone,
                              shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, window: 900)])
        var config = HuddleConfig(sourcePath: "test.yaml", dataDirectory: data, language: .nl, timeZone: zone, irc: nil, teams: [team])
        config.groups = [GroupConfig(id: "hotel", name: "Hotel", teams: ["receptie"])]
        let digests = DigestFiles(dataDirectory: data)
        let end = at.addingTimeInterval(14 * 86_400)
        try digests.write(try await digests.groupDigest(for: config.groups[0], config: config, week: week, journal: journal, now: end).digest,
                          language: .nl)
        let page = digests.groupPagePath(group: "hotel", week: week)
        #expect(try String(contentsOfFile: String(page.dropLast(5)) + ".md", encoding: .utf8).contains("blije klant (anna): Koffie"))
        let (_, weeks) = try JournalMaintenance.forget(person: "anna", remove: true, dataDirectory: data, now: end)
        try await digests.rebuild(after: weeks, config: config, journal: journal, now: end)
        for file in [page, String(page.dropLast(5)) + ".json", String(page.dropLast(5)) + ".md", digests.path(team: "receptie", week: week)] {
            #expect(try !String(contentsOfFile: file, encoding: .utf8).lowercased().contains("anna"))
        }
    }

    /// Removing deletes the person's own entries and compliments only to them.
    @Test func remove() async throws {
        let data = try temporaryDirectory()
        let journal = try await fill(data)
        _ = try JournalMaintenance.forget(person: "anna", remove: true, dataDirectory: data, now: at)
        #expect(try await journal.entries(team: "receptie", week: week).entries.map(\.id) == ["4"])
    }

    /// A person's absences and settings go in either mode; a leader's absence for someone else stays, without the leader.
    @Test func absencesAndSettingsGo() async throws {
        for remove in [false, true] {
            let data = try temporaryDirectory()
            let journal = FileJournal(dataDirectory: data)
            let anna = Author(nick: "anna_", account: "anna"), monique = Author(nick: "monique", account: "monique")
            var quiet = JournalEntry(id: "q", at: at, team: "receptie", type: .preference, author: anna, text: "on")
            quiet.setting = "quiet"
            var away = JournalEntry(id: "a", at: at, team: "receptie", type: .absence, author: anna)
            away.due = CalendarDay(parsing: "2026-12-01")
            var byLeader = JournalEntry(id: "l", at: at, team: "receptie", type: .absence, author: monique, owner: "anna")
            byLeader.due = CalendarDay(parsing: "2026-12-02")
            var forBob = JournalEntry(id: "b", at: at, team: "receptie", type: .absence, author: anna, owner: "bob")
            forBob.due = CalendarDay(parsing: "2026-12-03")
            for entry in [quiet, away, byLeader, forBob] { try await journal.append(entry, week: week) }
            let (record, _) = try JournalMaintenance.forget(person: "anna", remove: remove, dataDirectory: data, now: at)
            #expect(record.entries == 4)
            let left = try await journal.entries(team: "receptie", week: week).entries
            #expect(left.map(\.id) == (remove ? [] : ["b"]), "remove: \(remove)")
            #expect(left.first.map { $0.author == nil && $0.owner == "bob" } ?? true)
        }
    }

    /// A damaged line or a torn line in `.corrupt` that names the person cannot be anonymised and
    /// goes; damaged lines about others stay. Retention deletes old `.corrupt` files too.
    @Test func unreadableLines() async throws {
        let data = try temporaryDirectory()
        let journal = try await fill(data)
        let path = journal.path(team: "receptie", week: week)
        try DurableFile.append(Data(#"{"author":{"nick":"Anna"},"te"#.utf8 + [0x0A]), to: path)
        try DurableFile.append(Data(#"{"id":"t1","author":{"account":"anna"},"text":"Koff"#.utf8 + [0x0A] + #"{"id":"t2","author":{"nick":"bob"},"te"#.utf8 + [0x0A]),
                               to: path + ".corrupt")
        let (record, _) = try JournalMaintenance.forget(person: "anna", remove: false, dataDirectory: data, now: at)
        #expect(record.entries == 6 && record.files == ["journal/receptie/2026-W48.jsonl", "journal/receptie/2026-W48.jsonl.corrupt"])
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!file.lowercased().contains("\"anna\"") && file.contains("not json"))
        #expect(try String(contentsOfFile: path + ".corrupt", encoding: .utf8) == #"{"id":"t2","author":{"nick":"bob"},"te"# + "\n")
        let deleted = try JournalMaintenance.applyRetention(weeks: 1, now: HuddleJSON.parseTimestamp("2027-01-20T09:00:00Z")!,
                                                            timeZone: TimeZone(identifier: "Europe/Amsterdam")!, dataDirectory: data)
        #expect(deleted.map { ($0 as NSString).lastPathComponent } == ["2026-W48.jsonl", "2026-W48.jsonl.corrupt"])
    }

    /// Retention keeps the current week and the `weeks` before it; older journal weeks and digests are deleted.
    @Test func retention() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        for week in ["2026-W40", "2026-W44", "2026-W45", "2026-W48"].compactMap(ISOWeek.init(parsing:)) {
            try await journal.append(JournalEntry(id: "\(week)", at: at, team: "receptie", type: .gain, text: "x"), week: week)
        }
        try DurableFile.replace("\(data)/digests/receptie/2026-W40.json", with: Data("{}".utf8))
        let deleted = try JournalMaintenance.applyRetention(weeks: 4, now: at, timeZone: TimeZone(identifier: "Europe/Amsterdam")!, dataDirectory: data)
        #expect(deleted.map { ($0 as NSString).lastPathComponent } == ["2026-W40.jsonl", "2026-W40.json"])
        #expect(try await journal.weeks(team: "receptie").map(\.description) == ["2026-W44", "2026-W45", "2026-W48"])
    }
}

@Suite struct DigestHistoryTests {
    /// The digest from the journal knows actions still open with their age, who got no compliment in four
    /// weeks, and the counts of the four weeks before.
    @Test func acrossWeeks() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        let team = TeamConfig(id: "r", name: "R", channel: "#r", timeZone: TimeZone(identifier: "Europe/Amsterdam")!, shifts: [])
        func add(_ id: String, _ at: String, _ type: EntryType, by: String, text: String = "x", to: [String]? = nil,
                 number: Int? = nil, ref: String? = nil) async throws {
            let date = HuddleJSON.parseTimestamp(at)!
            try await journal.append(JournalEntry(id: id, at: date, team: "r", type: type, author: Author(nick: by), to: to, text: text,
                                                  number: number, ref: ref), week: ISOWeek(containing: date, in: team.timeZone))
        }
        try await add("a1", "2026-11-02T09:00:00Z", .action, by: "anna", text: "Oud en open", number: 1)
        try await add("a2", "2026-11-10T09:00:00Z", .action, by: "bob", text: "Klaar", number: 2)
        try await add("d2", "2026-11-11T09:00:00Z", .actionDone, by: "bob", number: 2, ref: "a2")
        try await add("g1", "2026-11-12T09:00:00Z", .gain, by: "carla")
        try await add("k1", "2026-11-24T09:00:00Z", .kudos, by: "anna", text: "Top", to: ["bob"])
        let digest = try await journal.digest(for: team, week: ISOWeek(parsing: "2026-W48")!, now: Date()).digest
        #expect(digest.openActions == [.init(number: 1, text: "Oud en open", owner: nil, ageDays: 27)])
        #expect(digest.noComplimentsFourWeeks == ["anna", "carla"])
        #expect(digest.recentWeeks.map(\.week.description) == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"])
        #expect(digest.recentWeeks.map(\.gains) == [0, 0, 1, 0])
    }
}
