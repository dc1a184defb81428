import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore

extension HuddleCommand {
    struct Reload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validates the configuration and tells the running bot (the one holding the data directory's lock) to reload it.",
            discussion: "The same as sending SIGHUP to the bot. An invalid file is refused here and by the bot, which keeps its old configuration.")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            guard let pid = DataDirectory(config.dataDirectory).holder else {
                printError("huddle: no bot is running on \(config.dataDirectory) (its .lock is free); start it with huddle run")
                throw ExitCode(1)
            }
            guard kill(pid, SIGHUP) == 0 else {
                let reason = errno == EPERM ? "not allowed to signal it; run this as the bot's user or root" : String(cString: strerror(errno))
                printError("huddle: cannot signal the bot (pid \(pid)): \(reason)")
                throw ExitCode(1)
            }
            print("asked the bot (pid \(pid)) to reload \(config.sourcePath); its log says what changed")
        }
    }
}
