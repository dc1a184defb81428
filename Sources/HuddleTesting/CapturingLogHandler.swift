import Logging
import Synchronization

/// A log handler that keeps what is logged, for tests that read the lines: `Logger(label:factory:)`
/// with `handler.factory`, no global bootstrap.
public final class CapturingLogHandler: Sendable {
    /// One line as logged.
    public struct Line: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
    }

    private let lines = Mutex<[Line]>([])

    /// An empty log.
    public init() {}

    /// What was logged so far, in order.
    public var captured: [Line] { lines.withLock { $0 } }

    /// A logger writing here.
    public func logger(label: String = "test") -> Logger {
        Logger(label: label) { _ in Handler(sink: self) }
    }

    fileprivate func append(_ line: Line) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let sink: CapturingLogHandler
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            sink.append(Line(level: event.level, message: "\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
        }
    }
}
