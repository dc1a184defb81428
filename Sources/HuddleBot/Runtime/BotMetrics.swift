import HuddleCore
import Metrics
import Synchronization

/// What the runtime reports to the metrics backend (see swift-metrics; `huddle run` exports it
/// for Prometheus at `metrics.listen`).
enum BotMetrics {
    /// From a chat line reaching the bot to its confirmation being handed to the transport
    /// (the entry fsync'd in between).
    static let confirmation = Timer(label: "huddle_confirmation_seconds")

    /// Entries stored, by type.
    static func stored(_ type: EntryType) -> Counter {
        storedByType.withLock { counters in
            if let counter = counters[type] { return counter }
            let counter = Counter(label: "huddle_entries_stored_total", dimensions: [("type", type.rawValue)])
            counters[type] = counter
            return counter
        }
    }

    /// The counters of `stored`, each made once, when its type is first stored (making one looks
    /// it up in the backend's registry, which cost more than the rest of counting each entry).
    private static let storedByType = Mutex<[EntryType: Counter]>([:])

    /// Prompts by outcome: `posted` on time, `late` (within grace), `missed`.
    static func prompts(_ outcome: String) -> Counter {
        Counter(label: "huddle_prompts_total", dimensions: [("outcome", outcome)])
    }
}
