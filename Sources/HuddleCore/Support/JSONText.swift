/// JSON written by hand where Foundation's encoders cost more than the work around them (a log
/// line, a webhook answer): strings with quotes, backslashes and control characters escaped.
public enum JSONText {
    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 2)
        quote(text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal to `out`.
    public static func quote(_ text: String, to out: inout String) {
        out += "\""
        var plain = text.utf8.startIndex
        for index in text.utf8.indices {
            let byte = text.utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out += text[plain..<index]
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            default:
                let hex = Array("0123456789abcdef")
                out += "\\u00" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xf)])
            }
            plain = text.utf8.index(after: index)
        }
        out += text[plain...]
        out += "\""
    }
}
