import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Process {
    /// Sends SIGTERM and waits up to `seconds` for the process to exit, then SIGKILL and waits a
    /// little more. Polls, since `waitUntilExit()` can hang when called from a concurrency thread.
    func stop(within seconds: TimeInterval = 5) {
        guard isRunning else { return }
        terminate()
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(20_000) }
        if isRunning { kill(processIdentifier, SIGKILL) }
        while isRunning && Date() < deadline.addingTimeInterval(2) { usleep(20_000) }
    }
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
