// libFuzzer target: CSV reports as any export could send them, with each delimiter and encoding
// the first byte selects. Properties: no crash; the columns are distinct and every row has
// exactly the columns as keys; an error names a line that is in the input.
import Foundation
import Feeds

let fuzzDelimiters: [Character?] = [nil, ",", ";", "\t", "|"]
let fuzzEncodings: [CSVEncoding?] = [nil, .utf8, .windows1252]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVFeed(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = bytes.first else { return 0 }
    let delimiter = fuzzDelimiters[Int(selector & 0x0F) % fuzzDelimiters.count]
    let encoding = fuzzEncodings[Int(selector >> 4) % fuzzEncodings.count]
    let report = Data(bytes.dropFirst())
    do throws(FeedError) {
        let table = try CSVReader.read(report, delimiter: delimiter, encoding: encoding)
        let columns = Set(table.columns)
        precondition(columns.count == table.columns.count, "repeated column names \(table.columns)")
        for row in table.rows {
            precondition(Set(row.keys) == columns, "a row's keys \(row.keys.sorted()) are not the columns \(table.columns)")
        }
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
        let lines = report.reduce(1) { $1 == 0x0A || $1 == 0x0D ? $0 + 1 : $0 }
        if let line = error.line { precondition((1...lines).contains(line), "error on line \(line) of \(lines)") }
    }
    return 0
}
