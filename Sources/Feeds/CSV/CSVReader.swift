import Foundation

/// Reads CSV reports as property systems export them.
public enum CSVReader {
    /// Reads a CSV report: header row first; delimiter (`,` `;` tab `|`) and encoding detected when nil.
    ///
    /// Header names are trimmed; a repeated name gets `.1`, `.2` (as pandas does). Blank lines are
    /// skipped; a row with fewer fields than the header gets empty text for the rest, a row with
    /// more is an error on its line. Empty input, or a header alone, gives a table without rows.
    public static func read(_ data: Data, delimiter: Character? = nil, encoding: CSVEncoding? = nil) throws(FeedError) -> FeedTable {
        try FeedLimit.check(byteCount: data.count, format: "CSV")
        var separator: UInt8?
        if let delimiter {
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first, byte != CSVScanner.quote,
                  byte != CSVScanner.lineFeed, byte != CSVScanner.carriageReturn else {
                throw FeedError("the CSV delimiter must be one ASCII character other than a quote or a line break, not \(String(reflecting: delimiter))")
            }
            separator = byte
        }
        let bytes = [UInt8](data)
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(FeedError) -> FeedTable in try table(buffer, delimiter: separator, encoding: encoding) }
        }
        return try result.get()
    }

    private static func table(_ buffer: UnsafeBufferPointer<UInt8>, delimiter: UInt8?, encoding: CSVEncoding?) throws(FeedError) -> FeedTable {
        let byteOrderMark = buffer.starts(with: [0xEF, 0xBB, 0xBF])
        let body = UnsafeBufferPointer(rebasing: buffer[(byteOrderMark ? 3 : 0)...])
        let encoding = encoding ?? (byteOrderMark ? .utf8 : CSVEncoding.detect(body))
        let delimiter = delimiter ?? CSVScanner.detectDelimiter(body)
        var scanner = CSVScanner(bytes: body, delimiter: delimiter, encoding: encoding)
        var columns: [String]?
        var rows: [[String: String]] = []
        while let record = try scanner.next() {
            if record.isBlank { continue }
            guard let names = columns else {
                columns = uniqueNames(record.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
                continue
            }
            guard record.fields.count <= names.count else {
                throw FeedError("this row has \(record.fields.count) fields but the header has \(names.count) columns: "
                    + "quote a field that contains \(name(of: delimiter)), or add the missing column to the header", line: record.line)
            }
            var row = [String: String](minimumCapacity: names.count)
            for (index, name) in names.enumerated() {
                row[name] = index < record.fields.count ? record.fields[index] : ""
            }
            rows.append(row)
        }
        return FeedTable(columns: columns ?? [], rows: rows)
    }

    /// The names with repeats made distinct: the second `Room` becomes `Room.1`, the third `Room.2`.
    private static func uniqueNames(_ names: [String]) -> [String] {
        var taken = Set<String>()
        return names.map { name in
            var unique = name
            var suffix = 0
            while taken.contains(unique) {
                suffix += 1
                unique = "\(name).\(suffix)"
            }
            taken.insert(unique)
            return unique
        }
    }

    private static func name(of delimiter: UInt8) -> String {
        delimiter == UInt8(ascii: "\t") ? "a tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
    }
}
