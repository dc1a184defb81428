import Logging
import ServiceLifecycle

/// Runs services in a `ServiceGroup` while `body` runs, then shuts them down gracefully,
/// also when `body` throws, so a failing test never leaves services running.
public func withRunningServices<T: Sendable>(_ services: [any Service], logger: Logger = Logger(label: "test"),
                                              _ body: @Sendable () async throws -> T) async throws -> T {
    let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: Result<T, Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return try result.get()
    }
}
