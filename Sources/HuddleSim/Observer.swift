import Foundation
import HuddleCore
import Synchronization

/// A chat line being handled, as the simulation sent it: what its confirmation is matched to.
struct LineInFlight: Sendable, Hashable {
    var team: String
    var nick: String
    var identity: String
    var channel: String?
    var at: Date
    var requestID: String?
}

/// A confirmation the bot gave: the line it confirmed (by its time, which no other line shares).
struct Confirmation: Sendable, Hashable {
    var line: LineInFlight
    var text: String
    var step: Int
}

/// What reached the outside world, kept across crashes (chat channels, people, webhook
/// platforms): the evidence the invariants are checked against. Written by the simulated
/// transports from any task, so it holds its state under a lock.
final class Observer: Sendable {
    struct State {
        var step = 0
        var handling: LineInFlight?
        /// Complete prompts by channel, with the time they went out and their first line.
        var prompts: [(channel: String, at: Date, first: String)] = []
        /// Prompts cut off by a lost connection (their first lines reached the channel).
        var cutPrompts = 0
        var confirmations: [Confirmation] = []
        /// Everything said this step, by where it went, for the trace.
        var said: [String] = []
        var lines = 0
        /// Webhook messages as the platforms received them, by team, in order.
        var delivered: [String: [(id: String, kind: String, body: String)]] = [:]
        /// Messages a platform took while the bot then crashed before removing them from the outbox.
        var deliveredBeforeCrash: Set<String> = []
        /// Messages put in the outbox, by team, in order.
        var enqueued: [String: [String]] = [:]
        var webhookAttempts = 0
        var webhookRefusals = 0
    }
    let state = Mutex(State())
    /// The data directory's path, which differs from run to run: the trace says `$DATA` instead.
    let dataDirectory: String

    init(dataDirectory: String) { self.dataDirectory = dataDirectory }

    /// Starts a step: what is said from now on belongs to it.
    func begin(step: Int, handling: LineInFlight?) {
        state.withLock {
            $0.step = step
            $0.handling = handling
            $0.said.removeAll(keepingCapacity: true)
        }
    }

    /// What was said during the step, in a stable order (by destination; in order within one).
    func endStep() -> [String] {
        state.withLock { state in
            state.handling = nil
            return state.said.enumerated().sorted { ($0.element.prefix(40), $0.offset) < ($1.element.prefix(40), $1.offset) }.map(\.element)
        }
    }

    /// A line said to a channel or a person (`to`), or posted on a platform.
    func said(_ text: String, to: String) {
        let text = text.replacingOccurrences(of: dataDirectory, with: "$DATA")
        state.withLock {
            $0.lines += 1
            $0.said.append("\(to) \(text.prefix(80))")
        }
    }

    /// A complete prompt reached `channel`.
    func prompt(_ lines: [String], channel: String, at: Date) {
        state.withLock { $0.prompts.append((channel, at, lines.first ?? "")) }
        said("PROMPT \(lines.first ?? "")", to: channel)
    }

    /// The bot said `text` to `person`: a confirmation when it answers the line being handled,
    /// from that person, by the confirmation's own path (`explicit`), or privately saying it noted it.
    func toPerson(_ person: String, text: String, explicit: Bool) {
        state.withLock { state in
            guard let line = state.handling, line.nick.lowercased() == person.lowercased() else { return }
            // A private line's confirmation is a notice like any other answer: known by its words.
            if explicit || line.channel == nil && (text.contains("Genoteerd") || text.contains("Noted")),
               state.confirmations.last?.line != line {
                state.confirmations.append(Confirmation(line: line, text: text, step: state.step))
            }
        }
    }

    /// The line being handled, if any.
    var handling: LineInFlight? { state.withLock { $0.handling } }
}
