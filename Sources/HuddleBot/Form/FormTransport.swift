import Foundation
import HuddleCore
import Synchronization

/// The transport a form's submission is handled through: the team's own, except that what is
/// said to the person is also kept for the page, and on a platform without private messages
/// (a webhook) said on the page only — a confirmation must not become a mention in the channel.
final class FormTransport: ChatTransport {
    let base: any ChatTransport
    let person: String
    private let said = Mutex<[String]>([])

    init(base: any ChatTransport, person: String) {
        self.base = base
        self.person = person
    }

    /// What was said to the person, in order.
    var replies: [String] { said.withLock { $0 } }

    private func keep(_ text: String, to person: String) -> Bool {
        guard person.lowercased() == self.person.lowercased() else { return false }
        said.withLock { $0.append(text) }
        return true
    }

    var events: AsyncStream<ChatEvent> { AsyncStream { $0.finish() } }
    func run() async throws {}
    func post(_ text: String, to channel: String) async { await base.post(text, to: channel) }
    func post(_ lines: [String], to channel: String) async { await base.post(lines, to: channel) }

    func notify(_ text: String, to person: String) async {
        if keep(text, to: person), !base.hasPrivateMessages { return }
        await base.notify(text, to: person)
    }

    func message(_ text: String, to person: String) async {
        if keep(text, to: person), !base.hasPrivateMessages { return }
        await base.message(text, to: person)
    }

    func confirm(_ text: String, to person: String, in channel: String, style: ConfirmStyle) async {
        if keep(text, to: person), !base.hasPrivateMessages { return }
        await base.confirm(text, to: person, in: channel, style: style)
    }

    func deliverPrompt(_ lines: [String], to channel: String) async -> Bool { await base.deliverPrompt(lines, to: channel) }
    func digestLines(_ digest: WeeklyDigest, path: String, language: Language) -> [String] { base.digestLines(digest, path: path, language: language) }
    func deliverDigest(_ digest: WeeklyDigest, path: String, of team: TeamConfig, leaderNicks: [String]) async {
        await base.deliverDigest(digest, path: path, of: team, leaderNicks: leaderNicks)
    }
    func alertLeaders(_ text: String, of team: TeamConfig, leaderNicks: [String]) async -> Bool {
        await base.alertLeaders(text, of: team, leaderNicks: leaderNicks)
    }
    func whereabouts(of person: String, channel: String) -> Whereabouts { base.whereabouts(of: person, channel: channel) }
    var hasPrivateMessages: Bool { base.hasPrivateMessages }
    /// The page is the person's alone.
    func repliesAreSeenByAll(_ message: ChatMessage) -> Bool { false }
}
