/// Splits the bytes of a CSV report into records (RFC 4180): quoted fields may hold delimiters,
/// doubled quotes and line breaks; records end at CRLF, LF or a lone CR. Scans bytes, not
/// `Character`s, and makes a `String` only of each field.
struct CSVScanner {
    /// One record: its fields, the line it starts on, and whether it is a blank line.
    struct Record {
        var fields: [String]
        var line: Int
        var isBlank: Bool
    }

    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    /// The delimiters a report may use, in the order that wins a tie.
    static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    private let bytes: UnsafeBufferPointer<UInt8>
    private let delimiter: UInt8
    private let encoding: CSVEncoding
    private var position = 0
    private var line = 1
    private var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, encoding: CSVEncoding) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.encoding = encoding
    }

    /// The delimiter of the header line (the first line with text): the most frequent of `,` `;`
    /// tab `|` outside quotes, `,` when there is none.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: delimiters.count)
        var inQuotes = false
        var sawText = false
        for byte in bytes {
            if byte == quote {
                inQuotes.toggle()
                sawText = true
            } else if !inQuotes {
                if byte == lineFeed || byte == carriageReturn {
                    if sawText { break }
                } else if let index = delimiters.firstIndex(of: byte) {
                    counts[index] += 1
                    sawText = true
                } else if byte != UInt8(ascii: " ") {
                    sawText = true
                }
            }
        }
        guard let most = counts.max(), most > 0, let index = counts.firstIndex(of: most) else { return delimiters[0] }
        return delimiters[index]
    }

    /// The next record, or nil at the end of the input.
    mutating func next() throws(FeedError) -> Record? {
        guard position < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var quoted = false
        while true {
            if position < bytes.count, bytes[position] == Self.quote {
                quoted = true
                fields.append(try quotedField())
            } else {
                let start = position
                skipToFieldEnd()
                fields.append(encoding.decode(UnsafeBufferPointer(rebasing: bytes[start..<position])))
            }
            if position < bytes.count, bytes[position] == delimiter {
                position += 1
                continue
            }
            endLine()
            break
        }
        let blank = !quoted && fields.count == 1 && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
        return Record(fields: fields, line: startLine, isBlank: blank)
    }

    /// Moves to the delimiter or line break that ends the field, or to the end of the input.
    private mutating func skipToFieldEnd() {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { return }
            position += 1
        }
    }

    /// Steps over the line break at `position`, if any, and counts the line.
    private mutating func endLine() {
        guard position < bytes.count else { return }
        if bytes[position] == Self.carriageReturn, position + 1 < bytes.count, bytes[position + 1] == Self.lineFeed {
            position += 2
        } else {
            position += 1
        }
        line += 1
    }

    /// A field that starts with a quote: up to the closing quote, `""` standing for one quote.
    /// Text after the closing quote, up to the delimiter, is kept as it stands (as Python's csv does).
    private mutating func quotedField() throws(FeedError) -> String {
        let openedOn = line
        position += 1
        scratch.removeAll(keepingCapacity: true)
        var segment = position
        while true {
            guard position < bytes.count else {
                throw FeedError("a quoted field starts here and never ends: a closing \" is missing", line: openedOn)
            }
            let byte = bytes[position]
            if byte == Self.quote {
                scratch.append(contentsOf: bytes[segment..<position])
                if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                    scratch.append(Self.quote)
                    position += 2
                    segment = position
                    continue
                }
                position += 1
                break
            }
            if byte == Self.lineFeed {
                line += 1
            } else if byte == Self.carriageReturn, position + 1 == bytes.count || bytes[position + 1] != Self.lineFeed {
                line += 1
            }
            position += 1
        }
        let rest = position
        skipToFieldEnd()
        scratch.append(contentsOf: bytes[rest..<position])
        return scratch.withUnsafeBufferPointer { encoding.decode($0) }
    }
}
