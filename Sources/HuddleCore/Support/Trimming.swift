extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (tab and Unicode space separators,
    /// as Foundation's `CharacterSet.whitespaces`), in native Swift: Foundation's version goes
    /// through `NSString` on Linux, which costs more than the rest of handling a chat line.
    public var trimmingSpaces: String {
        let scalars = Substring(self).unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && scalar.properties.generalCategory == .spaceSeparator)
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
