import Foundation

/// A problem found in a configuration file, with where it is.
public struct ConfigIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// The key the problem is about, dotted (`irc.port`, `teams[0].shifts[1].start`), when known.
    public var path: String?
    /// What to do about it.
    public var hint: String

    /// Creates an issue at a position in a file; without a hint, the expectation the message
    /// states after `; `, else a pointer to the reference.
    public init(file: String, line: Int?, column: Int?, message: String, path: String? = nil, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.path = path ?? Self.quotedPath(in: message)
        self.hint = hint ?? message.range(of: "; ").map { String(message[$0.upperBound...]) }
            ?? "see the configuration reference in docs/configuration.md"
    }

    /// The first quoted dotted key in a message (`'irc.flood.burst'`), as the loader quotes them.
    static func quotedPath(in message: String) -> String? {
        for piece in message.split(separator: "'", omittingEmptySubsequences: false).enumerated() where piece.offset % 2 == 1 {
            let text = piece.element
            if !text.isEmpty, text.allSatisfy({ $0.isLowercase || $0.isNumber || "._[]".contains($0) }), text.first!.isLetter {
                return String(text)
            }
        }
        return nil
    }

    /// `file:line:column: message`, as compilers print it.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message)"
    }
}

/// A configuration that cannot be used, with every problem found in it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    /// Creates an error from the issues found.
    public init(issues: [ConfigIssue]) { self.issues = issues }

    public var description: String { issues.map { "\($0.description)" }.joined(separator: "\n") }
}
