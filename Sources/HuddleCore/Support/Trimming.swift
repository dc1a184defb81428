extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (tab and Unicode space separators,
    /// as Foundation's `CharacterSet.whitespaces`), in native Swift: Foundation's version goes
    /// through `NSString` on Linux, which costs more than the rest of handling a chat line.
    public var trimmingSpaces: String {
        // Most lines start and end with a visible ASCII character: nothing to trim then.
        let text = Substring(self)
        if let first = text.utf8.first, let last = text.utf8.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) {
            return String(text)
        }
        let scalars = text.unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && scalar.properties.generalCategory == .spaceSeparator)
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    static func isVisibleASCII(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
}

extension String {
    /// As `StringProtocol.trimmingSpaces`; a string with nothing to trim is returned as it is (not copied).
    public var trimmingSpaces: String {
        if let first = utf8.first, let last = utf8.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) { return self }
        return Substring(self).trimmingSpaces
    }
}
