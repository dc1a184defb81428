import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import ServiceLifecycle
import Synchronization

/// Everything the webhook teams share: the outbox and its delivery, and the HTTP endpoint that
/// takes replies at `POST /<platform>/<team>` (and answers `GET /healthz`).
public final class WebhookHub: Service, CustomStringConvertible {
    /// One transport per webhook team, in config order.
    public let transports: [WebhookTransport]
    public let outbox: Outbox
    /// The endpoint for replies, when `webhooks.listen` is set.
    public let server: HTTPServer?
    let sender: WebhookSender
    let clock: any HuddleClock
    let logger: Logger
    let doorbell: Doorbell
    /// How often the delivery loop looks at the clock when nothing new was written.
    let pollInterval: Duration
    public var description: String { "WebhookHub(\(transports.map(\.team.id).joined(separator: ",")))" }

    /// Sets up the webhook teams of `config`: reads each team's URLs and secrets (throws naming
    /// what is missing) and prepares the endpoint if `webhooks.listen` is set.
    public init(config: HuddleConfig, clock: any HuddleClock, logger: Logger, client: CurlHTTPClient = CurlHTTPClient(),
                environment: [String: String] = ProcessInfo.processInfo.environment, pollInterval: Duration = .milliseconds(250)) throws {
        let outbox = Outbox(dataDirectory: config.dataDirectory)
        let doorbell = Doorbell()
        var urls: [String: String] = [:]
        var gates: [String: InboundGate] = [:]
        var transports: [WebhookTransport] = []
        for team in config.teams {
            guard let webhook = team.webhook else { continue }
            func read(_ source: SecretSource, _ key: String) throws -> String {
                do {
                    return try source.read(environment: environment)
                } catch {
                    throw TransportSetupError("team \(team.id): \(error) (teams.\(team.id).webhook.\(key)_env or \(key)_file)")
                }
            }
            urls[team.id] = try read(webhook.url, "url")
            if let leaders = webhook.leadersURL { urls["\(team.id) leaders"] = try read(leaders, "leaders_url") }
            if let secret = webhook.secret, webhook.platform.acceptsReplies {
                let secrets = InboundGate.secrets(from: try read(secret, "secret"))
                if webhook.platform == .teams, secrets.contains(where: { Data(base64Encoded: $0) == nil }) {
                    throw TransportSetupError("team \(team.id): the Teams security token in \(secret) is not base64, as Teams shows it")
                }
                gates[team.id] = InboundGate(platform: webhook.platform, secrets: secrets)
            }
            transports.append(WebhookTransport(team: team, webhook: webhook, outbox: outbox, clock: clock, logger: logger,
                                               enqueued: doorbell.ring))
        }
        self.transports = transports
        self.outbox = outbox
        self.clock = clock
        self.logger = logger
        self.doorbell = doorbell
        self.pollInterval = pollInterval
        self.sender = WebhookSender(client: client, outbox: outbox, logger: logger) { [urls] message in
            urls[message.target == "leaders" ? "\(message.team) leaders" : message.team]
        }
        server = config.webhooks.map { listen in
            HTTPServer(host: listen.host, port: listen.port, maxBodyBytes: listen.maxBodyBytes, logger: logger) { [gates, transports] request in
                await Self.route(request, gates: gates, transports: transports, now: clock.now(), logger: logger)
            }
        }
    }

    /// Serves the endpoint and delivers the outbox (resuming what a previous run left) until shutdown.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let server { group.addTask { try await server.run() } }
            group.addTask { await self.deliver() }
            try await group.waitForAll()
        }
    }

    /// Delivers whenever something was written to the outbox or a retry falls due, and looks
    /// again every minute (for messages put back with `huddle outbox --retry-failed`).
    func deliver() async {
        var next: Date?
        var lastLook = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = clock.now()
            if doorbell.take() || next.map({ $0 <= now }) == true || Date().timeIntervalSince(lastLook) >= 60 {
                lastLook = Date()
                do {
                    next = try await sender.deliverDue(now: now)
                } catch {
                    logger.error("cannot read or update the outbox", metadata: ["file.path": "\(outbox.directory)", "error": "\(error)"])
                    next = now.addingTimeInterval(10)
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) }
        }
    }

    /// Answers one request: finds the team by path, checks it, and hands the line to the bot.
    static func route(_ request: HTTPRequest, gates: [String: InboundGate], transports: [WebhookTransport], now: Date,
                      logger: Logger) async -> HTTPReply {
        if request.path == "/healthz" {
            return request.method == "GET" || request.method == "HEAD" ? .text(200, "ok") : .text(405, "use GET")
        }
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count == 2, let transport = transports.first(where: { $0.team.id == parts[1] && $0.webhook.platform.rawValue == parts[0] }) else {
            return .text(404, "no such route; replies go to POST /<platform>/<team>")
        }
        let team = transport.team.id
        guard request.method == "POST" else { return .text(405, "use POST") }
        guard let gate = gates[team] else { return .text(403, "team \(team) takes no replies: its webhook has no secret") }
        let line: InboundLine
        switch gate.check(request, now: now) {
        case .failure(let rejection) where rejection.status == 200:
            return .text(200, rejection.reason)
        case .failure(let rejection):
            logger.warning("webhook request refused", metadata: ["team.id": "\(team)", "http.status": "\(rejection.status)",
                                                                 "webhook.reason": "\(rejection.reason)"])
            return .text(rejection.status, rejection.reason)
        case .success(let checked):
            line = checked
        }
        if let postID = line.postID, !gate.firstSight(of: "post \(postID)", now: now) {
            return .json(200, [String: String]())
        }
        guard let lines = await transport.receive(line) else {
            return .text(503, "the bot is shutting down or busy; try again")
        }
        return reply(lines, platform: transport.webhook, isCommand: line.isCommand)
    }

    /// The reply in the form the platform shows it: privately for slash commands.
    static func reply(_ lines: [String], platform webhook: TeamWebhook, isCommand: Bool) -> HTTPReply {
        let text = lines.joined(separator: "\n")
        switch webhook.platform {
        case .slack, .mattermost:
            if lines.isEmpty { return HTTPReply(status: 200, contentType: "text/plain; charset=utf-8", body: Data()) }
            var object: [String: Any] = ["text": text]
            if isCommand { object["response_type"] = "ephemeral" }
            if webhook.platform == .mattermost {
                if let username = webhook.username { object["username"] = username }
                if let icon = webhook.iconURL { object["icon_url"] = icon }
            }
            return .json(200, object)
        case .teams:
            return .json(200, ["type": "message", "text": lines.joined(separator: "\n\n")])
        case .generic, .discord:
            return .json(200, ["replies": lines])
        }
    }
}

/// A flag the outbox writers set and the delivery loop takes.
final class Doorbell: Sendable {
    private let rung = Mutex(true)

    /// Something new is in the outbox.
    func ring() { rung.withLock { $0 = true } }

    /// Whether it rang since the last take.
    func take() -> Bool { rung.withLock { state in defer { state = false }; return state } }
}
