import Foundation

/// How one simulation runs.
public struct SimOptions: Sendable {
    public var seed: UInt64
    public var days: Int
    public var teams: Int
    /// Stop after this step (replaying a failure up to where it happened).
    public var until: Int?
    /// Print every step's trace line.
    public var trace = false
    /// With the trace, what the bot said in each step.
    public var said = false
    /// Print where the run's time went, by kind of step.
    public var profile = false
    /// A planted bug (never in a real bot): the run must fail.
    public var planted: PlantedBug?
    /// Where the data directories go (a tmpfs keeps fsync cheap); removed after a passing run.
    public var root: String
    /// The executable that regenerates digests in a process of its own (nil: not checked across processes).
    public var regenerator: String?

    /// Options with the defaults of `Scripts/simulate`.
    public init(seed: UInt64, days: Int = 30, teams: Int = 20, root: String = "/tmp") {
        self.seed = seed
        self.days = days
        self.teams = teams
        self.root = root
    }
}

/// An invariant that did not hold, where and why.
public struct Violation: Sendable, CustomStringConvertible {
    public var step: Int
    public var invariant: String
    public var detail: String
    public var description: String { "step \(step): \(invariant): \(detail)" }
}

/// What a run did and found.
public struct SimReport: Sendable {
    public var seed: UInt64
    public var steps = 0
    /// The hash of the whole step trace: the same seed gives the same hash.
    public var traceHash: UInt64 = 0
    public var violations: [Violation] = []
    public var teamDays = 0
    public var faults: [String: Int] = [:]
    public var counts: [String: Int] = [:]
    public var dataDirectory = ""
    /// The last trace lines before the end (or the failure).
    public var tail: [String] = []

    public var passed: Bool { violations.isEmpty }
    public var faultCount: Int { faults.values.reduce(0, +) }
}
