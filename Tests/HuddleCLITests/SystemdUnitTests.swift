import Foundation
import HuddleTesting
import Testing

/// `Config/huddle.service` and the template `Config/huddle@.service` as systemd itself reads
/// them, without a running systemd.
@Suite struct SystemdUnitTests {
    static let units = ["huddle.service", "huddle@.service"]

    /// The unit with ExecStart pointing at the built binary (verify wants it to exist); the
    /// template as an instance of it.
    func unit(_ name: String = "huddle.service") throws -> String {
        let huddle = huddleExecutable
        let text = try String(contentsOf: NgircdServer.repositoryRoot.appendingPathComponent("Config/\(name)"), encoding: .utf8)
        let directory = try temporaryDirectory("huddle-unit")
        let path = directory + "/" + name.replacingOccurrences(of: "@.", with: "@zuid.")
        try text.replacingOccurrences(of: "/usr/local/bin/huddle", with: huddle).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await runProgram("/usr/bin/systemd-analyze", arguments)
    }

    /// `systemd-analyze verify` finds nothing to say about the unit.
    @Test(arguments: units) func verifies(_ name: String) async throws {
        let result = try await run(["verify", try unit(name)])
        #expect(result.status == 0 && result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(result.output)")
    }

    /// The unit is hardened: overall exposure at most 2.0, as `systemd-analyze security` rates it.
    @Test(arguments: units) func isHardened(_ name: String) async throws {
        let result = try await run(["security", "--offline=yes", "--no-pager", try unit(name)])
        let line = result.output.split(separator: "\n").first { $0.contains("Overall exposure level") } ?? ""
        let score = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        #expect(score.map { $0 <= 2.0 } == true, "\(line)")
        let text = try String(contentsOfFile: try unit(name), encoding: .utf8)
        for setting in ["DynamicUser=yes", "StateDirectory=huddle", "ConfigurationDirectory=huddle", "LoadCredential=",
                        "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "CapabilityBoundingSet=\n", "UMask=0077"] {
            #expect(text.contains(setting), "\(setting)")
        }
    }
}
