/// Text helpers for what the bot puts on the wire.
public enum IRCText {
    /// Replaces CR, LF and NUL by spaces, so user-supplied text can never start a new IRC line.
    public static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar == "\r" || scalar == "\n" || scalar == "\0" ? " " : scalar
        }))
    }

    /// Splits text into pieces of at most `maxBytes` UTF-8 bytes each, never inside a character
    /// (a character longer than a piece, such as a letter with hundreds of accents, is split
    /// between its scalars), preferring to break at a space in the second half of a piece.
    public static func split(_ text: String, maxBytes: Int) -> [String] {
        precondition(maxBytes >= 4, "a piece must hold at least one character")
        guard text.utf8.count > maxBytes else { return [text] }
        var pieces: [String] = []
        var current = ""
        var currentBytes = 0
        var lastSpace: String.Index?
        let units = text.lazy.flatMap { char -> [String] in
            char.utf8.count > maxBytes ? char.unicodeScalars.map { String($0) } : [String(char)]
        }
        for char in units {
            let size = char.utf8.count
            if currentBytes + size > maxBytes {
                if let space = lastSpace, current.utf8.distance(from: current.startIndex, to: space) > maxBytes / 2 {
                    pieces.append(String(current[..<space]))
                    current = String(current[current.index(after: space)...])
                } else {
                    pieces.append(current)
                    current = ""
                }
                currentBytes = current.utf8.count
                lastSpace = current.lastIndex(of: " ")
                if currentBytes + size > maxBytes {
                    pieces.append(current)
                    current = ""
                    currentBytes = 0
                    lastSpace = nil
                }
            }
            if char == " " { lastSpace = current.endIndex }
            current.append(char)
            currentBytes += size
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Decodes bytes from the wire: UTF-8 when valid, otherwise Latin-1, so no line is lost.
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
