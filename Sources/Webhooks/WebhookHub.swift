import Foundation
import HuddleCore
import HuddleStore
import Logging
import ServiceLifecycle
import Synchronization

extension WebhookRoute {
    /// A text as the team's platform takes it, split at the platform's limit.
    func payloads(_ text: String, kind: String) -> [String] {
        webhook.platform.payloads(text: text, team: team, channel: channel, kind: kind,
                                  options: WebhookFlavour.Options(username: webhook.username, channel: webhook.channelOverride, iconURL: webhook.iconURL))
    }
}

/// One team's webhook, with its URLs and secrets read: where its posts go and how its replies are checked.
public struct WebhookRoute: Sendable {
    public var team: String
    public var webhook: TeamWebhook
    /// The channel name generic payloads carry.
    public var channel: String
    public var url: String
    public var leadersURL: String?
    /// The secrets replies are checked with; nil when the team takes no replies.
    public var secrets: [String]?

    /// Creates a route.
    public init(team: String, webhook: TeamWebhook, channel: String, url: String, leadersURL: String? = nil, secrets: [String]? = nil) {
        self.team = team
        self.webhook = webhook
        self.channel = channel
        self.url = url
        self.leadersURL = leadersURL
        self.secrets = secrets
    }
}

/// What the hub hands a checked reply to: it gives `answer` (once, now or later, from any thread)
/// the lines for the sender, or nil when the bot cannot answer now. It hands the line on and
/// returns: nothing waits for the answer.
public typealias InboundHandler = @Sendable (_ line: InboundLine, _ answer: @escaping @Sendable ([String]?) -> Void) -> Void

/// Everything the webhook teams share: the durable outbox and its delivery, and the HTTP
/// endpoint that takes replies at `POST /<platform>/<team>` (and answers `GET /healthz`).
public final class WebhookHub: Service, CustomStringConvertible {
    public let outbox: Outbox
    /// The endpoint for replies, when `webhooks.listen` is set.
    public let server: HTTPServer?
    let routes: [String: WebhookRoute]
    let courier: OutboxCourier
    var sender: OutboxSender { courier.sender }
    let client: CurlHTTPClient
    let now: @Sendable () -> Date
    let logger: Logger
    let handlers = HandlerTable()
    /// What answers `/form/…` (the personal huddle forms), once the bot has set it.
    let forms = FormSlot()
    /// What opens and takes the platforms' own dialogs of the huddle, once the bot has set it.
    let dialogs = DialogSlot()
    public var description: String { "WebhookHub(\(routes.keys.sorted().joined(separator: ",")))" }

    /// A hub for `routes`, delivering through `outbox` (the data directory's), listening on `listen` if given.
    public init(outbox: Outbox, listen: WebhookListenSettings?, routes: [WebhookRoute], now: @escaping @Sendable () -> Date,
                logger: Logger, client: CurlHTTPClient = CurlHTTPClient(), pollInterval: Duration = .milliseconds(250),
                pages: DigestPages? = nil, metrics: HTTPRouter.Handler? = nil) {
        let byTeam = Dictionary(routes.map { ($0.team, $0) }, uniquingKeysWith: { first, _ in first })
        self.outbox = outbox
        self.routes = byTeam
        self.now = now
        self.logger = logger
        self.client = client
        let sender = OutboxSender(client: client, outbox: outbox, logger: logger) { message in
            message.target == "leaders" ? byTeam[message.team]?.leadersURL : byTeam[message.team]?.url
        }
        courier = OutboxCourier(sender: sender, now: now, pollInterval: pollInterval)
        let gates = byTeam.compactMapValues { route in route.secrets.map { InboundGate(platform: route.webhook.platform, secrets: $0) } }
        let handlers = handlers
        let forms = forms
        let dialogs = dialogs
        server = listen.map { listen in
            let refusals = HTTPRefusals(listener: "webhooks", logger: logger)
            var router = HTTPRouter { request in
                await Self.route(request, routes: byTeam, gates: gates, handler: handlers.handler(for:), now: now(), refusals: refusals,
                                 dialogs: dialogs.handle)
            }
            // A reply is checked in a task that hands the line to the bot and ends; the request is
            // answered when the bot has handled the line, by whoever handled it (no task waits for it).
            router.fallBack { request, answer in
                Task {
                    Self.route(request, routes: byTeam, gates: gates, handler: handlers.handler(for:), now: now(), refusals: refusals,
                               dialogs: dialogs.handle, answer: answer)
                }
            }
            router.route("/healthz", to: HTTPRouter.healthz(refusals: refusals))
            if let metrics { router.route("/metrics", to: metrics) }
            router.route(prefix: "/form/") { request in
                guard let serve = forms.handler.withLock({ $0 }) else { return .text(404, "not found") }
                return await serve(request)
            }
            if let pages {
                let page: HTTPRouter.Handler = { request in
                    let reply = pages.serve(request, now: now())
                    if reply.status == 403 || reply.status == 405 {
                        refusals.record(reply.status == 403 ? .badSignature : .method, metadata: ["http.status": "\(reply.status)", "http.route": "digest"])
                    }
                    return reply
                }
                for prefix in DigestPages.prefixes { router.route(prefix: prefix, to: page) }
            }
            return HTTPServer(host: listen.host, port: listen.port, maxBodyBytes: listen.maxBodyBytes, logger: logger, refusals: refusals,
                              responder: router.respond, handler: router.answer)
        }
    }

    /// Whether this listener answers the personal huddle forms.
    public var servesForms: Bool { server != nil && forms.handler.withLock { $0 != nil } }

    /// Sets what opens and takes the platforms' own dialogs of the huddle.
    public func serveDialogs(_ handler: @escaping DialogHandler) {
        dialogs.handler.withLock { $0 = handler }
    }

    /// Sets what answers the personal huddle forms (`/form/…`) on this listener.
    public func serveForms(_ handler: @escaping HTTPRouter.Handler) {
        forms.handler.withLock { $0 = handler }
    }

    /// Sets what a team's checked replies are handed to.
    public func register(team: String, handler: @escaping InboundHandler) {
        handlers.set(handler, for: team)
    }

    /// Writes a message for a team, split to its platform's limit, to the outbox; returns once it
    /// is on disk. `target` nil is the team's channel, `leaders` its leaders' webhook.
    public func enqueue(_ text: String, team: String, target: String? = nil, kind: String) async throws {
        guard let route = routes[team] else { return }
        try await store(route.payloads(text, kind: kind), team: team, target: target, kind: kind, at: now())
    }

    /// Writes payloads to the outbox, in order, and wakes the delivery.
    func store(_ bodies: [String], team: String, target: String?, kind: String, at: Date) async throws {
        for body in bodies {
            try await outbox.add(OutboxMessage(id: RandomID.uuid(), createdAt: at, team: team, target: target, kind: kind, body: body))
        }
        if !bodies.isEmpty { courier.ring() }
    }

    /// Posts a team's prompt at once, outside the outbox: true once the platform answered 2xx
    /// for its first part (a part after it that fails goes to the outbox), false when it could
    /// not go out now — the team's platform asked for a pause, refused it, or did not answer.
    /// A prompt is worth posting only during its huddle: the scheduler, not the outbox, tries
    /// again (with a text that says it is late) or records the huddle missed.
    public func postNow(_ text: String, team: String, kind: String) async -> Bool {
        guard let route = routes[team] else { return false }
        let at = now()
        guard !sender.backoff.isWaiting(team, now: at) else { return false }
        let bodies = route.payloads(text, kind: kind)
        guard let first = bodies.first else { return false }
        let message = OutboxMessage(id: RandomID.uuid(), createdAt: at, team: team, target: nil, kind: kind, body: first)
        switch await OutboxSender.post(message, url: route.url, client: client, now: at, fallback: sender.delay(attempts: 1)) {
        case .delivered:
            break
        case .retry(let until, let reason):
            sender.backoff.set(team, until: until)
            logger.warning("webhook prompt not delivered; the platform asked to wait", metadata: [
                "team.id": "\(team)", "webhook.reason": "\(reason)", "webhook.retry_at": "\(HuddleJSON.timestamp(until))"])
            return false
        case .refused(let reason):
            logger.error("webhook refused the prompt", metadata: ["team.id": "\(team)", "webhook.reason": "\(reason)"])
            return false
        }
        do {
            try await store(Array(bodies.dropFirst()), team: team, target: nil, kind: kind, at: at)
        } catch {
            logger.error("could not write to the outbox; part of a prompt is lost", metadata: ["team.id": "\(team)", "error": "\(error)"])
        }
        return true
    }

    /// Serves the endpoint and delivers the outbox (resuming what a previous run left) until shutdown.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let server { group.addTask { try await server.run() } }
            group.addTask { try await self.courier.run() }
            try await group.waitForAll()
        }
    }

    /// Answers one request: finds the team by path, checks it, and hands the line to the bot; a
    /// refusal is counted and logged in `refusals`' summaries.
    static func route(_ request: HTTPRequest, routes: [String: WebhookRoute], gates: [String: InboundGate],
                      handler: (String) -> InboundHandler?, now: Date, refusals: HTTPRefusals,
                      dialogs: @escaping DialogHandler = { _, _ in nil }) async -> HTTPReply {
        await withCheckedContinuation { continuation in
            route(request, routes: routes, gates: gates, handler: handler, now: now, refusals: refusals, dialogs: dialogs) { continuation.resume(returning: $0) }
        }
    }

    /// The same, answering through `answer`: at once for a request refused or answered by its
    /// check, once the bot has handled the line otherwise.
    static func route(_ request: HTTPRequest, routes: [String: WebhookRoute], gates: [String: InboundGate],
                      handler: (String) -> InboundHandler?, now: Date, refusals: HTTPRefusals,
                      dialogs: @escaping DialogHandler = { _, _ in nil }, answer: @escaping @Sendable (HTTPReply) -> Void) {
        guard let (platform, team) = platformAndTeam(request.path), let route = routes[String(team)],
              route.webhook.platform.rawValue == platform else {
            refusals.record(.noRoute, metadata: ["http.status": "404"])
            return answer(.text(404, "no such route; replies go to POST /<platform>/<team>"))
        }
        guard request.method == "POST" || request.method == "GET" && route.webhook.platform == .mattermost else {
            refusals.record(.method, metadata: ["team.id": "\(route.team)", "http.status": "405"])
            return answer(.text(405, "use POST"))
        }
        guard let gate = gates[route.team] else {
            refusals.record(.noSecret, metadata: ["team.id": "\(route.team)", "http.status": "403"])
            return answer(.text(403, "team \(route.team) takes no replies: its webhook has no secret"))
        }
        let line: InboundLine
        switch gate.check(request, now: now) {
        case .failure(let reply) where reply.status == 200:
            return answer(HTTPReply(status: 200, contentType: reply.contentType, body: Data(reply.reason.utf8)))
        case .failure(let rejection):
            refusals.record(rejection.refusal ?? .badBody, metadata: ["team.id": "\(route.team)", "http.status": "\(rejection.status)",
                                                                      "webhook.reason": "\(rejection.reason)"])
            return answer(.text(rejection.status, rejection.reason))
        case .success(let checked):
            line = checked
        }
        if let postID = line.postID, !gate.firstSight(of: "post \(postID)", now: now) {
            return answer(.json(200, [String: String]()))
        }
        let (webhook, isCommand) = (route.webhook, line.isCommand)
        let handle = handler(route.team)
        let handOver: @Sendable () -> Void = {
            guard let handle else { return answer(busy) }
            handle(line) { lines in answer(lines.map { reply($0, webhook: webhook, isCommand: isCommand) } ?? busy) }
        }
        // `/huddle` alone where the platform has its own dialog, and a dialog submitted: rare, so
        // these alone wait in a task for the dialog's answer.
        guard line.dialog != nil || isCommand && line.text.isEmpty else { return handOver() }
        Task {
            if let dialogAnswer = await dialogs(route.team, line) { answer(dialogAnswer) } else { handOver() }
        }
    }

    /// The answer to a reply the bot cannot handle now.
    static let busy = HTTPReply.text(503, "the bot is starting, shutting down or busy; try again")

    /// The two parts of a path `/<platform>/<team>` (empty parts between slashes do not count, as
    /// `split` has it), without making an array of them; nil for any other number of parts.
    static func platformAndTeam(_ path: String) -> (Substring, Substring)? {
        var (platform, team): (Substring?, Substring?) = (nil, nil)
        var start: String.Index?
        var index = path.startIndex
        while true {
            let atEnd = index == path.endIndex
            if atEnd || path.utf8[index] == UInt8(ascii: "/") {
                if let first = start {
                    guard team == nil else { return nil }
                    if platform == nil { platform = path[first..<index] } else { team = path[first..<index] }
                }
                start = nil
            } else if start == nil {
                start = index
            }
            if atEnd { break }
            index = path.utf8.index(after: index)
        }
        guard let platform, let team else { return nil }
        return (platform, team)
    }

    /// The reply in the form the platform shows it: privately for slash commands.
    static func reply(_ lines: [String], webhook: TeamWebhook, isCommand: Bool) -> HTTPReply {
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
        case .discord:
            // One message, seen only by the sender; Discord takes 2000 characters at most.
            var content = lines.isEmpty ? "✓" : text
            if content.count > 2000 { content = String(content.prefix(1999)) + "…" }
            return .json(200, ["type": 4, "data": ["content": content, "flags": 64, "allowed_mentions": ["parse": [String]()]] as [String: Any]])
        case .generic:
            // Every signed reply is answered so: written without JSONSerialization, in one buffer.
            var body: [UInt8] = []
            body.reserveCapacity(lines.reduce(16) { $0 + $1.utf8.count + 3 })
            body.append(contentsOf: #"{"replies":["#.utf8)
            for (index, line) in lines.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                JSONText.quote(line, to: &body)
            }
            body.append(contentsOf: "]}".utf8)
            return HTTPReply(status: 200, contentType: "application/json; charset=utf-8", body: Data(body))
        }
    }
}

/// Who takes each team's replies.
final class HandlerTable: Sendable {
    private let table = Mutex<[String: InboundHandler]>([:])

    func set(_ handler: @escaping InboundHandler, for team: String) { table.withLock { $0[team] = handler } }

    func handler(for team: String) -> InboundHandler? { table.withLock { $0[team] } }
}

/// What answers a line that opens or submits a platform's dialog (nil: an ordinary line).
public typealias DialogHandler = @Sendable (_ team: String, _ line: InboundLine) async -> HTTPReply?

/// Where the bot sets what answers the dialogs, after the hub exists.
final class DialogSlot: Sendable {
    let handler = Mutex<DialogHandler?>(nil)

    /// Answers through the handler set, if any (nil: none is set, the line is an ordinary one).
    @Sendable func handle(_ team: String, _ line: InboundLine) async -> HTTPReply? {
        await handler.withLock({ $0 })?(team, line)
    }
}

/// Where the bot sets what answers the forms, after the hub (and its listener) exists.
final class FormSlot: Sendable {
    let handler = Mutex<HTTPRouter.Handler?>(nil)
}
