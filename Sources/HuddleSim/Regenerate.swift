import Foundation
import HuddleCore
import HuddleStore

/// Digests made again from a data directory's journal, in a process of its own: Swift seeds
/// its hashing per process, so a digest whose bytes follow a dictionary's order differs there.
public enum Regenerate {
    /// Writes the digest JSON of every team's weeks up to `lastWeek`, made at `now`, under `output`.
    public static func digests(data: String, configPath: String, output: String, lastWeek: ISOWeek, now: Date) async throws {
        let config = try ConfigLoader.load(yaml: String(contentsOfFile: configPath, encoding: .utf8), path: configPath)
        let journal = FileJournal(dataDirectory: data)
        for team in config.teams {
            for week in try await journal.weeks(team: team.id) where week <= lastWeek {
                let digest = try await journal.digest(for: team, week: week, now: now).digest
                try FileManager.default.createDirectory(atPath: "\(output)/\(team.id)", withIntermediateDirectories: true)
                try DigestBuilder.encode(digest).write(to: URL(fileURLWithPath: "\(output)/\(team.id)/\(week).json"))
            }
        }
    }
}

extension Simulation {
    /// Has `regenerator` make the digests again in another process (its hashing seeded at
    /// random) and compares them with the ones on disk that this process made again alike (`only`: team/week).
    func compareAcrossProcesses(_ regenerator: String, only: Set<String>) {
        let directory = (world.dataDirectory as NSString).deletingLastPathComponent
        let configPath = "\(directory)/sim.yaml", output = "\(directory)/regenerated"
        let lastFinished = ISOWeek(containing: CalendarDay(end.addingTimeInterval(-2 * 86_400), in: TimeZone(identifier: "UTC")!)).previous
        do {
            try world.yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        } catch {
            fail("digests regenerate byte-identically", "cannot write \(configPath): \(error)")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: regenerator)
        process.arguments = ["--regenerate", world.dataDirectory, configPath, output, "\(lastFinished)", HuddleJSON.timestamp(end)]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_DETERMINISTIC_HASHING"] = nil
        process.environment = environment
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            fail("digests regenerate byte-identically", "cannot run \(regenerator): \(error)")
            return
        }
        guard process.terminationStatus == 0 else {
            fail("digests regenerate byte-identically", "\(regenerator) --regenerate failed with status \(process.terminationStatus)")
            return
        }
        let digests = DigestFiles(dataDirectory: world.dataDirectory)
        var compared = 0
        for team in (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? [] {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: "\(output)/\(team)")) ?? [] {
                guard let week = ISOWeek(parsing: String(file.dropLast(5))), only.contains("\(team)/\(week)"), let made = FileManager.default.contents(atPath: "\(output)/\(team)/\(file)"),
                      let stored = FileManager.default.contents(atPath: digests.path(team: team, week: week)),
                      !String(decoding: stored, as: UTF8.self).contains("\"upcoming\"") else { continue }
                if made != stored {
                    fail("digests regenerate byte-identically", "\(team) \(week): another process makes a different digest from the same journal")
                    return
                }
                compared += 1
            }
        }
        report.counts["digests regenerated in another process"] = compared
    }
}
