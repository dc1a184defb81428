import Foundation
import HuddleCore
import Logging
import Synchronization

/// The log formats `huddle run --log-format` offers.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-12-01T08:00:00+0100 info huddle: message key=value`, as swift-log prints it.
    case text
    /// One JSON object per line: `time`, `level`, `label`, `message` and the metadata.
    case json
}

/// Writes each log record as one JSON object on one line, for journald and log shippers.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: LineSink

    /// A handler for `label` writing to `sink` (standard error by default).
    public init(label: String, sink: LineSink = .standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        sink.write(Self.line(time: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged))
    }

    /// The JSON line for one record (keys sorted, so lines are stable and greppable). Written by
    /// hand: `JSONSerialization` cost more than everything else the bot does for a chat line.
    public static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var fields = metadata
        fields["time"] = .string(HuddleJSON.timestamp(time, alwaysMilliseconds: true))
        fields["level"] = .string(level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(message)
        var out = ""
        out.reserveCapacity(256)
        write(.dictionary(fields), to: &out)
        return out
    }

    static func write(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let text): JSONText.quote(text, to: &out)
        case .stringConvertible(let convertible): JSONText.quote(convertible.description, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .dictionary(let entries):
            out += "{"
            for (index, (key, item)) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                JSONText.quote(key, to: &out)
                out += ":"
                write(item, to: &out)
            }
            out += "}"
        }
    }
}

/// Where log lines go: one whole line per write, never interleaved.
public final class LineSink: Sendable {
    private let lock = Mutex(())
    private let handle: FileHandle

    /// A sink writing to a file handle.
    public init(handle: FileHandle) { self.handle = handle }

    /// Standard error, where a service manager collects the log.
    public static let standardError = LineSink(handle: .standardError)

    /// Writes `line` and a newline.
    public func write(_ line: String) {
        lock.withLock { _ in handle.write(Data((line + "\n").utf8)) }
    }
}
