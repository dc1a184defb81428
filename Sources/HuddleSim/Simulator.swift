import Foundation
import HuddleCore

/// Runs simulations: the entry point of `huddle-sim` and of the tests.
public enum Simulator {
    /// Runs one seed: every entry id numbered from it, its data directory removed when it passes.
    public static func run(_ options: SimOptions) async -> SimReport {
        let ids = IDSource(seed: options.seed)
        let report = await RandomID.$source.withValue(RandomID.Source { ids.next() }) {
            do {
                let simulation = try Simulation(options: options)
                return await simulation.run()
            } catch {
                var report = SimReport(seed: options.seed)
                report.violations = [Violation(step: 0, invariant: "setup", detail: "\(error)")]
                return report
            }
        }
        if report.passed && options.until == nil { try? FileManager.default.removeItem(atPath: report.dataDirectory) }
        return report
    }
}
