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
