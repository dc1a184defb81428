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
    /// By owner (a team id, or `group:<id>`), then by the source's location.
    private var states: [String: [String: SourceState]] = [:]
    /// Owners being fetched now, so a second refresh does not start beside the first.
    private var busy: Set<String> = []

    init(fetcher: FeedFetcher, cache: FeedCache, logger: Logger) {
        self.fetcher = fetcher
        self.cache = cache
        self.logger = logger
    }

    /// When `sources` of `owner` were last attempted (the earliest of them; nil if one never
    /// was), and whether any failed then.
    func lastAttempt(_ owner: String, sources: [DaySource]) -> (at: Date, failed: Bool)? {
        var earliest: Date?
        var failed = false
        for source in sources {
            guard let state = states[owner]?[source.location] else { return nil }
            earliest = min(earliest ?? state.attemptedAt, state.attemptedAt)
            failed = failed || state.problem != nil
        }
        return earliest.map { ($0, failed) }
    }

    /// Forgets owners and sources no longer configured (after a reload), and their bytes.
    func retain(_ owners: [String: [DaySource]]) {
        for owner in states.keys {
            let locations = Set((owners[owner] ?? []).map(\.location))
            states[owner] = states[owner]?.filter { locations.contains($0.key) }
            if states[owner]?.isEmpty == true { states[owner] = nil }
        }
    }

    /// Fetches `sources` of `owner` side by side, each checked with the reader for `day`, and keeps the result.
    func refresh(owner: String, sources: [DaySource], day: CalendarDay, timeZone: TimeZone, now: Date) async {
        guard !sources.isEmpty, busy.insert(owner).inserted else { return }
        defer { busy.remove(owner) }
        let fetcher = fetcher
        let results = await withTaskGroup(of: (DaySource, FeedFetch).self) { group in
            for source in sources {
                group.addTask {
                    let request = FeedRequest(location: source.location, auth: source.auth.map(FeedAuth.init), timeout: .seconds(source.timeout))
                    let fetch = await fetcher.fetch(request, team: owner) { data in
                        SourceReading.problem(source, data: data, day: day, timeZone: timeZone)
                    }
                    return (source, fetch)
                }
            }
            var results: [(DaySource, FeedFetch)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (source, fetch) in results {
            var state = SourceState(body: fetch.body, fetchedAt: fetch.fetchedAt, problem: fetch.problem.map(UserText.clean), attemptedAt: now)
            // A fetcher with a cache of its own (`huddle today`'s scratch one) falls back to the bot's.
            if state.body == nil, let cached = cache.load(team: owner, source: source.location) {
                state.body = cached.body
                state.fetchedAt = cached.fetchedAt
            }
            states[owner, default: [:]][source.location] = state
            Counter(label: "huddle_source_fetches_total", dimensions: [("result", fetch.problem == nil ? "ok" : "failed")]).increment()
            var metadata: Logger.Metadata = ["team.id": "\(owner)", "source.name": "\(source.name)"]
            if let problem = state.problem {
                metadata["source.problem"] = "\(problem)"
                metadata["source.data_from"] = "\(state.fetchedAt.map { HuddleJSON.timestamp($0) } ?? "none")"
                logger.warning("source could not be read; the last good copy stays in use", metadata: metadata)
            } else if let body = state.body, let facts = try? SourceReading.facts(source, data: body, day: day, timeZone: timeZone),
                      !facts.problems.isEmpty {
                metadata["source.problem"] = "\(facts.problems.joined(separator: "; "))"
                logger.warning("source read, but some of its rows could not be", metadata: metadata)
            }
        }
    }

    /// What is known of a source now: the last fetch, else the copy cached on disk (from before a restart).
    func state(owner: String, source: DaySource) -> SourceState? {
        if let state = states[owner]?[source.location] { return state }
        guard let cached = cache.load(team: owner, source: source.location) else { return nil }
        return SourceState(body: cached.body, fetchedAt: cached.fetchedAt, problem: "not fetched since the bot started", attemptedAt: .distantPast)
    }

    /// The facts of `day` from `owner`'s sources, when they were read if any is stale, and the
    /// problems (a source's, or rows of it that could not be read).
    func facts(owner: String, sources: [DaySource], day: CalendarDay, timeZone: TimeZone) -> (DayFacts, from: Date?, problems: [SourceProblem]) {
        var facts = DayFacts()
        var from: Date?
        var problems: [SourceProblem] = []
        for source in sources {
            guard let state = state(owner: owner, source: source) else {
                problems.append(SourceProblem(source: source.name, problem: "not fetched yet", dataFrom: nil))
                continue
            }
            let dataFrom = state.body == nil ? nil : state.fetchedAt
            if let problem = state.problem {
                problems.append(SourceProblem(source: source.name, problem: problem, dataFrom: dataFrom))
            }
            // Data that did not come fresh, or that are from before the day (a report not written
            // since yesterday), say when they are from.
            if let dataFrom, state.problem != nil || dataFrom < day.start(in: timeZone) { from = min(from ?? dataFrom, dataFrom) }
            guard let body = state.body else { continue }
            do {
                let read = try SourceReading.facts(source, data: body, day: day, timeZone: timeZone)
                problems += read.problems.map { SourceProblem(source: source.name, problem: UserText.clean($0), dataFrom: dataFrom) }
                facts = facts.merged(with: read)
            } catch {
                problems.append(SourceProblem(source: source.name, problem: UserText.clean(error.description), dataFrom: nil))
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
