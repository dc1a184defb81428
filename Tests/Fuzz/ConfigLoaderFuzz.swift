// libFuzzer target: configuration files. Property: loading never crashes, and a file that does
// not load says why, each problem with a message and, where it has one, a position in the file.
import HuddleCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let config = try ConfigLoader.load(yaml: text, path: "fuzz.yaml")
        for team in config.teams { precondition(!team.id.contains("/") && !team.id.contains(".."), "a team id that is a path") }
    } catch {
        precondition(!error.issues.isEmpty, "an error without a problem")
        // YAML breaks lines at LF, CR, CR LF, NEL and the Unicode line and paragraph separators.
        let lines = text.unicodeScalars.filter { "\n\r\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }.count + 1
        for issue in error.issues {
            precondition(!issue.message.isEmpty, "a problem without a message")
            if let line = issue.line { precondition(line >= 0 && line <= lines + 1, "line \(line) of \(lines)") }
        }
    }
    return 0
}
