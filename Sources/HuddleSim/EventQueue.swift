import Foundation
import HuddleCore
import Webhooks

/// A chat line a simulated person sends.
struct StaffLine: Sendable {
    var team: String
    var nick: String
    var account: String
    /// The channel, or nil for a private line (a slash command on a webhook platform).
    var channel: String?
    var text: String
    /// When it was said: unique to the millisecond, so its entry is found by this time alone.
    var at: Date
    /// What kind of line, for the trace.
    var kind: String
    /// People the line names (a compliment's recipients), for `forget`.
    var names: [String] = []
    /// The platform gives up on the request before the bot answers (webhook teams).
    var abandoned = false
}

/// What can happen next in the simulation.
enum SimEvent: Sendable {
    /// A scheduler wake; `main` for the one the scheduler itself asked for (a later one replaces it).
    case tick(main: Bool)
    case line(StaffLine)
    case outbox
    case plan
    case ircDown(TimeInterval, cutPrompt: Bool)
    case ircUp
    case platform(String, Platforms.Mood, TimeInterval)
    case platformUp(String)
    case diskFull(TimeInterval)
    case crash
    case restart
    case reload
    case forget
    case calm
    case end

    var name: String {
        switch self {
        case .tick(let main): main ? "tick" : "tick (woken)"
        case .line(let line): "line \(line.team) \(line.kind) \(line.nick)\(line.channel == nil ? " (private)" : "")\(line.abandoned ? " (abandoned)" : "")"
        case .outbox: "outbox"
        case .plan: "plan"
        case .ircDown(let seconds, let cut): "irc down \(Int(seconds))s\(cut ? " mid-prompt" : "")"
        case .ircUp: "irc up"
        case .platform(let team, let mood, let seconds): "platform \(team) \(mood) \(Int(seconds))s"
        case .platformUp(let team): "platform \(team) up"
        case .diskFull(let seconds): "disk full \(Int(seconds))s"
        case .crash: "crash"
        case .restart: "restart"
        case .reload: "reload"
        case .forget: "forget"
        case .calm: "calm"
        case .end: "end"
        }
    }
}

/// The events to come, in time order (insertion order among equal times).
struct EventQueue {
    private var heap: [(at: Date, order: Int, event: SimEvent)] = []
    private var counter = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// Adds an event; all but chat lines happen on a whole second (lines never do).
    mutating func add(_ event: SimEvent, at date: Date) {
        var at = date
        if case .line = event {} else { at = wholeSecond(date) }
        counter += 1
        heap.append((at, counter, event))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func next() -> (at: Date, event: SimEvent)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && less(left, smallest) { smallest = left }
            if right < heap.count && less(right, smallest) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.at, top.event)
    }

    private func less(_ a: Int, _ b: Int) -> Bool { (heap[a].at, heap[a].order) < (heap[b].at, heap[b].order) }
}

/// The first whole second at or after `date`.
func wholeSecond(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up)) }
