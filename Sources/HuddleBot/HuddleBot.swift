import Foundation
import HuddleCore
import HuddleStore
import IRCProtocol
import Logging
import ServiceLifecycle
import Webhooks
import Synchronization

/// A digest just written: its page's path and, when pages are served, the signed link to it.
public struct WrittenDigest<Digest: Sendable>: Sendable {
    public var digest: Digest
    public var path: String
    public var link: String?
    public var problems: [LineProblem]
    /// Where a leader opens it: the link, else the path.
    public var location: String { link ?? path }
}

/// One transport and the teams it serves.
public struct BotRoute: Sendable {
    /// A name for logs and for replacing the route on reload (`irc`, `webhook.<team>`).
    public var id: String
    public var transport: any ChatTransport
    public var teams: Set<String>

    /// Creates a route.
    public init(id: String, transport: any ChatTransport, teams: Set<String>) {
        self.id = id
        self.transport = transport
        self.teams = teams
    }
}

/// What the bot runs on and may swap on reload: the configuration, the engine made from it,
/// and the routes. Every service reads the current value; none keeps a copy.
final class BotState: Sendable {
    struct Value {
        let config: HuddleConfig
        let engine: HuddleEngine
        let routes: [BotRoute]
        /// Each route's teams by channel (folded), so a chat line finds its team without a search.
        let teamsByChannel: [String: [String: TeamConfig]]

        init(config: HuddleConfig, engine: HuddleEngine, routes: [BotRoute]) {
            self.config = config
            self.engine = engine
            self.routes = routes
            var index: [String: [String: TeamConfig]] = [:]
            for route in routes {
                for team in config.teams where route.teams.contains(team.id) {
                    index[route.id, default: [:]][Casemapping.rfc1459.fold(team.channel)] = team
                }
            }
            teamsByChannel = index
        }
    }
    let value: Mutex<Value>
    /// Rung when the configuration changed, so the scheduler looks again at once.
    let nudge = Nudge()
    /// Rung with `nudge` on reload, for the service that fetches the day's sources (a nudge wakes one waiter).
    let feedsNudge = Nudge()

    init(_ value: Value) { self.value = Mutex(value) }

    func read<T>(_ body: (Value) -> T) -> T { value.withLock { body($0) } }
}

/// The running bot: its transports (IRC, webhook platforms), a chat handler per transport and
/// the scheduler, wired to the journal and ledger.
public struct HuddleBot: Sendable {
    let state: BotState
    /// The data directory, opened once: every store the bot writes.
    public let data: DataDirectory
    /// The secrets the configuration names, read by the runtime only (at start and reload, and for mail).
    public let secrets: Secrets
    public let ledger: any Ledger
    public let clock: any HuddleClock
    public let logger: Logger
    public var journal: any Journal { data.journal }
    public var digests: DigestFiles { data.digests }
    /// One-time leader codes and the host masks they granted.
    public var leaderCodes: LeaderCodes { data.leaderCodes }
    /// The nicks lately seen verified as each team's leaders, for private digests.
    public let leaderSightings = LeaderSightings()
    /// What could not be told to a person at once, until they are next seen.
    let heldNotices = HeldNotices()
    /// Who is quiet, away, or reads another language, per team.
    let people = PeopleCache()
    /// The open questions between teams, and their numbers.
    let questions = QuestionDesk()
    /// The weeks' candidates for the story of the week, per group.
    let stories = StoryShelf()
    /// What each route's chat handlers know between lines (rate limits, accounts).
    let chatMemories = ChatMemories()
    /// The forms already sent, so a second POST of a page stores nothing.
    let formNonces = FormNonces()
    /// Runs each route (transport and chat handler) and what it needs beside it, such as the webhook hub.
    let supervisor: UnitSupervisor
    /// The durable outbox of digest e-mail (`mail-outbox/`) and its delivery over SMTP.
    public let mail: OutboxCourier
    /// The day's sources as last fetched (`feeds/`).
    let feeds: DayFeeds

    /// The configuration in force (it changes on reload).
    public var config: HuddleConfig { state.read(\.config) }
    /// The engine for the configuration in force.
    public var engine: HuddleEngine { state.read(\.engine) }
    /// The transports with the ids of the teams they serve.
    public var routes: [BotRoute] { state.read(\.routes) }

    /// Creates a bot whose teams all talk through one transport.
    public init(config: HuddleConfig, transport: any ChatTransport, journal: any Journal, ledger: any Ledger,
                digests: DigestFiles, clock: any HuddleClock, engine: HuddleEngine? = nil, logger: Logger) {
        self.init(config: config, routes: [(transport, Set(config.teams.map(\.id)))], journal: journal, ledger: ledger,
                  digests: digests, clock: clock, engine: engine, logger: logger)
    }

    /// Creates a bot from its parts; `routes` names the teams of each transport (every team exactly once).
    public init(config: HuddleConfig, routes: [(transport: any ChatTransport, teams: Set<String>)], journal: any Journal,
                ledger: any Ledger, digests: DigestFiles, clock: any HuddleClock, engine: HuddleEngine? = nil, logger: Logger) {
        self.init(config: config, routes: routes.enumerated().map { BotRoute(id: "route\($0.offset)", transport: $0.element.transport, teams: $0.element.teams) },
                  companions: [], data: DataDirectory((digests.directory as NSString).deletingLastPathComponent, journal: journal), ledger: ledger,
                  secrets: .process(), clock: clock, engine: engine, logger: logger)
    }

    /// Creates a bot from named routes and `companions`: services that run beside the routes
    /// (the webhook hub), each a unit of its own.
    public init(config: HuddleConfig, routes: [BotRoute], companions: [BotUnit], data: DataDirectory, ledger: any Ledger,
                secrets: Secrets, clock: any HuddleClock, engine: HuddleEngine? = nil, logger: Logger) {
        precondition(config.teams.allSatisfy { team in routes.filter { $0.teams.contains(team.id) }.count == 1 },
                     "every team needs exactly one transport")
        state = BotState(.init(config: config, engine: engine ?? HuddleEngine(settings: config.chat), routes: routes))
        self.data = data
        self.secrets = secrets
        self.ledger = ledger
        self.clock = clock
        self.logger = logger
        supervisor = UnitSupervisor(logger: logger)
        let state = state
        mail = OutboxCourier(sender: .mail(client: CurlSMTPClient(), outbox: data.mailOutbox,
                                           logger: logger) { message in
                                               let config = state.read(\.config)
                                               guard let email = config.team(id: message.team)?.digest.email
                                                   ?? config.groups.first(where: { $0.recordKey == message.team })?.digest.email else { return nil }
                                               return (email, { try email.smtp.password.map(secrets.read) })
                                           },
                             now: { clock.now() })
        let feedCache = FeedCache(directory: data.feeds)
        feeds = DayFeeds(fetcher: FeedFetcher(cache: feedCache, http: CurlHTTPClient(workers: .feeds), secrets: secrets, now: { clock.now() }, logger: logger),
                         cache: feedCache, logger: logger)
        for unit in companions { start(companion: unit) }
        for route in routes { supervisor.start(unit(for: route)) }
    }

    /// A route's transport with its chat handler.
    func unit(for route: BotRoute) -> BotUnit {
        BotUnit(id: route.id, services: [route.transport, ChatService(bot: self, routeID: route.id)])
    }

    /// The services to run together: the routes (each transport with its chat handler) and the scheduler.
    public var services: [any Service] { [supervisor, SchedulerService(bot: self), DayFeedsService(bot: self), mail] }

    /// Sleeps until `wake` on the bot's clock, or until `nudge` rings; false once the bot is shutting down.
    func rest(until wake: Date, or nudge: Nudge) async -> Bool {
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await clock.sleep(until: wake) }
                    group.addTask { await nudge.wait() }
                    try await group.next()
                    group.cancelAll()
                }
            }
            return true
        } catch {
            return false
        }
    }

    /// The transport a team talks through.
    public func transport(for team: TeamConfig) -> any ChatTransport {
        route(for: team).transport
    }

    /// The route that serves `team`.
    func route(for team: TeamConfig) -> BotRoute {
        routes.first { $0.teams.contains(team.id) }!
    }

    /// Tells `person` of `team` something only they should see: a private message where the
    /// platform has them and the person is there, else held until they are next seen and can be
    /// told privately (a webhook platform's slash command).
    func tellPrivately(_ text: String, to person: String, team: TeamConfig) async {
        let route = route(for: team)
        if route.transport.canMessagePrivately(person, channel: team.channel) {
            await route.transport.message(text, to: person)
        } else {
            heldNotices.hold(text, for: person, route: route.id, at: clock.now(), privateOnly: true)
        }
    }

    /// What the team's people said about themselves (quiet, language, absence).
    func peopleSettings(of team: TeamConfig) async throws -> PeopleSettings {
        try await people.settings(of: team.id) {
            try await history(of: team, need: .all, at: clock.now()).entries.filter { EntryType.personal.contains($0.type) }
        }
    }

    /// The history a command needs: nothing, the last two weeks, or the last two weeks with the
    /// actions of every week before (all that older weeks matter for).
    func history(of team: TeamConfig, need: HistoryNeed, at date: Date) async throws -> TeamHistory {
        try await journal.history(of: team, need: need, at: date) { problem in
            logger.warning("journal line skipped", metadata: ["journal.problem": "\(problem)"])
        }
    }

    /// One service group, with `extra` services such as the webhook hub, that stops on SIGTERM or SIGINT.
    public func serviceGroup(adding extra: [any Service] = []) -> ServiceGroup {
        ServiceGroup(configuration: .init(services: (extra + services).map { .init(service: $0) },
                                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    }

    /// The team whose channel this is, among the teams of one transport.
    public func team(forChannel channel: String, route: String) -> TeamConfig? {
        let folded = Casemapping.rfc1459.fold(channel)
        return state.read { $0.teamsByChannel[route]?[folded] }
    }

    /// The teams of one transport.
    public func teams(route: String) -> [TeamConfig] {
        state.read { state in
            guard let teams = state.routes.first(where: { $0.id == route })?.teams else { return [] }
            return state.config.teams.filter { teams.contains($0.id) }
        }
    }

    /// The huddle of `team` that is open for answers at `date`: posted, and within its window as posted.
    public func openHuddle(of team: TeamConfig, at date: Date) async -> HuddleOccurrence? {
        await ledger.unclosed(team: team.id)
            .compactMap(\.occurrence)
            .filter { $0.opensAt.addingTimeInterval(-60) <= date && date < $0.closesAt }
            .max { $0.opensAt < $1.opensAt }
    }

    /// The next huddle of `team` that has not started and is not skipped.
    public func nextHuddle(of team: TeamConfig, after date: Date) async -> HuddleOccurrence? {
        for planned in team.plannedHuddles(after: date, count: 60) where planned.skip == nil {
            let state = await ledger.state(of: planned.occurrence.key)
            if state == nil || state?.isWaiting == true { return planned.occurrence }
        }
        return nil
    }

    /// Appends an entry to the journal file of its week in the team's zone.
    public func record(_ entry: JournalEntry, team: TeamConfig) async throws {
        try await submit(entry, team: team).wait()
    }

    /// Queues an entry for the journal file of its week in the team's zone (see `Journal.submit`).
    func submit(_ entry: JournalEntry, team: TeamConfig) -> JournalWrite {
        journal.submit(entry, week: entry.week(in: team.timeZone))
    }

    /// Entries of the journal files of these weeks of a team.
    func entries(team: TeamConfig, weeks: Set<ISOWeek>) async throws -> [JournalEntry] {
        try await journal.entries(team: team.id, weeks: weeks) { problem in
            logger.warning("journal line skipped", metadata: ["journal.problem": "\(problem)"])
        }
    }

    /// Builds the digest of a team's week from the journal and writes it with its views; returns it
    /// with the path of its HTML page and the signed link to it when `web` is configured.
    @discardableResult
    public func writeDigest(team: TeamConfig, week: ISOWeek) async throws -> WrittenDigest<WeeklyDigest> {
        let (digest, problems) = try await journal.digest(for: team, week: week, now: clock.now())
        try digests.write(digest, language: team.language)
        let link = try digestPages()?.link(team: team.id, week: week, now: clock.now())
        return WrittenDigest(digest: digest, path: digests.pagePath(team: team.id, week: week), link: link, problems: problems)
    }

    /// The same for a group: its digest across its teams, written with its views.
    public func writeGroupDigest(_ group: GroupConfig, week: ISOWeek) async throws -> WrittenDigest<GroupDigest> {
        let (digest, problems) = try await digests.groupDigest(for: group, config: config, week: week, journal: journal, now: clock.now())
        try digests.write(digest, language: group.language)
        let link = try digestPages()?.groupLink(group: group.id, week: week, now: clock.now())
        return WrittenDigest(digest: digest, path: digests.groupPagePath(group: group.id, week: week), link: link, problems: problems)
    }

    /// The signer of digest links, when the configuration names where the pages are served.
    func digestPages() throws -> DigestPages? {
        try config.web.map { try DigestPages(web: $0, data: data) }
    }

    /// A fresh entry id.
    static func newID() -> String { RandomID.uuid() }
}
