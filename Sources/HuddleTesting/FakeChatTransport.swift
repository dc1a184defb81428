import Foundation
import ServiceLifecycle
import HuddleBot
import HuddleCore
import Synchronization

/// A transport that records what the bot says and lets a test play chat lines in.
public final class FakeChatTransport: ChatTransport {
    /// What the bot sent, in order.
    public enum Sent: Sendable, Hashable {
        case post(channel: String, text: String)
        case notice(person: String, text: String)
        case message(person: String, text: String)
    }

    public let events: AsyncStream<ChatEvent>
    private let sink: AsyncStream<ChatEvent>.Continuation
    private let log = Mutex<[Sent]>([])
    private let reachable = Mutex(true)

    private let present = Mutex<Set<String>?>(nil)

    /// Who is in the channel now, lower case; nil (the default): everyone a test names.
    public var members: Set<String>? {
        get { present.withLock { $0 } }
        set { present.withLock { $0 = newValue } }
    }

    /// In the channel when listed in `members` (or when no members are set), else unseen.
    public func whereabouts(of person: String, channel: String) -> Whereabouts {
        present.withLock { $0.map { $0.contains(person.lowercased()) } ?? true } ? .inChannel : .unseen
    }

    /// Whether prompts can go out (false: as if the bot were not connected to the channel).
    public var isConnected: Bool {
        get { reachable.withLock { $0 } }
        set { reachable.withLock { $0 = newValue } }
    }

    /// A transport with nothing sent yet.
    public init() {
        (events, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Plays an event in, as if it came from the chat.
    public func emit(_ event: ChatEvent) { sink.yield(event) }

    /// Everything the bot sent so far.
    public var sent: [Sent] { log.withLock { $0 } }

    /// The lines posted in a channel.
    public func posts(in channel: String) -> [String] {
        sent.compactMap { if case .post(channel, let text) = $0 { return text } else { return nil } }
    }

    /// The notices sent to a person.
    public func notices(to person: String) -> [String] {
        sent.compactMap { if case .notice(person, let text) = $0 { return text } else { return nil } }
    }

    public func run() async throws {
        try? await gracefulShutdown()
        sink.finish()
    }

    public func post(_ text: String, to channel: String) async { log.withLock { $0.append(.post(channel: channel, text: text)) } }

    public func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        guard isConnected else { return false }
        await post(lines, to: channel)
        return true
    }

    public func notify(_ text: String, to person: String) async { log.withLock { $0.append(.notice(person: person, text: text)) } }

    public func message(_ text: String, to person: String) async { log.withLock { $0.append(.message(person: person, text: text)) } }

    /// The private messages sent to a person.
    public func messages(to person: String) -> [String] {
        sent.compactMap { if case .message(person, let text) = $0 { return text } else { return nil } }
    }
}

