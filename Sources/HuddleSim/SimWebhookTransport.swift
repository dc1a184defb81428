import Foundation
import HuddleBot
import HuddleCore
import Synchronization
import Webhooks

/// One team on a webhook platform, as `WebhookChatTransport` behaves without its HTTP layer:
/// posts go through the outbox, the prompt straight to the platform, and what the bot says to
/// the sender of a line it is handling goes into that request's answer.
final class SimWebhookTransport: ChatTransport, CustomStringConvertible {
    struct Request {
        var nick: String
        var lines: [String] = []
        var abandoned = false
    }
    let team: String
    let channel: String
    let platform: WebhookPlatform
    let courier: SimCourier
    let observer: Observer
    let events: AsyncStream<ChatEvent>
    private let requests = Mutex<[String: Request]>([:])
    private let userIDs = Mutex<[String: String]>([:])
    var description: String { "SimWebhook(\(team))" }

    init(team: String, channel: String, platform: WebhookPlatform, courier: SimCourier, observer: Observer) {
        self.team = team
        self.channel = channel
        self.platform = platform
        self.courier = courier
        self.observer = observer
        events = AsyncStream { $0.finish() }
    }

    func run() async throws {}

    /// A request arrives from `nick` (platform user `userID`); the line it carries is handled next.
    func open(_ id: String, nick: String, userID: String) {
        userIDs.withLock { $0[nick.lowercased()] = userID }
        requests.withLock { $0[id] = Request(nick: nick) }
    }

    /// The platform gave up on a request before the bot answered (its sender was told to try again).
    func abandon(_ id: String) { requests.withLock { $0[id]?.abandoned = true } }

    var hasPrivateMessages: Bool { false }

    func repliesAreSeenByAll(_ message: ChatMessage) -> Bool { message.channel != nil }

    func whereabouts(of person: String, channel: String) -> Whereabouts {
        userIDs.withLock { $0[person.lowercased()] } == nil ? .unseen : .inChannel
    }

    func stillWanted(_ message: ChatMessage) async -> Bool {
        guard let id = message.requestID else { return true }
        return requests.withLock { $0[id].map { !$0.abandoned } ?? false }
    }

    func finished(_ message: ChatMessage) async {
        guard let id = message.requestID, let request = requests.withLock({ $0.removeValue(forKey: id) }) else { return }
        guard courier.process.alive, !request.abandoned else { return }
        for line in request.lines { observer.said(line, to: "reply:\(request.nick)") }
    }

    private func safe(_ text: String) -> String { platform.neutralised(text) }

    func post(_ text: String, to channel: String) async { await post([text], to: channel) }

    func post(_ lines: [String], to channel: String) async {
        observer.said(lines.first ?? "", to: "outbox:\(team)")
        await courier.enqueue(safe(lines.joined(separator: "\n")), team: team, channel: self.channel, platform: platform, kind: "post")
    }

    func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        await courier.postNow(safe(lines.joined(separator: "\n")), lines: lines, team: team, channel: self.channel, platform: platform)
    }

    func notify(_ text: String, to person: String) async {
        guard courier.process.alive else { return }
        observer.toPerson(person, text: text, explicit: false)
        if let id = ChatMessage.inReplyTo {
            let added = requests.withLock { requests -> Bool in
                guard let request = requests[id], request.nick.lowercased() == person.lowercased() else { return false }
                requests[id]?.lines.append(safe(text))
                return true
            }
            if added { return }
        }
        observer.said(text, to: "outbox:\(team)")
        await courier.enqueue("@\(person) \(safe(text))", team: team, channel: channel, platform: platform, kind: "notice")
    }

    func message(_ text: String, to person: String) async { await notify(text, to: person) }

    func confirm(_ text: String, to person: String, in channel: String, style: ConfirmStyle) async {
        guard courier.process.alive else { return }
        observer.toPerson(person, text: text, explicit: true)
        switch style {
        case .notice: await notify(text, to: person)
        case .reply: await post("\(person): \(text)", to: channel)
        case .short: await post("\(person): \(Phrase.Marks.done)", to: channel)
        }
    }

    func digestLines(_ digest: WeeklyDigest, path: String, language: Language) -> [String] {
        [DigestBuilder.render(digest, language: language, format: .md)]
    }

    func deliverDigest(_ digest: WeeklyDigest, path: String, of team: TeamConfig, leaderNicks: [String]) async {
        await courier.enqueue(safe(DigestBuilder.summary(digest, language: team.language, path: nil).joined(separator: "\n")),
                              team: self.team, channel: channel, platform: platform, kind: "digest")
    }

    func alertLeaders(_ text: String, of team: TeamConfig, leaderNicks: [String]) async -> Bool { false }
}
