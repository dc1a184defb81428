extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (tab and Unicode space separators,
    /// as Foundation's `CharacterSet.whitespaces`), in native Swift: Foundation's version goes
    /// through `NSString` on Linux, which costs more than the rest of handling a chat line.
    public var trimmingSpaces: String {
        let text = Substring(self)
        if text.endsVisibly { return String(text) }
        let scalars = text.unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && scalar.properties.generalCategory == .spaceSeparator)
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}

extension Substring {
    /// Whether the text starts and ends with a visible ASCII character, as most lines do: nothing
    /// to trim then.
    var endsVisibly: Bool {
        func isVisibleASCII(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        guard let first = utf8.first, let last = utf8.last else { return false }
        return isVisibleASCII(first) && isVisibleASCII(last)
    }
}

extension String {
    /// As `StringProtocol.trimmingSpaces`; a string with nothing to trim is returned as it is (not copied).
    public var trimmingSpaces: String { Substring(self).endsVisibly ? self : Substring(self).trimmingSpaces }
}
