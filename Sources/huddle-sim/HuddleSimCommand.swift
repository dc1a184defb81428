import ArgumentParser
import Foundation
import HuddleCore
import HuddleSim

@main
/// `huddle-sim`: Huddle's runtime under seeded faults in simulated time (`Scripts/simulate`).
struct HuddleSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle-sim",
        abstract: "Runs Huddle's runtime in simulated time under a seeded schedule of faults and checks its invariants.")

    @Option(help: "The seed of the (first) run.") var seed: UInt64 = 1
    @Option(help: "Simulated days per run.") var days = 30
    @Option(help: "Teams at the start.") var teams = 20
    @Option(help: "Run seed after seed (from --seed) for this many wall-clock hours.") var hours: Double?
    @Option(help: "Run this many seeds (from --seed).") var seeds = 1
    @Option(help: "Stop after this step (replay a failure up to it) and keep the data directory.") var until: Int?
    @Flag(help: "Print every step's trace line.") var trace = false
    @Flag(help: "With --trace, also print what the bot said in each step.") var said = false
    @Flag(help: "Print where each run's time went, by kind of step.") var profile = false
    @Option(help: "Plant a known bug: confirm-before-fsync or post-without-ledger.") var plant: String?
    @Option(help: "Where the data directories go.") var root = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : "/tmp"
    @Option(parsing: .upToNextOption, help: .hidden) var regenerate: [String] = []

    func validate() throws {
        if let plant, PlantedBug(rawValue: plant) == nil {
            throw ValidationError("--plant must be one of \(PlantedBug.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard days >= 1, teams >= 2, seeds >= 1 else { throw ValidationError("--days must be 1 or more, --teams 2 or more, --seeds 1 or more") }
    }

    func run() async throws {
        // Swift seeds its hashing per process; a seed must give the same run in every process.
        if regenerate.isEmpty, ProcessInfo.processInfo.environment["SWIFT_DETERMINISTIC_HASHING"] == nil {
            setenv("SWIFT_DETERMINISTIC_HASHING", "1", 1)
            let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
            execv("/proc/self/exe", arguments)
            throw ValidationError("cannot run itself again with deterministic hashing")
        }
        if !regenerate.isEmpty {
            guard regenerate.count == 5, let week = ISOWeek(parsing: regenerate[3]), let now = HuddleJSON.parseTimestamp(regenerate[4]) else {
                throw ValidationError("--regenerate DATA CONFIG OUTPUT WEEK NOW")
            }
            try await Regenerate.digests(data: regenerate[0], configPath: regenerate[1], output: regenerate[2], lastWeek: week, now: now)
            return
        }
        let started = Date()
        var totals = (runs: 0, teamDays: 0, faults: 0, steps: 0)
        var kinds: [String: Int] = [:]
        var number = seed
        while true {
            var options = SimOptions(seed: number, days: days, teams: teams, root: root)
            options.until = until
            options.trace = trace || said
            options.said = said
            options.profile = profile
            options.planted = plant.flatMap(PlantedBug.init(rawValue:))
            options.regenerator = "/proc/self/exe"
            let runStarted = Date()
            let report = await Simulator.run(options)
            let seconds = Date().timeIntervalSince(runStarted)
            totals.runs += 1
            totals.teamDays += report.teamDays
            totals.faults += report.faultCount
            totals.steps += report.steps
            kinds.merge(report.faults, uniquingKeysWith: +)
            print(summary(report, seconds: seconds))
            if !report.passed {
                for line in report.tail.suffix(12) { print("  | \(line)") }
                for violation in report.violations {
                    print("FAIL seed \(report.seed), step \(violation.step), invariant '\(violation.invariant)': \(violation.detail)")
                }
                print("replay: Scripts/simulate --seed \(report.seed) --days \(days) --teams \(teams)\(plant.map { " --plant \($0)" } ?? "") --until \(report.violations[0].step) --trace")
                print("data: \(report.dataDirectory)")
                throw ExitCode(1)
            }
            if until != nil {
                print("stopped at step \(report.steps); data: \(report.dataDirectory)")
                return
            }
            number += 1
            let elapsed = Date().timeIntervalSince(started)
            if let hours, elapsed < hours * 3_600 { continue }
            if hours == nil, totals.runs < seeds { continue }
            break
        }
        let minutes = Date().timeIntervalSince(started) / 60
        print(String(format: "%d runs, %d steps, %d simulated team-days, %d faults, no invariant broken; %.1f min, %.0f team-days per minute",
                     totals.runs, totals.steps, totals.teamDays, totals.faults, minutes, Double(totals.teamDays) / max(minutes, 0.001)))
        if totals.runs > 1 { print("faults: " + kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) }
    }

    func summary(_ report: SimReport, seconds: Double) -> String {
        let faults = report.faults.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let counts = report.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let hash = String(report.traceHash, radix: 16)
        return "seed \(report.seed): \(days) days × \(teams) teams, \(report.steps) steps, trace \(hash), "
            + String(format: "%.1f s", seconds) + ": \(report.passed ? "ok" : "FAILED")\n  faults: \(faults)\n  counts: \(counts)"
    }
}

