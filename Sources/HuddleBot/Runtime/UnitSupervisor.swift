import Logging
import ServiceLifecycle
import Synchronization

/// Services that start and stop together while the bot runs: a transport with its chat
/// handler, or the webhook hub.
public struct BotUnit: Sendable {
    public var id: String
    public var services: [any Service]

    /// Creates a unit.
    public init(id: String, services: [any Service]) {
        self.id = id
        self.services = services
    }
}

/// Runs units, each in a service group of its own nested in the bot's, and starts and stops
/// them while running (reload), so that one transport can be replaced without touching the
/// others. Graceful shutdown of the bot reaches every unit.
final class UnitSupervisor: Service, CustomStringConvertible {
    private enum Command: Sendable {
        case start(BotUnit)
        case stop(String, CheckedContinuation<Void, Never>)
    }

    private struct Running {
        var group: ServiceGroup
        var finished: [CheckedContinuation<Void, Never>] = []
        var done = false
    }

    private let logger: Logger
    private let commands: AsyncStream<Command>
    private let sink: AsyncStream<Command>.Continuation
    private let running = Mutex<[String: Running]>([:])
    var description: String { "UnitSupervisor" }

    init(logger: Logger) {
        self.logger = logger
        (commands, sink) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Starts a unit (once the supervisor runs).
    func start(_ unit: BotUnit) { sink.yield(.start(unit)) }

    /// Shuts a unit down gracefully and returns once all its services have ended.
    func stop(_ id: String) async {
        await withCheckedContinuation { continuation in sink.yield(.stop(id, continuation)) }
    }

    /// The ids of the units running now.
    var unitIDs: Set<String> { running.withLock { Set($0.filter { !$0.value.done }.keys) } }

    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for await command in commands.cancelOnGracefulShutdown() {
                switch command {
                case .start(let unit):
                    let services = ServiceGroup(configuration: .init(services: unit.services.map { .init(service: $0) }, logger: logger))
                    running.withLock { $0[unit.id] = Running(group: services) }
                    group.addTask { [logger] in
                        defer { self.finished(unit.id, group: services) }
                        do {
                            try await services.run()
                        } catch {
                            // A unit that fails (a listener that cannot bind) stops the bot, as before units.
                            logger.error("bot unit ended with an error", metadata: ["unit.id": "\(unit.id)", "error": "\(error)"])
                            throw error
                        }
                    }
                case .stop(let id, let continuation):
                    let services: ServiceGroup? = running.withLock { units in
                        guard var unit = units[id], !unit.done else { return nil }
                        unit.finished.append(continuation)
                        units[id] = unit
                        return unit.group
                    }
                    if let services { await services.triggerGracefulShutdown() } else { continuation.resume() }
                }
            }
        }
        // Shutting down: anyone waiting for a unit to stop may go on.
        for waiter in running.withLock({ units in units.values.flatMap(\.finished) }) { waiter.resume() }
    }

    private func finished(_ id: String, group: ServiceGroup) {
        let waiters: [CheckedContinuation<Void, Never>] = running.withLock { units in
            guard var unit = units[id], unit.group === group else { return [] }
            unit.done = true
            defer { units.removeValue(forKey: id) }
            return unit.finished
        }
        for waiter in waiters { waiter.resume() }
    }
}
