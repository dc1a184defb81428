/// How a server folds nick and channel names to compare them (ISUPPORT `CASEMAPPING`).
public enum Casemapping: String, Sendable, Hashable {
    case ascii
    case rfc1459
    case rfc1459Strict = "rfc1459-strict"

    /// The folded (lower-case) form of a nick or channel name under this mapping.
    public func fold(_ name: String) -> String {
        // Only ASCII characters fold, so the UTF-8 bytes are mapped one by one (those of other
        // characters are 0x80 and up, and stay); a name with none to fold is returned as it is.
        guard name.utf8.contains(where: { folded($0) != $0 }) else { return name }
        return String(decoding: name.utf8.map(folded), as: UTF8.self)
    }

    /// One byte of a name, folded.
    private func folded(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
        case UInt8(ascii: "[") where self != .ascii: UInt8(ascii: "{")
        case UInt8(ascii: "]") where self != .ascii: UInt8(ascii: "}")
        case UInt8(ascii: "\\") where self != .ascii: UInt8(ascii: "|")
        case UInt8(ascii: "~") where self == .rfc1459: UInt8(ascii: "^")
        default: byte
        }
    }

    /// Whether two names are the same under this mapping.
    public func equal(_ lhs: String, _ rhs: String) -> Bool { fold(lhs) == fold(rhs) }
}
