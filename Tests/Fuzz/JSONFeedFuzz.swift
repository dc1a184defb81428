// libFuzzer target: JSON reports and rows paths. The input's first line is the path, the rest the
// document. Properties: no crash; `problem(inPath:)` refuses exactly the paths `read` refuses, with
// the same words; the columns are distinct and no row has a key outside them.
import Foundation
import Feeds

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONFeed(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let path = String(decoding: bytes[..<newline], as: UTF8.self)
    let document = Data(bytes[min(newline + 1, bytes.count)...])
    let problem = JSONFeedReader.problem(inPath: path)
    do throws(FeedError) {
        let table = try JSONFeedReader.read(document, rows: path)
        precondition(problem == nil, "read a path that problem(inPath:) refuses: \(path)")
        let columns = Set(table.columns)
        precondition(columns.count == table.columns.count, "repeated column names \(table.columns)")
        for row in table.rows {
            precondition(Set(row.keys).isSubset(of: columns), "a row has keys outside the columns")
        }
    } catch {
        if let problem { precondition(error.message == problem, "read and problem(inPath:) disagree on \(path)") }
        precondition(!error.message.isEmpty, "an error without a message")
    }
    return 0
}
