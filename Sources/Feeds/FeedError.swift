/// Why a source could not be read; `line` is the 1-based line (CSV, iCalendar) or nil.
public struct FeedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, in words a person can act on.
    public var message: String
    /// The 1-based line of the source the problem is on, when the format has lines and it is known.
    public var line: Int?

    /// An error with its message and, when known, the line it is on.
    public init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }

    /// The message, preceded by `line N: ` when the line is known.
    public var description: String {
        if let line { "line \(line): \(message)" } else { message }
    }
}
