import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import Webhooks

extension HuddleCommand {
    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anonymises (or removes) one person's entries in the journal and rebuilds the digests. Stop the bot first.")

        @OptionGroup var options: ConfigOptions

        @Option(help: "The person's account (or nick) as it appears in the journal.")
        var person: String

        @Flag(help: "Delete the person's entries instead of removing only their name.")
        var remove = false

        func validate() throws {
            guard !person.trimmingSpaces.isEmpty else { throw ValidationError("--person must not be empty") }
        }

        func run() async throws {
            let config = try options.load()
            let data = DataDirectory(config.dataDirectory)
            let lock: DataDirectoryLock
            do {
                lock = try data.lock()
            } catch {
                printError("huddle: \(error)")
                throw ExitCode(1)
            }
            let (record, weeks) = try JournalMaintenance.forget(person: person, remove: remove, dataDirectory: data.path, now: Date())
            try await data.digests.rebuild(after: weeks, config: config, journal: data.journal, now: Date())
            print("\(record.mode == "remove" ? "removed" : "anonymised") \(record.entries) entr\(record.entries == 1 ? "y" : "ies") of \(person) in \(record.files.count) file\(record.files.count == 1 ? "" : "s"); digests rebuilt; recorded in \(config.dataDirectory)/forget.jsonl")
            withExtendedLifetime(lock) {}
        }
    }
}
