import Foundation
import HuddleTesting
import Testing
@testable import HuddleCore
@testable import HuddleStore

func entry(_ id: String, team: String = "receptie", text: String = "tekst") -> JournalEntry {
    JournalEntry(id: id, at: Date(timeIntervalSince1970: 1_795_000_000), team: team, type: .gain,
                 author: Author(nick: "anna", account: "anna"), text: text)
}

@Suite struct JournalTests {
    let week = ISOWeek(parsing: "2026-W48")!

    /// Appended entries come back in order from `<data>/journal/<team>/<week>.jsonl`, one JSON object per line.
    @Test func appendAndRead() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        try await journal.append(entry("a"), week: week)
        try await journal.append(entry("b", text: "met \"quotes\"\nen een nieuwe regel"), week: week)
        let read = try await journal.entries(team: "receptie", week: week)
        #expect(read.entries.map(\.id) == ["a", "b"] && read.problems.isEmpty)
        #expect(read.entries[1].text == "met \"quotes\"\nen een nieuwe regel")
        let file = try String(contentsOfFile: "\(data)/journal/receptie/2026-W48.jsonl", encoding: .utf8)
        let lines = file.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == #"{"at":"2026-11-18T11:06:40Z","author":{"account":"anna","nick":"anna"},"id":"a","team":"receptie","text":"tekst","type":"gain","v":1}"#)
    }

    /// The hand-written journal line is what `JSONEncoder` writes, for entries with every field
    /// and with few, and reads back as the same entry.
    @Test func jsonLineMatchesTheEncoder() throws {
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        let full = JournalEntry(id: "e1", at: at, team: "receptie", type: .kudos, author: Author(nick: "anna", account: "a/1"),
                                huddle: HuddleRef(shift: "ochtend", day: CalendarDay(year: 2026, month: 11, day: 18)!), question: 2,
                                to: ["bob", "zoë"], text: "Top \"werk\" \\ met\nregel\u{01} en ☕ </b>", zone: "Europe/Amsterdam",
                                scheduled: at.addingTimeInterval(60), values: ["samen"], tags: [], owner: "carl", number: 7, ref: "e0")
        let few = JournalEntry(id: "e2", at: at, team: "bar", type: .huddleOpened)
        let anonymous = JournalEntry(id: "e3", at: at, team: "bar", type: .pain, author: Author(nick: "dave"), text: "")
        for entry in [full, few, anonymous] {
            #expect(entry.jsonLine == (try JSONLines.encode(entry)))
            #expect(try HuddleJSON.decoder().decode(JournalEntry.self, from: entry.jsonLine) == entry)
        }
        let fraction = JournalEntry(id: "e4", at: Date(timeIntervalSince1970: 1_795_000_000.25), team: "bar", type: .note)
        #expect(String(decoding: fraction.jsonLine, as: UTF8.self).contains(#""at":"2026-11-18T11:06:40.250Z""#))
        #expect(try HuddleJSON.decoder().decode(JournalEntry.self, from: fraction.jsonLine) == fraction)
        // Never later than the time itself (beyond a Date's own precision): cut to the
        // millisecond, not rounded up.
        for _ in 0..<1000 {
            let now = Date()
            #expect(HuddleJSON.parseTimestamp(HuddleJSON.timestamp(now))! <= now.addingTimeInterval(0.000_001))
        }
    }

    /// A submitted entry is queued at once, in order: a read made right after it sees it, before
    /// anyone waited for the write; a write that cannot happen says why to whoever waits.
    @Test func submitQueuesInOrder() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        let writes = (1...20).map { journal.submit(entry("e\($0)"), week: week) }
        let read = try await journal.entries(team: "receptie", week: week)
        #expect(read.entries.map(\.id) == (1...20).map { "e\($0)" })
        for write in writes { try await write.wait() }
        try "not a folder".write(toFile: "\(data)/journal/kapot", atomically: true, encoding: .utf8)
        await #expect(throws: StoreError.self) { try await journal.submit(entry("x", team: "kapot"), week: week).wait() }
    }

    /// Appends that arrive while the journal is writing go out together, with one fsync: every
    /// writer returns only once its own line is on disk, and no line is lost or doubled.
    @Test func groupCommit() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        let gate = DispatchSemaphore(value: 0)
        journal.queue.async { gate.wait() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 { group.addTask { try await journal.append(entry("e\(index)"), week: week) } }
            group.addTask { try await journal.append(entry("k", team: "keuken"), week: week) }
            while journal.waiting.withLock({ $0.files.values.map(\.count).reduce(0, +) }) < 51 { try await Task.sleep(for: .milliseconds(5)) }
            gate.signal()
            try await group.waitForAll()
        }
        #expect(journal.writes.withLock { $0 } == 2)
        let read = try await journal.entries(team: "receptie", week: week)
        #expect(Set(read.entries.map(\.id)) == Set((0..<50).map { "e\($0)" }) && read.entries.count == 50 && read.problems.isEmpty)
        #expect(try await journal.entries(team: "keuken", week: week).entries.map(\.id) == ["k"])
        try await journal.append(entry("later"), week: week)
        #expect(journal.writes.withLock { $0 } == 3)
    }

    /// Reading only some types decodes just the lines that can be of them; the rest is left out.
    @Test func typedRead() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        try await journal.append(entry("g", text: #"Een "action" in de tekst"#), week: week)
        try await journal.append(JournalEntry(id: "a", at: at, team: "receptie", type: .action, author: Author(nick: "anna"),
                                              text: "Lamp vervangen", number: 1), week: week)
        try await journal.append(JournalEntry(id: "d", at: at, team: "receptie", type: .actionDone, author: Author(nick: "bob"), ref: "a"),
                                 week: week)
        let read = try await journal.entries(team: "receptie", week: week, types: [.action, .actionDone])
        #expect(read.entries.map(\.id) == ["a", "d"] && read.problems.isEmpty)
        #expect(try await journal.entries(team: "receptie", week: week, types: [.kudos]).entries.isEmpty)
    }

    /// A file's long-lived entries are kept between reads while it does not change; an append or
    /// a rewrite (as `huddle forget` does) is read again.
    @Test func longLivedReadsAreKept() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        try await journal.append(JournalEntry(id: "a", at: at, team: "receptie", type: .action, author: Author(nick: "anna"),
                                              text: "Lamp vervangen", number: 1), week: week)
        let first = try await journal.entries(team: "receptie", week: week, types: EntryType.longLived)
        #expect(first.entries.map(\.id) == ["a"] && journal.longLived.withLock { $0.count } == 1)
        #expect(try await journal.entries(team: "receptie", week: week, types: EntryType.longLived).entries.map(\.id) == ["a"])
        try await journal.append(JournalEntry(id: "d", at: at, team: "receptie", type: .actionDone, author: Author(nick: "bob"), ref: "a"), week: week)
        #expect(try await journal.entries(team: "receptie", week: week, types: EntryType.longLived).entries.map(\.id) == ["a", "d"])
        _ = try JournalMaintenance.forget(person: "anna", remove: true, dataDirectory: data, now: at)
        #expect(try await journal.entries(team: "receptie", week: week, types: EntryType.longLived).entries.map(\.id) == ["d"])
    }

    /// Writers that prefer the journal as their executor run on its writer between writes: every
    /// entry lands, each writer's in its order, and reads still see them all.
    @Test func writersOnTheJournalsExecutor() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        try await withTaskExecutorPreference(journal) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<25 { try await journal.append(entry("w\(writer)-\(index)"), week: week) }
                    }
                }
                try await group.waitForAll()
            }
        }
        let ids = try await journal.entries(team: "receptie", week: week).entries.map(\.id)
        #expect(ids.count == 100)
        for writer in 0..<4 { #expect(ids.filter { $0.hasPrefix("w\(writer)-") } == (0..<25).map { "w\(writer)-\($0)" }) }
    }

    /// The digest finds an action opened months ago and still open, though it reads old weeks only for actions.
    @Test func digestKeepsOldOpenActions() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        let old = ISOWeek(parsing: "2026-W30")!
        try await journal.append(JournalEntry(id: "a", at: old.monday.start(in: TimeZone(identifier: "Europe/Amsterdam")!).addingTimeInterval(3600),
                                              team: "receptie", type: .action, author: Author(nick: "anna"), text: "Lamp vervangen", number: 1),
                                 week: old)
        try await journal.append(entry("k"), week: old)
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: TimeZone(identifier: "Europe/Amsterdam")!, shifts: [])
        let digest = try await journal.digest(for: team, week: week, now: Date()).digest
        #expect(digest.openActions.map(\.text) == ["Lamp vervangen"] && digest.openActions.first?.ageDays == 132)
    }

    /// A team that started on a Thursday had no huddles scheduled before it: its first week reads
    /// "1 of 4", not "1 of 7" with three days missed.
    @Test func daysBeforeTheTeamAreNotScheduled() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let week = ISOWeek(parsing: "2026-W49")!
        let thursday = week.monday.adding(days: 3)
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone,
                              shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, days: Set(Weekday.allCases))])
        let opened = thursday.start(in: zone).addingTimeInterval(6 * 3600)
        try await journal.append(JournalEntry(id: "o", at: opened, team: "receptie", type: .huddleOpened,
                                              huddle: HuddleRef(shift: "ochtend", day: thursday)), week: week)
        let digest = try await journal.digest(for: team, week: week, now: week.monday.adding(days: 7).start(in: zone)).digest
        #expect(digest.huddles.scheduled == 4 && digest.huddles.held == 1)
        #expect(digest.huddles.list.allSatisfy { $0.day >= thursday })
    }

    /// Every week's digest made in one pass over the journal (`digest regenerate --all`) is the
    /// digest made for that week alone: actions opened, done and withdrawn weeks apart, kudos
    /// and answers in the recent weeks, weeks with nothing in them.
    @Test func onePassDigestsMatchSingleOnes() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone,
                              shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)])
        var week = ISOWeek(parsing: "2026-W30")!
        var weeks: [ISOWeek] = []
        var opened: [String] = []
        for index in 0..<14 {
            let at = week.monday.start(in: zone).addingTimeInterval(3600 * 9)
            let author = Author(nick: "p\(index % 4)", account: "p\(index % 4)")
            if index % 5 != 3 {  // some weeks stay empty
                var entries = [JournalEntry(id: "k\(index)", at: at, team: team.id, type: .kudos, author: author, to: ["anna"], text: "dank"),
                               JournalEntry(id: "g\(index)", at: at.addingTimeInterval(60), team: team.id, type: .gain, author: author, text: "koffie")]
                if index % 2 == 0 {
                    entries.append(JournalEntry(id: "a\(index)", at: at.addingTimeInterval(120), team: team.id, type: .action, author: author,
                                                text: "Actie \(index)", owner: "anna", number: index + 1))
                    opened.append("a\(index)")
                }
                if index % 3 == 2, let done = opened.first {
                    opened.removeFirst()
                    entries.append(JournalEntry(id: "d\(index)", at: at.addingTimeInterval(180), team: team.id, type: .actionDone, author: author,
                                                text: "klaar", ref: done))
                }
                if index == 9, let gone = opened.last {
                    entries.append(JournalEntry(id: "w\(index)", at: at.addingTimeInterval(240), team: team.id, type: .withdrawn, author: author, ref: gone))
                }
                for entry in entries { try await journal.append(entry, week: week) }
                weeks.append(week)
            }
            week = week.next
        }
        let now = utc("2027-06-01T09:00:00Z")
        var onePass: [Data] = []
        try await journal.digests(for: team, weeks: weeks, now: now) { digest, _ in onePass.append(try DigestBuilder.encode(digest)) }
        var single: [Data] = []
        for week in weeks { single.append(try DigestBuilder.encode(try await journal.digest(for: team, week: week, now: now).digest)) }
        #expect(onePass.count == weeks.count)
        for (index, (a, b)) in zip(onePass, single).enumerated() {
            #expect(a == b, "\(weeks[index]): \(String(decoding: a, as: UTF8.self))\n\(String(decoding: b, as: UTF8.self))")
        }
        #expect(try await journal.digest(for: team, week: weeks.last!, now: now).digest.openActions.count >= 2)
    }

    /// Made on a Tuesday, the digest counts Monday's and Tuesday's huddles only and lists the rest
    /// as still to come; an action opened that morning is 0 days old. Once the week is over the
    /// digest is the week's, the same at any later time, and the action is aged to the week's end.
    @Test func honestMidWeekNumbers() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        let zone = TimeZone(identifier: "Europe/Amsterdam")!
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", timeZone: zone,
                              shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)])
        let monday = HuddleRef(shift: "ochtend", day: week.monday)
        try await journal.append(JournalEntry(id: "o", at: utc("2026-11-23T06:00:00Z"), team: "receptie", type: .huddleOpened,
                                              huddle: monday, zone: "Europe/Amsterdam"), week: week)
        try await journal.append(JournalEntry(id: "a", at: utc("2026-11-24T06:30:00Z"), team: "receptie", type: .action,
                                              author: Author(nick: "anna"), text: "Lift laten nakijken", number: 1), week: week)
        let tuesday = try await journal.digest(for: team, week: week, now: utc("2026-11-24T09:00:00Z")).digest
        #expect(tuesday.huddles.held == 1 && tuesday.huddles.scheduled == 2 && tuesday.huddles.upcoming == 5)
        #expect(DigestBuilder.render(tuesday, language: .nl, format: .text).contains("Huddles gehouden: 1 van 2 (nog 5 te gaan deze week)"))
        #expect(tuesday.openActions.map(\.ageDays) == [0])
        let over = try await journal.digest(for: team, week: week, now: utc("2026-12-01T09:00:00Z")).digest
        let later = try await journal.digest(for: team, week: week, now: utc("2027-03-01T09:00:00Z")).digest
        #expect(over == later && over.huddles.upcoming == nil && over.huddles.scheduled == 7 && over.openActions.map(\.ageDays) == [5])
        #expect(try DigestBuilder.encode(over) == DigestBuilder.encode(later) && !String(decoding: try DigestBuilder.encode(over), as: UTF8.self).contains("upcoming"))
    }

    /// A torn last line (a crash mid-write) is moved to a .corrupt file and reported; complete lines stay.
    @Test func recoversTornLine() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        try await journal.append(entry("a"), week: week)
        let path = journal.path(team: "receptie", week: week)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"at":"2026-11-18T08:26:40Z","id":"tor"#.utf8))
        handle.closeFile()
        let torn = try await journal.recover()
        #expect(torn.count == 1 && torn[0].line == 2 && torn[0].movedTo == path + ".corrupt")
        #expect(try String(contentsOfFile: path + ".corrupt", encoding: .utf8) == #"{"at":"2026-11-18T08:26:40Z","id":"tor"# + "\n")
        #expect(try await journal.entries(team: "receptie", week: week).entries.map(\.id) == ["a"])
        try await journal.append(entry("b"), week: week)
        #expect(try await journal.entries(team: "receptie", week: week).entries.map(\.id) == ["a", "b"])
        #expect(try await journal.recover().isEmpty)
    }

    /// A damaged line in the middle is reported with its line number; the others are still read.
    @Test func reportsBadLine() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        try await journal.append(entry("a"), week: week)
        try DurableFile.append(Data("not json\n{\"v\":1}\n".utf8), to: journal.path(team: "receptie", week: week))
        try await journal.append(entry("b"), week: week)
        let read = try await journal.entries(team: "receptie", week: week)
        #expect(read.entries.map(\.id) == ["a", "b"])
        #expect(read.problems.map(\.line) == [2, 3])
        #expect(read.problems[0].description.hasSuffix("2026-W48.jsonl:2: unreadable line skipped: not valid JSON"))
        #expect(read.problems[1].message.contains("missing 'id'"))
    }

    /// Many concurrent writers lose no line and never interleave two lines.
    @Test func concurrentWriters() async throws {
        let data = try temporaryDirectory()
        let journal = FileJournal(dataDirectory: data)
        let longText = String(repeating: "lang verhaal ", count: 400)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { try await journal.append(entry("e\(index)", text: "\(index) \(longText)"), week: week) }
            }
            try await group.waitForAll()
        }
        let read = try await journal.entries(team: "receptie", week: week)
        #expect(read.problems.isEmpty)
        #expect(Set(read.entries.map(\.id)) == Set((0..<200).map { "e\($0)" }))
        #expect(read.entries.allSatisfy { $0.text == "\($0.id.dropFirst()) \(longText)" })
    }

    /// A missing file is an empty week, not an error.
    @Test func missingWeek() async throws {
        let journal = FileJournal(dataDirectory: try temporaryDirectory())
        #expect(try await journal.entries(team: "receptie", week: week).entries.isEmpty)
    }
}

@Suite struct LedgerTests {
    let key = HuddleKey(team: "receptie", shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)

    /// States survive a restart, and the furthest state wins.
    @Test func survivesRestart() async throws {
        let data = try temporaryDirectory()
        let closes = Date(timeIntervalSince1970: 1_795_000_900)
        do {
            let ledger = try FileLedger(dataDirectory: data)
            #expect(ledger.state(of: key) == nil)
            try await ledger.record(LedgerRecord(at: Date(), key: key, state: .posting, closesAt: closes))
            try await ledger.record(LedgerRecord(at: Date(), key: key, state: .posted, closesAt: closes))
        }
        let reopened = try FileLedger(dataDirectory: data)
        #expect(reopened.state(of: key) == .posted)
        #expect(reopened.unclosed().map(\.key) == [key])
        let other = HuddleKey(team: "bar", shift: "avond", day: key.day)
        try await reopened.record(LedgerRecord(at: Date(), key: other, state: .posted, closesAt: closes))
        #expect(reopened.unclosed().map(\.key) == [other, key])
        #expect(reopened.unclosed(team: "receptie").map(\.key) == [key])
        #expect(reopened.unclosed(team: "keuken").isEmpty)
        try await reopened.record(LedgerRecord(at: Date(), key: key, state: .closed, closesAt: closes))
        #expect(reopened.unclosed().map(\.key) == [other])
        #expect(reopened.unclosed(team: "receptie").isEmpty)
        #expect(try FileLedger(dataDirectory: data).state(of: key) == .closed)
    }

    /// A torn ledger line is moved aside and reported when the ledger opens.
    @Test func tornLedger() throws {
        let data = try temporaryDirectory()
        try DurableFile.append(Data(#"{"v":1,"kind":"pro"#.utf8), to: "\(data)/ledger.jsonl")
        let ledger = try FileLedger(dataDirectory: data)
        #expect(ledger.problems.count == 1 && ledger.problems[0].message.contains("ledger.jsonl.corrupt"))
    }
}

@Suite struct DataDirectoryTests {
    /// A second bot cannot take the same data directory while the first holds it.
    @Test func lockIsExclusive() async throws {
        let data = try temporaryDirectory()
        var first: DataDirectoryLock? = try DataDirectoryLock(dataDirectory: data)
        #expect(first != nil)
        #expect(throws: StoreError.self) { try DataDirectoryLock(dataDirectory: data) }
        do {
            _ = try DataDirectoryLock(dataDirectory: data)
        } catch {
            #expect("\(error)".contains("another huddle bot (pid \(getpid()))"))
        }
        first = nil
        // Released. A process that other tests start at this moment may hold a copy of the
        // descriptor between its fork and exec, so allow it a moment to let go.
        var again: DataDirectoryLock?
        for _ in 0..<100 where again == nil {
            again = try? DataDirectoryLock(dataDirectory: data)
            if again == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(again?.path == "\(data)/.lock")
    }

    /// Digests are written atomically with their Markdown and HTML views, replacing the old version, and leave no temporary files.
    @Test func digestFiles() throws {
        let data = try temporaryDirectory()
        let files = DigestFiles(dataDirectory: data)
        let team = TeamConfig(id: "receptie", name: "Receptie", channel: "#r", timeZone: TimeZone(identifier: "UTC")!, shifts: [])
        let digest = DigestBuilder.build(team: team, week: ISOWeek(parsing: "2026-W48")!, entries: [entry("a")])
        let path = try files.write(digest, language: .nl)
        #expect(path == "\(data)/digests/receptie/2026-W48.json")
        let first = try Data(contentsOf: URL(fileURLWithPath: path))
        try files.write(digest, language: .nl)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(data)/digests/receptie").sorted() ==
                ["2026-W48.html", "2026-W48.json", "2026-W48.md"])
        #expect(try String(contentsOfFile: files.pagePath(team: "receptie", week: digest.week), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }
}
