import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Process {
    /// Sends SIGTERM and waits up to `seconds` for the process to exit, then SIGKILL and waits a
    /// little more. Polls, since `waitUntilExit()` can hang when called from a concurrency thread.
    func stop(within seconds: TimeInterval = 5) {
        defer { if !isRunning { TestServerRecord.forget(self) } }
        guard isRunning else { return }
        terminate()
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(20_000) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        while isRunning && Date() < deadline.addingTimeInterval(2) { usleep(20_000) }
    }
}

/// Test servers note themselves in the folder `HUDDLE_TEST_SERVERS` names (`Scripts/test` makes one
/// for its run), one file per process holding its pid and the server's own folder, and take the
/// note back once stopped. Should the test runner die before it stops them, the script stops
/// exactly these processes, and never another run's servers on the same machine.
enum TestServerRecord {
    static let folder = ProcessInfo.processInfo.environment["HUDDLE_TEST_SERVERS"].flatMap { $0.isEmpty ? nil : $0 }

    /// Notes a server process that runs in (and names) `directory`.
    static func note(_ process: Process, directory: URL) {
        guard let folder, process.processIdentifier > 0 else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? "\(process.processIdentifier) \(directory.path)\n".write(toFile: file(process), atomically: true, encoding: .utf8)
    }

    /// Takes back the note of a stopped process, if there is one.
    static func forget(_ process: Process) {
        guard folder != nil, process.processIdentifier > 0 else { return }
        try? FileManager.default.removeItem(atPath: file(process))
    }

    private static func file(_ process: Process) -> String { "\(folder ?? "")/\(process.processIdentifier).pid" }
}

/// Stops test servers from a `deinit`, which cannot wait asynchronously: SIGTERM goes out at once,
/// and the waiting (then SIGKILL) and the removal of their directory happen on a thread of their
/// own, so no cooperative thread is held while a server takes its time to exit.
func stopInBackground(_ processes: [Process?], removing directory: URL?) {
    let running = processes.compactMap { $0 }.filter(\.isRunning)
    for process in running { process.terminate() }
    let work = UncheckedSendable((running, directory))
    Thread {
        for process in work.value.0 { process.stop(within: 5) }
        if let directory = work.value.1 { try? FileManager.default.removeItem(at: directory) }
    }.start()
}

/// A value handed to another thread that is only used there from then on.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
