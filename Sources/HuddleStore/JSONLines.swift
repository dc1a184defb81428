import Foundation
import HuddleCore

/// A line of a JSON Lines file that could not be read, with where it is.
public struct LineProblem: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public var description: String { "\(path):\(line): \(message)" }
}

/// What recovery did with a torn last line: the bytes moved aside and where they went.
public struct TornLine: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var movedTo: String
    public var bytes: Int

    public var description: String {
        "\(path):\(line): incomplete last line (\(bytes) bytes, no newline) moved to \(movedTo)"
    }
}

/// Reading and repairing append-only JSON Lines files.
enum JSONLines {
    /// Decodes every complete line; lines that do not decode are reported, never dropped from the file.
    static func read<T: Decodable>(_ type: T.Type, path: String,
                                   keep: (Data) -> Bool = { _ in true }) throws -> (values: [T], problems: [LineProblem]) {
        decode(type, from: try contents(path), path: path, keep: keep)
    }

    /// The file's bytes; empty when there is no such file.
    static func contents(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw StoreError(path: path, message: "cannot read the file")
            }
            return Data()
        }
        return data
    }

    /// Decodes every complete line of `data` (read from `path`), as `read` does.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String,
                                     keep: (Data) -> Bool = { _ in true }) -> (values: [T], problems: [LineProblem]) {
        let decoder = HuddleJSON.decoder()
        var values: [T] = []
        var problems: [LineProblem] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            guard let newline = data[start...].firstIndex(of: 0x0A) else {
                problems.append(LineProblem(path: path, line: lineNumber, message: "incomplete last line (no newline); skipped"))
                break
            }
            let line = data[start..<newline]
            start = data.index(after: newline)
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) || !keep(line) { continue }
            do {
                values.append(try decoder.decode(T.self, from: line))
            } catch {
                problems.append(LineProblem(path: path, line: lineNumber, message: "unreadable line skipped: \(describe(error))"))
            }
        }
        return (values, problems)
    }

    /// Moves an incomplete last line (one with no newline, left by a crash mid-write) into
    /// `<path>.corrupt` and cuts it from the file. Returns what was moved, or nil.
    static func recoverTornTail(path: String) throws -> TornLine? {
        guard let data = FileManager.default.contents(atPath: path), let last = data.last, last != 0x0A else { return nil }
        let cut = (data.lastIndex(of: 0x0A).map { data.index(after: $0) }) ?? data.startIndex
        let tail = data[cut...]
        let line = data[..<cut].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1
        let corrupt = path + ".corrupt"
        var record = Data(tail)
        record.append(0x0A)
        try DurableFile.append(record, to: corrupt)
        try DurableFile.truncate(path, to: cut - data.startIndex)
        return TornLine(path: path, line: line, movedTo: corrupt, bytes: tail.count)
    }

    /// One encoded line with its newline.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        var data = try HuddleJSON.lineEncoder().encode(value)
        data.append(0x0A)
        return data
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not valid JSON" : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
