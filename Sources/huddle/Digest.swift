import ArgumentParser
import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import Webhooks

extension HuddleCommand {
    struct Digest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Builds a team's weekly digest from the journal, writes it as JSON and prints it.",
            subcommands: [Show.self, Regenerate.self], defaultSubcommand: Show.self)
    }

    struct Regenerate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuilds digest files from the journal: byte-identical when the journal and config are unchanged.")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var selection: TeamWeekOptions

        @Flag(help: "Every week that has a journal file.")
        var all = false

        func validate() throws {
            if all && selection.week != nil { throw ValidationError("give --week or --all, not both") }
        }

        func run() async throws {
            let config = try options.load()
            let teams = try selection.team.map { [try config.requireTeam($0)] } ?? config.teams
            // Derived from the journal: written without an fsync each, then flushed once at the end
            // (an interrupted run is simply run again).
            let data = DataDirectory(config.dataDirectory, syncEach: false)
            let (journal, files) = (data.journal, data.digests)
            var groupWeeks: [String: Set<ISOWeek>] = [:]
            let week = selection.isoWeek
            // Teams share nothing: as many at a time as there are cores, reported in config order.
            let reports = try await teams.concurrentMap(width: ProcessInfo.processInfo.activeProcessorCount) { team in
                let weeks = all ? try await journal.weeks(team: team.id) : [week ?? ISOWeek(containing: Date(), in: team.timeZone)]
                var lines: [(text: String, warning: Bool)] = []
                try await journal.digests(for: team, weeks: weeks, now: Date()) { digest, problems in
                    lines += problems.map { ("warning: \($0)", true) }
                    lines.append((try files.write(digest, language: team.language), false))
                }
                return (weeks, lines)
            }
            for (team, (weeks, lines)) in zip(teams, reports) {
                for line in lines { line.warning ? printError(line.text) : print(line.text) }
                for group in config.groups where group.teams.contains(team.id) { groupWeeks[group.id, default: []].formUnion(weeks) }
            }
            for group in config.groups {
                for week in (groupWeeks[group.id] ?? []).sorted() {
                    // From the team digests just written.
                    let digest = try await files.groupDigest(for: group, config: config, week: week, journal: journal, now: Date()).digest
                    print(try files.write(digest, language: group.language))
                }
            }
            try files.flush()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Builds a team's weekly digest from the journal, writes it as JSON and prints it (the default).")

        @OptionGroup var options: ConfigOptions
        @OptionGroup var selection: TeamWeekOptions

        @Option(help: "Output format: json, text, md or html.")
        var format: DigestFormat = .json

        enum DigestFormat: String, ExpressibleByArgument, CaseIterable { case json, text, md, html }

        @Flag(help: "Also mail the digest now to the team's digest.email recipients (to test a mail setup); says what the server answered.")
        var email = false

        @Option(help: "A group's digest across its teams instead of one team's (an id from groups:).")
        var group: String?

        func validate() throws {
            if group != nil && selection.team != nil { throw ValidationError("give --team or --group, not both") }
        }

        func run() async throws {
            let config = try options.load()
            if let group { return try await showGroup(group, config: config) }
            let team = try selectTeam(config)
            let week = selection.isoWeek ?? ISOWeek(containing: Date(), in: team.timeZone)
            let data = DataDirectory(config.dataDirectory)
            let (digest, problems) = try await data.journal.digest(for: team, week: week, now: Date())
            for problem in problems { printError("warning: \(problem)") }
            let path = try data.digests.write(digest, language: team.language)
            switch format {
            case .json:
                FileHandle.standardOutput.write(try DigestBuilder.encode(digest))
            case .text:
                print(DigestBuilder.render(digest, language: team.language, format: .text), terminator: "")
            case .md:
                print(DigestBuilder.render(digest, language: team.language, format: .md), terminator: "")
            case .html:
                print(DigestHTML.render(digest, language: team.language), terminator: "")
            }
            printError("digest written to \(path)")
            if email {
                guard let settings = team.digest.email else {
                    throw ValidationError("team \(team.id) has no digest.email in \(config.sourcePath)")
                }
                try await send(DigestMail.message(digest, email: settings, language: team.language, date: Date()), settings)
            }
        }

        /// A group's digest: written beside the team digests, printed, and mailed with --email.
        func showGroup(_ id: String, config: HuddleConfig) async throws {
            guard let group = config.groups.first(where: { $0.id == id }) else {
                throw ValidationError("no group '\(id)' in \(config.sourcePath); groups: \(config.groups.map(\.id).joined(separator: ", "))")
            }
            let week = selection.isoWeek ?? ISOWeek(containing: Date(), in: group.timeZone)
            let data = DataDirectory(config.dataDirectory)
            let (journal, files) = (data.journal, data.digests)
            let (digest, problems) = try await files.groupDigest(for: group, config: config, week: week, journal: journal, now: Date())
            for problem in problems { printError("warning: \(problem)") }
            let path = try files.write(digest, language: group.language)
            switch format {
            case .json: FileHandle.standardOutput.write(try GroupDigest.encode(digest))
            case .text: print(digest.render(language: group.language, format: .text), terminator: "")
            case .md: print(digest.render(language: group.language, format: .md), terminator: "")
            case .html: print(digest.html(language: group.language), terminator: "")
            }
            printError("group digest written to \(path)")
            if email {
                guard let settings = group.digest.email else { throw ValidationError("group \(group.id) has no digest.email in \(config.sourcePath)") }
                try await send(GroupMail.message(digest, email: settings, language: group.language, date: Date()), settings)
            }
        }

        /// Mails a message now and says what came of it.
        func send(_ message: MailMessage, _ settings: EmailSettings) async throws {
            do {
                try await CurlSMTPClient().send(message.rendered, from: settings.from.address, to: settings.to.map(\.address),
                                                smtp: settings.smtp, password: try settings.smtp.password.map(Secrets.process().read))
            } catch {
                printError("huddle: the digest mail did not go out through \(settings.smtp.url): \(error)")
                throw ExitCode(1)
            }
            printError("digest mailed to \(settings.to.map(\.address).joined(separator: ", ")) through \(settings.smtp.url)")
        }

        func selectTeam(_ config: HuddleConfig) throws -> TeamConfig {
            if let team = selection.team { return try config.requireTeam(team) }
            guard config.teams.count == 1 else {
                throw ValidationError(config.teams.isEmpty
                    ? "\(config.sourcePath) has no teams"
                    : "--team is needed; teams: \(config.teams.map(\.id).joined(separator: ", "))")
            }
            return config.teams[0]
        }
    }
}

extension Array where Element: Sendable {
    /// `transform` of every element, at most `width` at a time, in the order of the elements.
    func concurrentMap<T: Sendable>(width: Int, _ transform: @escaping @Sendable (Element) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            for (index, element) in enumerated() {
                if next >= Swift.max(1, width), let (done, value) = try await group.next() { results[done] = value }
                group.addTask { (index, try await transform(element)) }
                next += 1
            }
            for try await (done, value) in group { results[done] = value }
            return results.map { $0! }
        }
    }
}
