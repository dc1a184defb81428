import Foundation
import HuddleCore
import HuddleStore

/// Composes what a huddle opens with from the day's sources as last fetched and the journal:
/// the facts, the handover, the actions due, the counters, the topic and last week's story. Never
/// fetches; shared by the bot and `huddle today`.
public struct OpeningAssembly: Sendable {
    let feeds: DayFeeds
    let journal: any Journal
    /// Where the bot keeps the weeks' story candidates (`huddle today` reads them once).
    var stories = StoryShelf()

    /// Everything `team`'s huddle `key` (or, without one, the team's day at `now`) opens with; a
    /// journal that cannot be read leaves out the handover and counters and is one of the problems.
    func parts(config: HuddleConfig, team: TeamConfig, key: HuddleKey?, at now: Date,
               skipped: @escaping @Sendable (LineProblem) -> Void) async -> OpeningParts {
        let day = key?.day ?? CalendarDay(now, in: team.timeZone)
        let groups = config.groups(of: team.id)
        var parts = OpeningParts()
        for (owner, sources) in [(team.id, team.today)] + groups.map({ ($0.recordKey, $0.today) }) where !sources.isEmpty {
            let (facts, from, problems) = await feeds.facts(owner: owner, sources: sources, day: day, timeZone: team.timeZone)
            parts.facts = parts.facts.merged(with: facts)
            if let from { parts.factsFrom = min(parts.factsFrom ?? from, from) }
            parts.problems += problems
        }
        for group in groups where parts.topic == nil {
            if let topic = group.lineup.topic(on: day) {
                parts.topic = topic.text(team.language)
            } else if !group.lineup.sources.isEmpty {
                let (facts, _, problems) = await feeds.facts(owner: group.recordKey, sources: group.lineup.sources, day: day, timeZone: team.timeZone)
                parts.problems += problems
                if !facts.events.isEmpty { parts.topic = facts.events.map(\.title).joined(separator: "; ") }
            }
        }
        do {
            // All of it: actions and incidents live beyond the recent weeks.
            let history = try await journal.history(of: team, need: .all, at: now, skipped: skipped)
            if let key { parts.handover = Handover.find(for: key, team: team, history: history) }
            parts.actionsDue = history.actionsDue(on: day)
            let firstDay = team.counters.contains { $0.since == nil } ? try await journal.firstDay(of: team) : nil
            parts.counters = team.counters.map { counter in
                OpeningParts.Counter(label: counter.label, status: CounterStatus(counter: counter, incidents: history.incidents(of: counter.id),
                                                                                day: day, timeZone: team.timeZone, firstDay: firstDay))
            }
            parts.story = try await story(config: config, team: team, day: day, skipped: skipped)
        } catch {
            parts.problems.append(SourceProblem(source: "journal", problem: "\(error)", dataFrom: nil))
        }
        return parts
    }

    /// The story of the week before `day`'s of the team's circle, if one was picked or seconded.
    func story(config: HuddleConfig, team: TeamConfig, day: CalendarDay,
               skipped: @escaping @Sendable (LineProblem) -> Void) async throws -> OpeningParts.Story? {
        let circle = config.storyCircle(of: team)
        let candidates = try await stories.candidates(circle, week: ISOWeek(containing: day).previous, journal: journal, skipped: skipped)
        return StoryOfTheWeek.winner(candidates).map { OpeningParts.Story(candidate: $0, team: config.team(id: $0.team)?.name ?? $0.team) }
    }

    /// Every source to fetch, by owner: each team's, each group's with its line-up's calendars.
    static func sourcesByOwner(_ config: HuddleConfig) -> [String: [DaySource]] {
        var owners: [String: [DaySource]] = [:]
        for team in config.teams where !team.today.isEmpty { owners[team.id] = team.today }
        for group in config.groups where !(group.today + group.lineup.sources).isEmpty {
            owners[group.recordKey] = group.today + group.lineup.sources
        }
        return owners
    }
}

extension HuddleBot {
    /// What `team`'s huddle `key` (or the team's day at `now`) opens with.
    func opening(of team: TeamConfig, key: HuddleKey?, at now: Date) async -> OpeningParts {
        let parts = await OpeningAssembly(feeds: feeds, journal: journal, stories: stories).parts(config: config, team: team, key: key, at: now) { [logger] problem in
            logger.warning("journal line skipped", metadata: ["journal.problem": "\(problem)"])
        }
        if let problem = parts.problems.first(where: { $0.source == "journal" }) {
            logger.error("could not read the journal for the huddle's opening", metadata: ["team.id": "\(team.id)", "error": "\(problem.problem)"])
        }
        return parts
    }

    /// The local day of the team's first journal entry.
    func firstDay(of team: TeamConfig) async throws -> CalendarDay? { try await journal.firstDay(of: team) }
}
