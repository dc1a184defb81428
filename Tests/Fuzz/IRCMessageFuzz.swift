// libFuzzer target: IRC lines from the wire (Scripts/fuzz builds it with -sanitize=fuzzer,address).
// Properties: parsing never crashes; a message that parses serialises to a line that parses
// back to the same message; splitting text never makes a piece over the limit or breaks UTF-8.
import IRCProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIRCMessage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let line = IRCText.decode(bytes)
    if let message = try? IRCMessage(parsing: line) {
        let wire = message.wireLine
        guard let again = try? IRCMessage(parsing: wire) else {
            fatalError("serialised line does not parse: \(wire.debugDescription) (from \(line.debugDescription))")
        }
        precondition(again == message, "round trip changed \(line.debugDescription) into \(wire.debugDescription)")
        precondition(!wire.utf8.contains(0) && !wire.utf8.contains(13) && !wire.utf8.contains(10), "line break on the wire")
    }
    let limit = 4 + Int(bytes.first ?? 0) % 200
    let text = IRCText.sanitized(line)
    let pieces = IRCText.split(text, maxBytes: limit)
    for piece in pieces {
        precondition(piece.utf8.count <= limit, "piece of \(piece.utf8.count) bytes over \(limit): \(piece.debugDescription)")
    }
    precondition(pieces.joined().unicodeScalars.filter { $0 != " " }.count == text.unicodeScalars.filter { $0 != " " }.count,
                 "splitting lost or added characters")
    return 0
}
