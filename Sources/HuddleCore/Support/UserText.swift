/// What text from people may hold once the bot has it: no control characters (a CTCP's `\u{01}`
/// among them), no IRC formatting and no bidi controls; and how it is written where it would
/// otherwise become markup.
public enum UserText {
    /// The longest text the bot takes in one line, in characters (IRC lines are shorter anyway).
    public static let maxLength = 2000
    /// The longest platform user id or name the bot takes, in characters.
    public static let maxNameLength = 128

    /// `text` as it is stored and relayed: tabs and line breaks become spaces; other C0 and C1
    /// control characters, IRC formatting (bold, colours with their numbers, reset …) and bidi
    /// controls (U+202A–U+202E, U+2066–U+2069, marks) are removed.
    public static func clean(_ text: String) -> String {
        // Most lines hold nothing to remove: one pass over the bytes (printable ASCII), else over
        // the scalars, says so without building a new string.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }), text.unicodeScalars.contains(where: isRemoved) else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar.value {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x2028, 0x2029:
                out.append(" ")
            case 0x03:
                // mIRC colour: up to two digits, then optionally a comma and up to two more.
                drop(from: &scalars, upTo: 2, where: isDigit)
                if scalars.first == ",", scalars.dropFirst().first.map(isDigit) == true {
                    scalars = scalars.dropFirst()
                    drop(from: &scalars, upTo: 2, where: isDigit)
                }
            case 0x04:
                // Hex colour: six hex digits, then optionally a comma and six more.
                drop(from: &scalars, upTo: 6, where: isHexDigit)
                if scalars.first == ",", scalars.dropFirst().first.map(isHexDigit) == true {
                    scalars = scalars.dropFirst()
                    drop(from: &scalars, upTo: 6, where: isHexDigit)
                }
            case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                continue
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether `clean` changes or removes this scalar (a control, formatting or bidi character).
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Whether `text` is unchanged by `clean`.
    public static func isClean(_ text: String) -> Bool { clean(text) == text }

    /// `text` for a Markdown document: the characters that would make emphasis, code, a link, an
    /// image or HTML escaped with a backslash, and `@` kept from mentioning (a word joiner after it).
    /// Block markup (`#`, `-`, `>` at a line's start) cannot arise: the text is one line after a prefix.
    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for character in clean(text) {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">":
                out.append("\\")
                out.append(character)
            case "@":
                out.append("@\u{2060}")
            default:
                out.append(character)
            }
        }
        return out
    }

    private static func drop(from scalars: inout Substring.UnicodeScalarView, upTo count: Int, where test: (Unicode.Scalar) -> Bool) {
        var taken = 0
        while taken < count, let first = scalars.first, test(first) {
            scalars = scalars.dropFirst()
            taken += 1
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }
}
