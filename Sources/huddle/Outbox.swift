import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import Webhooks

extension HuddleCommand {
    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shows webhook posts and e-mail waiting in their outboxes and those a platform or mail server refused; puts refused ones back.")

        @OptionGroup var options: ConfigOptions

        @Flag(help: "Put the refused messages (outbox/failed/, mail-outbox/failed/) back, to be tried again (by the running bot within a minute, or at its next start).")
        var retryFailed = false

        func run() async throws {
            let data = DataDirectory(try options.load().dataDirectory)
            for (title, name) in [("webhook posts", "outbox"), ("e-mail", "mail-outbox")] {
                let outbox = data.outbox(named: name)
                if retryFailed {
                    let moved = try await outbox.requeueFailed(now: Date())
                    print("\(title): \(moved.count) refused message\(moved.count == 1 ? "" : "s") back in \(outbox.directory)")
                    continue
                }
                let pending = try await outbox.pending()
                print("\(title) (\(outbox.directory)): waiting \(pending.count)")
                for (file, message) in pending {
                    var line = "  \(HuddleJSON.timestamp(message.createdAt)) \(message.team) \(message.kind)"
                    if message.attempts > 0 {
                        line += ", \(message.attempts) attempt\(message.attempts == 1 ? "" : "s"), next \(HuddleJSON.timestamp(message.nextAttemptAt))"
                    }
                    if let error = message.lastError { line += ": \(error)" }
                    print(line + "  [\(file)]")
                }
                let failed = await outbox.failedMessages()
                print("  refused: \(failed.count)\(failed.isEmpty ? "" : " (huddle outbox --retry-failed puts them back)")")
                for (file, message) in failed {
                    guard let message else {
                        print("    unreadable  [failed/\(file)]")
                        continue
                    }
                    print("    \(HuddleJSON.timestamp(message.createdAt)) \(message.team) \(message.kind): \(message.lastError ?? "")  [failed/\(file)]")
                }
            }
        }
    }
}
