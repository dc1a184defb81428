import Foundation
import HuddleCore
import HuddleStore
import Logging
import ServiceLifecycle
import Synchronization
import Webhooks

/// One team on a webhook platform, seen as a `ChatTransport`. What the bot posts goes through the
/// hub's durable outbox; a reply arrives as an HTTP request, and what the bot says to its sender
/// while handling it goes back in the HTTP response.
public final class WebhookChatTransport: ChatTransport, CustomStringConvertible {
    public let team: TeamConfig
    public let webhook: TeamWebhook
    public let hub: WebhookHub
    public let events: AsyncStream<ChatEvent>
    /// The name the bot answers to when addressed (`huddle: help`); slash commands are addressed to it.
    public static let botName = "huddle"
    public var description: String { "WebhookChatTransport(\(team.id), \(webhook.platform.rawValue))" }

    let clock: any HuddleClock
    let logger: Logger
    private let sink: AsyncStream<ChatEvent>.Continuation
    /// Requests waiting for their answer, by id (several are handled at once: a reply's
    /// confirmation waits for the disk while the next requests are read), and the one task that
    /// ends the waits that take too long, asleep until the earliest deadline.
    struct Pending {
        var requests: [String: Waiting] = [:]
        var sweeper: (generation: Int, wakeAt: ContinuousClock.Instant)?
        var generation = 0
        /// Where lines go instead of `events`, once the chat handler takes them from a queue of its own.
        var deliver: (@Sendable (ChatMessage) -> Void)?
    }
    private let waiting = Mutex(Pending())
    /// Platform user ids by lower-case name, learnt from senders and mentions (Slack and Discord
    /// ping only by id).
    private let userIDs = Mutex<[String: String]>([:])
    private let closed = Mutex(false)
    /// Numbers the requests being handled (ids that never leave the process, so no random ones).
    private let requests = Atomic<Int>(0)

    struct Waiting {
        var id: String
        var nick: String
        var lines: [String]
        var deadline: ContinuousClock.Instant
        /// Given the request's outcome, once.
        var done: @Sendable ([String]?) -> Void
    }

    /// The transport of a team with a webhook; it takes the team's replies from `hub`.
    public init(team: TeamConfig, webhook: TeamWebhook, hub: WebhookHub, clock: any HuddleClock, logger: Logger) {
        self.team = team
        self.webhook = webhook
        self.hub = hub
        self.clock = clock
        self.logger = logger
        (events, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        // First in the stream, so no reply that arrives early is read without the bot's name.
        sink.yield(.connected(botNick: Self.botName, accountsAvailable: true))
        hub.register(team: team.id) { [weak self] line, answer in
            guard let self else { return answer(nil) }
            self.receive(line, then: answer)
        }
    }

    /// Sets up the webhook teams of `config`: reads each team's URLs and secrets (throws naming
    /// what is missing) and makes the hub and a transport per team.
    public static func make(config: HuddleConfig, data: DataDirectory, secrets: Secrets, clock: any HuddleClock,
                            logger: Logger) throws -> (hub: WebhookHub, transports: [WebhookChatTransport]) {
        var routes: [WebhookRoute] = []
        for team in config.teams {
            guard let webhook = team.webhook else { continue }
            func read(_ source: SecretSource, _ key: String) throws -> String {
                do {
                    return try secrets.read(source)
                } catch {
                    throw TransportSetupError("team \(team.id): \(error) (teams.\(team.id).webhook.\(key)_env or \(key)_file)")
                }
            }
            func url(_ source: SecretSource, _ key: String) throws -> String {
                let text = try read(source, key)
                guard let parsed = URLComponents(string: text), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                      parsed.host?.isEmpty == false else {
                    throw TransportSetupError("team \(team.id): \(source) does not hold an http(s) URL (teams.\(team.id).webhook.\(key)_env or \(key)_file)")
                }
                return text
            }
            var route = WebhookRoute(team: team.id, webhook: webhook, channel: team.channel, url: try url(webhook.url, "url"))
            route.leadersURL = try webhook.leadersURL.map { try url($0, "leaders_url") }
            if let secret = webhook.secret {
                let secrets = InboundGate.secrets(from: try read(secret, "secret"))
                if webhook.platform == .teams, secrets.contains(where: { Data(base64Encoded: $0) == nil }) {
                    throw TransportSetupError("team \(team.id): the Teams security token in \(secret) is not base64, as Teams shows it")
                }
                if webhook.platform == .discord, secrets.contains(where: { Hex.decode($0)?.count != 32 }) {
                    throw TransportSetupError("team \(team.id): \(secret) must hold the Discord application's public key: 64 hex digits")
                }
                route.secrets = secrets
            }
            routes.append(route)
        }
        let pages = try config.web.map { try DigestPages(web: $0, data: data) }
        let hub = WebhookHub(outbox: data.outbox, listen: config.webhooks, routes: routes, now: { clock.now() }, logger: logger,
                             pages: pages, metrics: MetricsEndpoint.route(config))
        let transports = config.teams.compactMap { team in
            team.webhook.map { WebhookChatTransport(team: team, webhook: $0, hub: hub, clock: clock, logger: logger) }
        }
        return (hub, transports)
    }

    /// Waits for shutdown; requests still waiting then get no reply.
    public func run() async throws {
        try? await gracefulShutdown()
        closed.withLock { $0 = true }
        sink.finish()
        let left = waiting.withLock { pending in
            defer { pending.requests.removeAll(); pending.sweeper = nil }
            return pending.requests.values
        }
        for request in left { request.done(nil) }
    }

    /// Hands each line to `deliver` (the chat handler's queue) instead of `events` from now on, or
    /// to `events` again (nil).
    func deliverMessages(to deliver: (@Sendable (ChatMessage) -> Void)?) {
        waiting.withLock { $0.deliver = deliver }
    }

    /// Hands a checked line to the bot and waits until it is handled: the replies for its sender,
    /// or nil when the bot is shutting down or took longer than `timeout`.
    public func receive(_ line: InboundLine, timeout: Duration = .seconds(20)) async -> [String]? {
        await withCheckedContinuation { continuation in receive(line, timeout: timeout) { continuation.resume(returning: $0) } }
    }

    /// The same, giving the outcome to `done` (once, from the task that handled the line, or the
    /// one that gave up on it) instead of waiting: a request needs no task of its own.
    func receive(_ line: InboundLine, timeout: Duration = .seconds(20), then done: @escaping @Sendable ([String]?) -> Void) {
        // The name as the bot handles it (without control characters), so replies find their request.
        let name = UserText.clean(line.userName)
        userIDs.withLock { known in
            known.merge(line.mentions) { _, new in new }
            known[name.lowercased()] = line.userID
        }
        let id = String(requests.add(1, ordering: .relaxed).newValue)
        // `/huddle` alone: the personal form where the bot serves forms, else help.
        let empty = line.isCommand && hub.servesForms ? "formulier" : "help"
        let text = line.isCommand || line.isAddressed ? "\(Self.botName): \(line.text.isEmpty ? empty : line.text)" : line.text
        // A slash command is seen only by its sender (the platform posts nothing in the channel),
        // so it counts as a private message to the bot: anonymous observations work there.
        let message = ChatMessage(sender: Author(nick: name, account: UserText.clean(line.userID)),
                                  channel: line.isPrivate || line.isCommand ? nil : team.channel, text: text, at: clock.now(), requestID: id)
        let deadline = ContinuousClock.now + timeout
        var deliver: (@Sendable (ChatMessage) -> Void)?
        let accepted = waiting.withLock { pending -> Bool in
            guard !closed.withLock({ $0 }) else { return false }
            pending.requests[id] = Waiting(id: id, nick: name, lines: [], deadline: deadline, done: done)
            if pending.sweeper.map({ deadline < $0.wakeAt }) ?? true { startSweeper(&pending, wakeAt: deadline) }
            deliver = pending.deliver
            return true
        }
        // Handed over outside the lock: waking the chat handler there kept other requests waiting for it.
        guard accepted else { return done(nil) }
        if let deliver { deliver(message) } else { sink.yield(.message(message)) }
    }

    /// Starts the task that ends overdue waits, first at `wakeAt` (one that slept longer stops).
    private func startSweeper(_ pending: inout Pending, wakeAt: ContinuousClock.Instant) {
        pending.generation += 1
        let generation = pending.generation
        pending.sweeper = (generation, wakeAt)
        Task { [weak self] in
            var wake = wakeAt
            while (try? await Task.sleep(until: wake, clock: .continuous)) != nil, let self {
                let now = ContinuousClock.now
                let (overdue, next) = self.waiting.withLock { pending -> ([Waiting], ContinuousClock.Instant?) in
                    guard pending.sweeper?.generation == generation else { return ([], nil) }
                    let overdue = pending.requests.values.filter { $0.deadline <= now }
                    for request in overdue { pending.requests[request.id] = nil }
                    let next = pending.requests.values.map(\.deadline).min()
                    pending.sweeper = next.map { (generation, $0) }
                    return (overdue, next)
                }
                for request in overdue { request.done(nil) }
                guard let next else { return }
                wake = next
            }
        }
    }

    /// Ends the wait of a request: with its reply lines once handled, else with nil. Only the
    /// first call for a request counts.
    func answer(_ id: String, handled: Bool) {
        let found = waiting.withLock { $0.requests.removeValue(forKey: id) }
        guard let found else { return }
        found.done(handled ? found.lines : nil)
    }

    /// A person the platform has shown in this team (a sender, or named by id in a mention) is in
    /// its channel: a post that mentions them reaches them.
    public func whereabouts(of person: String, channel: String) -> Whereabouts {
        userIDs.withLock { $0[person.lowercased()] } == nil ? .unseen : .inChannel
    }

    /// A line said in the channel (an outgoing webhook, the generic route without `private`) is
    /// answered in the channel; slash commands and private lines are answered to the sender alone.
    public func repliesAreSeenByAll(_ message: ChatMessage) -> Bool { message.channel != nil }

    /// Incoming webhooks post in the channel: a person is told privately only in the answer to
    /// their own slash command.
    public var hasPrivateMessages: Bool { false }

    /// Only while its HTTP request still waits (not timed out, not shut down).
    public func stillWanted(_ message: ChatMessage) async -> Bool {
        guard let id = message.requestID else { return true }
        return waiting.withLock { $0.requests[id] != nil }
    }

    public func finished(_ message: ChatMessage) async {
        if let id = message.requestID { answer(id, handled: true) }
    }

    /// Adds a line to the answer of the request being handled (`ChatMessage.inReplyTo`), if it is
    /// from `person` and still waits.
    func addToReply(_ text: String, for person: String) -> Bool {
        guard let id = ChatMessage.inReplyTo else { return false }
        return waiting.withLock { pending in
            // By index: optional chaining through the dictionary here made it copy its storage (8
            // allocations a reply).
            guard let index = pending.requests.index(forKey: id),
                  pending.requests.values[index].nick.lowercased() == person.lowercased() else { return false }
            pending.requests.values[index].lines.append(text)
            return true
        }
    }

    public func post(_ text: String, to channel: String) async {
        await post([text], to: channel)
    }

    /// Lines that belong together go as one message (split again only at the platform's limit).
    public func post(_ lines: [String], to channel: String) async {
        await enqueue(safe(lines.joined(separator: "\n")), target: nil, kind: "post")
    }

    /// Straight to the platform, outside the outbox: the prompt counts as posted only on a 2xx.
    public func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        await hub.postNow(safe(lines.joined(separator: "\n")), team: team.id, kind: "prompt")
    }

    /// To the sender of the request being handled, in the HTTP response; to anyone else, in the
    /// channel with a mention (incoming webhooks cannot write to one person).
    public func notify(_ text: String, to person: String) async {
        let text = safe(text)
        if addToReply(text, for: person) { return }
        await enqueue("\(mention(person)) \(text)", target: nil, kind: "notice")
    }

    /// What the bot says, with no mention, link, image or HTML that someone's text could make.
    func safe(_ text: String) -> String { webhook.platform.neutralised(text) }

    /// How a post names a person so that the platform tells them: by user id where it needs one.
    func mention(_ person: String) -> String {
        Self.mention(person, id: userIDs.withLock { $0[person.lowercased()] }, on: webhook.platform)
    }

    /// `@name`, or `<@id>` on Slack and Discord when the id is known; a name that is no plain
    /// handle, or that the platform reads as everyone (`all`, `here` …), is shown but pings no one.
    static func mention(_ person: String, id: String?, on platform: WebhookPlatform) -> String {
        func plain(_ text: String) -> Bool {
            !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        }
        if platform == .slack || platform == .discord, let id, plain(id) { return "<@\(id)>" }
        guard plain(person), !massMentions.contains(person.lowercased()) else { return platform.neutralised("@\(person)") }
        return "@\(person)"
    }

    /// Names the platforms read as a mention of everyone in the channel.
    static let massMentions: Set = ["all", "here", "channel", "everyone", "everybody", "someone"]

    public func message(_ text: String, to person: String) async {
        await notify(text, to: person)
    }

    /// The digest itself, as Markdown, with the link to its page when there is one (a file path
    /// on the bot's machine means nothing on a web platform).
    public func digestLines(_ digest: WeeklyDigest, path: String, language: Language) -> [String] {
        [DigestBuilder.render(digest, language: language, format: .md)] + (Self.isLink(path) ? [Phrase.digestWhere(path).text(language)] : [])
    }

    static func isLink(_ location: String) -> Bool { location.hasPrefix("https://") || location.hasPrefix("http://") }

    /// The whole digest, as Markdown, with the link to its page, through the leaders' webhook;
    /// without one, only the summary (counts and top themes, nothing about a person) in the team's
    /// channel, and no link: the page is for leaders (it names who said what).
    public func deliverDigest(_ digest: WeeklyDigest, path: String, of team: TeamConfig, leaderNicks: [String]) async {
        if webhook.leadersURL != nil {
            await enqueue(safe(digestLines(digest, path: path, language: team.language).joined(separator: "\n")), target: "leaders", kind: "digest")
        } else {
            await enqueue(safe(DigestBuilder.summary(digest, language: team.language, path: nil).joined(separator: "\n")),
                          target: nil, kind: "digest")
        }
    }

    /// Through the leaders' webhook, when the team has one (incoming webhooks cannot write to one person).
    public func alertLeaders(_ text: String, of team: TeamConfig, leaderNicks: [String]) async -> Bool {
        guard webhook.leadersURL != nil else { return false }
        await enqueue(safe(text), target: "leaders", kind: "escalation")
        return true
    }

    func enqueue(_ text: String, target: String?, kind: String) async {
        do {
            try await hub.enqueue(text, team: team.id, target: target, kind: kind)
        } catch {
            logger.error("could not write to the outbox; the message is lost", metadata: [
                "team.id": "\(team.id)", "webhook.kind": "\(kind)", "error": "\(error)"])
        }
    }
}
