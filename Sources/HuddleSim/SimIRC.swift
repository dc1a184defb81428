import Foundation
import HuddleBot
import HuddleCore
import Synchronization

/// The IRC server as one bot process sees it: connected or not, joined to the team channels,
/// the people in them. It behaves as `IRCChatTransport` promises: a prompt counts only once all
/// its lines went out on a joined connection (a connection lost halfway cuts it off, and it is
/// not finished later); other lines wait in the outgoing queue while disconnected.
final class SimIRC: ChatTransport, CustomStringConvertible {
    struct State {
        var connected = false
        var queued: [(to: String, text: String)] = []
        /// People in the channels (lower case), and those of them away from them now.
        var known: Set<String> = []
        var absent: Set<String> = []
        /// The next prompt is cut off after this many lines, and the connection drops.
        var cutNextPromptAfter: Int?
        /// The connection dropped in the middle of a prompt since the last look.
        var lostMidPrompt = false
    }
    let events: AsyncStream<ChatEvent>
    private let state = Mutex(State())
    let process: SimProcess
    let observer: Observer
    let clock: SimClock
    var description: String { "SimIRC(process \(process.number))" }

    init(process: SimProcess, observer: Observer, clock: SimClock) {
        self.process = process
        self.observer = observer
        self.clock = clock
        events = AsyncStream { $0.finish() }
    }

    /// Never run: the simulation hands the bot its events itself.
    func run() async throws {}

    var isConnected: Bool { state.withLock { $0.connected } }

    /// The connection is registered and in every channel; what waited goes out.
    func connect() {
        let queued = state.withLock { state in
            state.connected = true
            defer { state.queued.removeAll() }
            return state.queued
        }
        for (to, text) in queued { observer.said(text, to: to) }
    }

    /// The connection is lost.
    func disconnect() { state.withLock { $0.connected = false } }

    /// Whether the connection dropped in the middle of a prompt since the last call.
    func takeLostMidPrompt() -> Bool { state.withLock { state in defer { state.lostMidPrompt = false }; return state.lostMidPrompt } }

    /// The next prompt loses its connection after `lines` lines.
    func cutNextPrompt(after lines: Int) { state.withLock { $0.cutNextPromptAfter = lines } }

    /// The people in the team channels (lower case).
    func setPeople(_ nicks: Set<String>) { state.withLock { $0.known = nicks } }

    /// Whether a person is away from the channels (absent people are told things when next seen).
    func setAway(_ nick: String, _ away: Bool) {
        state.withLock { if away { $0.absent.insert(nick.lowercased()) } else { $0.absent.remove(nick.lowercased()) } }
    }

    private func send(_ text: String, to: String) {
        guard process.alive else { return }
        let sent = state.withLock { state -> Bool in
            guard state.connected else {
                // The real queue is bounded by memory only; a day's worth is plenty here.
                if state.queued.count < 5_000 { state.queued.append((to, text)) }
                return false
            }
            return true
        }
        if sent { observer.said(text, to: to) }
    }

    func post(_ text: String, to channel: String) async { send(text, to: channel) }

    func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        guard process.alive else { return false }
        let (connected, cut) = state.withLock { state -> (Bool, Int?) in
            defer { state.cutNextPromptAfter = nil }
            return (state.connected, state.connected ? state.cutNextPromptAfter : nil)
        }
        guard connected else { return false }
        if let cut, cut < lines.count {
            for line in lines.prefix(cut) { observer.said(line, to: channel) }
            observer.state.withLock { $0.cutPrompts += 1 }
            state.withLock {
                $0.connected = false
                $0.lostMidPrompt = true
            }
            return false
        }
        observer.prompt(lines, channel: channel, at: clock.now())
        return true
    }

    func notify(_ text: String, to person: String) async {
        guard process.alive else { return }
        observer.toPerson(person, text: text, explicit: false)
        send(text, to: person)
    }

    func message(_ text: String, to person: String) async {
        guard process.alive else { return }
        send(text, to: person)
    }

    func confirm(_ text: String, to person: String, in channel: String, style: ConfirmStyle) async {
        guard process.alive else { return }
        observer.toPerson(person, text: text, explicit: true)
        switch style {
        case .notice: send(text, to: person)
        case .reply: send("\(person): \(text)", to: channel)
        case .short: send("\(person): \(Phrase.Marks.done)", to: channel)
        }
    }

    func whereabouts(of person: String, channel: String) -> Whereabouts {
        let nick = person.lowercased()
        return state.withLock { state in
            state.absent.contains(nick) ? .away : state.known.contains(nick) ? .inChannel : .unseen
        }
    }
}
