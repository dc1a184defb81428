import Foundation
import HuddleCore
import HuddleStore
import Logging
import Webhooks

/// What `huddle today` prints: a team's day as its prompt would open, every event with its local
/// start and end, and how each source fared, fetched now.
public struct TodayReport: Sendable, Encodable {
    public var team: String
    public var day: String
    /// The huddle the opening is for (`ochtend`), if the team has one that day.
    public var shift: String?
    /// The opening lines the prompt would show (within `prompt.opening_lines`).
    public var prompt: [String]
    /// Everything, as `!vandaag` shows it.
    public var all: [String]
    /// The counts the journal would record.
    public var facts: [String: Int]
    public var events: [Event]
    public var sources: [Source]

    /// An event with its local times (`HH:MM`); none for an all-day event.
    public struct Event: Sendable, Encodable {
        public var start: String?
        public var end: String?
        public var title: String
    }

    /// How one source fared.
    public struct Source: Sendable, Encodable {
        public var owner: String
        public var name: String
        public var location: String
        public var format: String
        /// When the data in use was read (UTC), if any.
        public var dataFrom: String?
        public var problem: String?

        enum CodingKeys: String, CodingKey { case owner, name, location, format, dataFrom = "data_from", problem }
    }

    /// Fetches `team`'s sources now and composes its `day`: for today the next huddle of the day
    /// (else the first), for another day its first huddle, or the named `shift`. Fetched copies go
    /// to a scratch directory: the bot's own cache is only read, for the last good copy.
    public static func make(config: HuddleConfig, team: TeamConfig, day: CalendarDay, shift: String?, now: Date,
                            secrets: Secrets, logger: Logger) async throws -> TodayReport {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-today-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let data = DataDirectory(config.dataDirectory)
        let feeds = DayFeeds(fetcher: FeedFetcher(cache: FeedCache(directory: scratch), http: CurlHTTPClient(), secrets: secrets, now: { Date() }, logger: logger),
                             cache: FeedCache(directory: data.feeds), logger: logger)
        let owners = OpeningAssembly.sourcesByOwner(config).filter { $0.key == team.id || config.groups(of: team.id).map(\.recordKey).contains($0.key) }
        for (owner, sources) in owners {
            await feeds.refresh(owner: owner, sources: sources, day: day, timeZone: team.timeZone, now: now)
        }
        let huddles = team.occurrences(from: day.start(in: team.timeZone), to: day.adding(days: 1).start(in: team.timeZone))
        let huddle = shift.map { name in huddles.first { $0.key.shift == name } }
            ?? huddles.first { $0.opensAt > now } ?? huddles.first
        let parts = await OpeningAssembly(feeds: feeds, journal: data.journal)
            .parts(config: config, team: team, key: huddle?.key, at: huddle?.opensAt ?? max(now, day.start(in: team.timeZone))) { _ in }
        let at = huddle?.opensAt ?? now
        var sources: [Source] = []
        for (owner, list) in owners.sorted(by: { $0.key < $1.key }) {
            for source in list {
                let state = await feeds.state(owner: owner, source: source)
                sources.append(Source(owner: owner, name: source.name, location: source.shownLocation, format: source.format.rawValue,
                                      dataFrom: state?.body == nil ? nil : state?.fetchedAt.map { HuddleJSON.timestamp($0) },
                                      problem: state?.problem ?? parts.problems.first { $0.source == source.name }?.problem))
            }
        }
        let clock = { (date: Date) in LocalClock.time(date, in: team.timeZone).description }
        return TodayReport(
            team: team.id, day: day.description, shift: huddle?.key.shift,
            prompt: Opening.lines(parts, budget: config.opening.lines, language: team.language, timeZone: team.timeZone, now: at, prefix: config.chat.prefix),
            all: Opening.everything(parts, language: team.language, timeZone: team.timeZone, now: at),
            facts: parts.facts.recorded,
            events: parts.facts.events.map { Event(start: $0.start.map(clock), end: $0.end.map(clock), title: $0.title) },
            sources: sources)
    }

    /// The report for a person.
    public var text: String {
        var lines = ["\(team) — \(day)" + (shift.map { ", huddle \($0)" } ?? ", no huddle that day")]
        lines.append(prompt.isEmpty ? "The prompt opens with nothing before its questions." : "The prompt opens with:")
        lines += prompt.map { "  " + $0 }
        if all.count > prompt.count {
            lines.append("Everything (\(all.count) lines, as !vandaag shows it):")
            lines += all.map { "  " + $0 }
        }
        if !events.isEmpty {
            lines.append("Events:")
            for event in events {
                var when = "all day"
                if let start = event.start { when = start + (event.end.map { "–" + $0 } ?? "") }
                lines.append("  " + when.padding(toLength: 13, withPad: " ", startingAt: 0) + event.title)
            }
        }
        if !sources.isEmpty {
            lines.append("Sources:")
            for source in sources {
                let state = source.problem.map { "PROBLEM: \($0)" + (source.dataFrom.map { "; in use: data from \($0)" } ?? "; no data") }
                    ?? "ok, read \(source.dataFrom ?? "")"
                lines.append("  \(source.owner)/\(source.name) (\(source.format), \(source.location)): \(state)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether any source had a problem.
    public var hasProblems: Bool { sources.contains { $0.problem != nil } }
}
