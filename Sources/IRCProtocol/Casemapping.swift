/// How a server folds nick and channel names to compare them (ISUPPORT `CASEMAPPING`).
public enum Casemapping: String, Sendable, Hashable {
    case ascii
    case rfc1459
    case rfc1459Strict = "rfc1459-strict"

    /// The folded (lower-case) form of a nick or channel name under this mapping.
    public func fold(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { scalar in
            switch scalar {
            case "A"..."Z": return Unicode.Scalar(scalar.value + 32)!
            case "[" where self != .ascii: return "{"
            case "]" where self != .ascii: return "}"
            case "\\" where self != .ascii: return "|"
            case "~" where self == .rfc1459: return "^"
            default: return scalar
            }
        }))
    }

    /// Whether two names are the same under this mapping.
    public func equal(_ lhs: String, _ rhs: String) -> Bool { fold(lhs) == fold(rhs) }
}
