import Foundation
import HuddleBot
import HuddleCore
import HuddleStore

/// The invariants, checked after every step and at the end.
extension Simulation {
    /// After a step: what was confirmed is on disk; each prompt belongs to one huddle, inside its
    /// window and grace, on a day it is held, and is its only one; memory stays bounded.
    func checkStep() async {
        let (confirmations, prompts) = observer.state.withLock { state in
            (Array(state.confirmations.dropFirst(confirmedChecked)), Array(state.prompts.dropFirst(promptsChecked)))
        }
        confirmedChecked += confirmations.count
        promptsChecked += prompts.count
        if !confirmations.isEmpty {
            // No wait for the journal's writer: a confirmed entry must be on disk already.
            mirror.refresh(teams: Array(Set(confirmations.map(\.line.team))))
            // An entry may go to another team's journal (a question, a second of its story).
            if confirmations.contains(where: { mirror.byTime[JournalMirror.millis($0.line.at)]?.isEmpty ?? true }) { mirror.refresh() }
            for confirmation in confirmations where mirror.byTime[JournalMirror.millis(confirmation.line.at)]?.isEmpty ?? true {
                fail("confirmed only once on disk", "\(confirmation.line.nick) in \(confirmation.line.team) was told \"\(confirmation.text)\" for the line of \(HuddleJSON.timestamp(confirmation.line.at)), which is not in the journal")
            }
        }
        for prompt in prompts { attribute(prompt) }
        if let live { checkFootprint(live.stepper.footprint) }
    }

    /// Finds the huddle a prompt is for and checks it.
    func attribute(_ prompt: (channel: String, at: Date, first: String)) {
        guard let team = config.teams.first(where: { $0.channel == prompt.channel }) else {
            fail("posted once in its window", "a prompt went to \(prompt.channel), which is no team's channel")
            return
        }
        let candidates = team.occurrences(from: prompt.at.addingTimeInterval(-13 * 3600), to: prompt.at.addingTimeInterval(0.001)).filter { occurrence in
            let grace = TimeInterval(max(60, team.shift(named: occurrence.key.shift)?.grace ?? 0))
            return occurrence.opensAt <= prompt.at && prompt.at < occurrence.opensAt.addingTimeInterval(grace)
        }
        guard let occurrence = candidates.last else {
            fail("posted once in its window", "\(team.id) got a prompt at \(HuddleJSON.timestamp(prompt.at)) outside every shift's start and grace: \(prompt.first)")
            return
        }
        if let shift = team.shift(named: occurrence.key.shift), let reason = team.skipReason(shift, on: occurrence.key.day) {
            fail("posted once in its window", "\(occurrence.key) was posted on a day it is not held (\(reason))")
        }
        posted[occurrence.key, default: 0] += 1
        if posted[occurrence.key]! > 1 {
            fail("posted once in its window", "\(occurrence.key) was posted \(posted[occurrence.key]!) times, the last at \(HuddleJSON.timestamp(prompt.at))")
        }
    }

    /// What grows with the people the bot meets must not outgrow them: the notices held for
    /// someone at most 20 each; the rest at most twice the staff and the strangers of the last day.
    func checkFootprint(_ sizes: [String: Int]) {
        let staff = world.teams.reduce(0) { $0 + $1.people.count }
        for (name, size) in sizes {
            let bound = name == "held_notices" ? 20 * staff + 100 : 2 * staff + 2 * recentStrangers + 100
            guard size > bound else { continue }
            report.counts["footprint \(name) max"] = max(report.counts["footprint \(name) max"] ?? 0, size)
            fail("memory stays bounded", "\(name) holds \(size), more than \(bound) for \(staff) staff and the strangers of the last day")
            return
        }
        for (name, size) in sizes { report.counts["footprint \(name) max"] = max(report.counts["footprint \(name) max"] ?? 0, size) }
    }

    /// Nothing under the data directory names a forgotten person (but `forget.jsonl`, the record
    /// of the forgetting itself).
    func checkForgotten() {
        guard !forgotten.isEmpty, let files = FileManager.default.enumerator(atPath: world.dataDirectory) else { return }
        let needles = forgotten.map { Array($0.lowercased().utf8) }
        for case let file as String in files where !file.hasSuffix("forget.jsonl") {
            let path = "\(world.dataDirectory)/\(file)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = Array(data.lazy.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 })
            for (index, needle) in needles.enumerated() where bytes.containsWord(needle) {
                fail("nothing of a forgotten person remains", "\(file) still names \(forgotten[index])")
                return
            }
        }
    }

    /// The lines of forgotten people (and, when removed, the compliments and actions naming them)
    /// are expected in the journal no more.
    func forgetLines(of names: [String], removed: Bool) {
        let lower = Set(names.map { $0.lowercased() })
        observer.state.withLock { state in
            state.confirmations.removeAll { confirmation in
                lower.contains(confirmation.line.identity.lowercased()) || lower.contains(confirmation.line.nick.lowercased())
                    || removed && lower.contains { confirmation.text.lowercased().contains($0) }
            }
            confirmedChecked = state.confirmations.count
        }
        mirror.reset()
    }
}

extension Array where Element == UInt8 {
    /// Whether `word` occurs here with no letter, digit or `-` right before or after it.
    func containsWord(_ word: [UInt8]) -> Bool {
        guard let first = word.first, count >= word.count else { return false }
        func part(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F }
        var index = 0
        while index <= count - word.count {
            if self[index] == first && (index == 0 || !part(self[index - 1])) {
                var matched = 1
                while matched < word.count && self[index + matched] == word[matched] { matched += 1 }
                if matched == word.count && (index + matched == count || !part(self[index + matched])) { return true }
            }
            index += 1
        }
        return false
    }
}
