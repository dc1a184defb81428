import Foundation
import Logging
import Synchronization

/// Turns a stream of like events into few log lines: the first of a kind is logged at once, the
/// ones after it within `interval` are counted and logged as one summary line once the interval
/// has passed (at the next event of the kind or at `flush`), so at most one line per kind and
/// interval. A flood of refused requests costs a line a minute, not a line each.
public final class LogSummary<Kind: Hashable & Sendable>: Sendable {
    /// What one kind has seen since its last line.
    struct Tally {
        var lastLine: Date
        var pending = 0
        var metadata: Logger.Metadata = [:]
    }

    let logger: Logger
    let level: Logger.Level
    let interval: TimeInterval
    let now: @Sendable () -> Date
    /// The line for `count` events of a kind; `first` for the one logged at once.
    let message: @Sendable (_ kind: Kind, _ count: Int, _ first: Bool) -> Logger.Message
    private let tallies = Mutex<[Kind: Tally]>([:])

    /// A summary logging to `logger` at `level`, at most once per `interval` and kind.
    public init(logger: Logger, level: Logger.Level = .warning, interval: TimeInterval = 60, now: @escaping @Sendable () -> Date = Date.init,
                message: @escaping @Sendable (_ kind: Kind, _ count: Int, _ first: Bool) -> Logger.Message) {
        self.logger = logger
        self.level = level
        self.interval = interval
        self.now = now
        self.message = message
    }

    /// One line to write: how many events it reports, whether it is a kind's first, and the last one's metadata.
    struct Line {
        var count: Int
        var first: Bool
        var metadata: Logger.Metadata
    }

    /// Notes one event; `metadata` (the last event's) goes with the line that reports it.
    public func record(_ kind: Kind, metadata: Logger.Metadata = [:]) {
        let at = now()
        let line = tallies.withLock { tallies -> Line? in
            var tally = tallies[kind] ?? Tally(lastLine: .distantPast)
            let due = at.timeIntervalSince(tally.lastLine) >= interval
            tally.pending += 1
            tally.metadata = metadata
            var line: Line?
            if due {
                line = Line(count: tally.pending, first: tally.pending == 1, metadata: metadata)
                tally = Tally(lastLine: at)
            }
            tallies[kind] = tally
            return line
        }
        if let line { write(kind, line) }
    }

    /// Logs the summary of every kind whose interval has passed with events not yet reported;
    /// call it now and then (the HTTP server does, every few seconds) so a burst that stops is reported too.
    public func flush() {
        let at = now()
        let lines = tallies.withLock { tallies -> [(Kind, Line)] in
            var lines: [(Kind, Line)] = []
            for (kind, tally) in tallies where tally.pending > 0 && at.timeIntervalSince(tally.lastLine) >= interval {
                lines.append((kind, Line(count: tally.pending, first: false, metadata: tally.metadata)))
                tallies[kind] = Tally(lastLine: at)
            }
            return lines
        }
        for (kind, line) in lines { write(kind, line) }
    }

    private func write(_ kind: Kind, _ line: Line) {
        var metadata = line.metadata
        metadata["log.count"] = "\(line.count)"
        logger.log(level: level, message(kind, line.count, line.first), metadata: metadata)
    }
}
