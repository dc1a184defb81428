import Foundation
import HuddleCore
import HuddleStore
import Logging
import Metrics

/// The day's sources as last fetched: each source's bytes, when they were good, and what went
/// wrong since. Fetching fills it ahead of the shifts; a prompt only reads it, never waits.
actor DayFeeds {
    /// One source's state.
    struct SourceState: Sendable {
        var body: Data?
        /// When `body` was last confirmed good.
        var fetchedAt: Date?
        /// Why the last attempt did not give fresh data, if it did not.
        var problem: String?
        var attemptedAt: Date
    }

    let fetcher: FeedFetcher
    let cache: FeedCache
    let logger: Logger
    /// By owner (a team id, or `group:<id>`), then by source name.
    private var states: [String: [String: SourceState]] = [:]
    /// Owners being fetched now, so a second refresh does not start beside the first.
    private var busy: Set<String> = []

    init(fetcher: FeedFetcher, cache: FeedCache, logger: Logger) {
        self.fetcher = fetcher
        self.cache = cache
        self.logger = logger
    }

    /// When `owner`'s sources were last attempted, and whether any failed then.
    func lastAttempt(_ owner: String) -> (at: Date, failed: Bool)? {
        guard let sources = states[owner], let at = sources.values.map(\.attemptedAt).min() else { return nil }
        return (at, sources.values.contains { $0.problem != nil })
    }

    /// Fetches `sources` of `owner` side by side, each checked with the reader for `day`, and keeps the result.
    func refresh(owner: String, sources: [DaySource], day: CalendarDay, timeZone: TimeZone, now: Date) async {
        guard !sources.isEmpty, busy.insert(owner).inserted else { return }
        defer { busy.remove(owner) }
        let fetcher = fetcher
        let results = await withTaskGroup(of: (String, FeedFetch).self) { group in
            for source in sources {
                group.addTask {
                    let request = FeedRequest(location: source.location, auth: source.auth.map(FeedAuth.init),
                                              timeout: .seconds(source.timeout))
                    let fetch = await fetcher.fetch(request, team: owner) { data in
                        SourceReading.problem(source, data: data, day: day, timeZone: timeZone)
                    }
                    return (source.name, fetch)
                }
            }
            var results: [(String, FeedFetch)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (name, fetch) in results {
            var state = SourceState(body: fetch.body, fetchedAt: fetch.fetchedAt, problem: fetch.problem, attemptedAt: now)
            // A fetcher with a cache of its own (`huddle today`'s scratch one) falls back to the bot's.
            if state.body == nil, let location = sources.first(where: { $0.name == name })?.location,
               let cached = cache.load(team: owner, source: location) {
                state.body = cached.body
                state.fetchedAt = cached.fetchedAt
            }
            states[owner, default: [:]][name] = state
            Counter(label: "huddle_source_fetches_total", dimensions: [("result", fetch.problem == nil ? "ok" : "failed")]).increment()
            if let problem = fetch.problem {
                logger.warning("source could not be read; the last good copy stays in use", metadata: [
                    "team.id": "\(owner)", "source.name": "\(name)", "source.problem": "\(problem)",
                    "source.data_from": "\(state.fetchedAt.map { HuddleJSON.timestamp($0) } ?? "none")",
                ])
            }
        }
    }

    /// What is known of a source now: the last fetch, else the copy cached on disk (from before a restart).
    func state(owner: String, source: DaySource) -> SourceState? {
        if let state = states[owner]?[source.name] { return state }
        guard let cached = cache.load(team: owner, source: source.location) else { return nil }
        return SourceState(body: cached.body, fetchedAt: cached.fetchedAt, problem: "not fetched since the bot started", attemptedAt: .distantPast)
    }

    /// The facts of `day` from `owner`'s sources, when they were read if any is stale, and the problems.
    func facts(owner: String, sources: [DaySource], day: CalendarDay, timeZone: TimeZone) -> (DayFacts, from: Date?, problems: [SourceProblem]) {
        var facts = DayFacts()
        var from: Date?
        var problems: [SourceProblem] = []
        for source in sources {
            guard let state = state(owner: owner, source: source) else {
                problems.append(SourceProblem(source: source.name, problem: "not fetched yet", dataFrom: nil))
                continue
            }
            if let problem = state.problem {
                problems.append(SourceProblem(source: source.name, problem: problem, dataFrom: state.body == nil ? nil : state.fetchedAt))
                if state.body != nil, let fetchedAt = state.fetchedAt { from = min(from ?? fetchedAt, fetchedAt) }
            }
            guard let body = state.body else { continue }
            do {
                facts = facts.merged(with: try SourceReading.facts(source, data: body, day: day, timeZone: timeZone))
            } catch {
                problems.append(SourceProblem(source: source.name, problem: error.description, dataFrom: nil))
            }
        }
        return (facts, from, problems)
    }
}

extension FeedAuth {
    /// The runtime's form of a source's authentication.
    init(_ auth: SourceAuth) {
        switch auth {
        case let .basic(user, password): self = .basic(user: user, password: password)
        case let .bearer(token): self = .bearer(token)
        }
    }
}
