import Foundation
import HuddleCore
import Testing
@testable import Webhooks

/// The generic route's hand-read JSON reads a body as JSONSerialization does, or leaves it to it.
@Suite struct FlatJSONTests {
    /// What JSONSerialization makes of `body`, in FlatJSON's terms; nil where that is not a flat
    /// object of strings, booleans and nulls.
    func serialization(_ body: Data) -> [String: FlatJSON.Value]? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        var out: [String: FlatJSON.Value] = [:]
        for (key, value) in object {
            if value is NSNull {
                out[key] = .null
            } else if let text = value as? String {
                out[key] = .string(text)
            } else if let number = value as? NSNumber, String(cString: number.objCType) == "c" || type(of: number) == type(of: NSNumber(value: true)) {
                guard let flag = value as? Bool else { return nil }
                out[key] = .bool(flag)
            } else {
                return nil
            }
        }
        return out
    }

    @Test func readsWhatJSONSerializationReads() {
        let bodies = [
            #"{"user_id":"42","user_name":"anna","text":"!blij Koffie","private":true}"#,
            #"  {"a" : "b" , "c":false,"d":null}  "#, "{}", " {\n\t} \r\n",
            #"{"text":"caf\u00e9 \"quoted\" back\\slash \/ \b\f\n\r\t"}"#, #"{"text":"nul \u0000 here"}"#,
            #"{"text":"emoji 🙂 raw, é raw"}"#, #"{"text":"\ud83d\ude42 pair"}"#, #"{"text":"lone \udc00"}"#,
            #"{"a":"1","a":"2"}"#, #"{"a":1}"#, #"{"a":{"b":"c"}}"#, #"{"a":["b"]}"#, #"{"a":"b"} x"#, #"{"a":"b",}"#,
            #"{"a":tru}"#, #"{"a":True}"#, #"{"a" "b"}"#, #"{"a":"b""#, #"["a"]"#, #""a""#, "", "{", "}",
            "{\"a\":\"tab\tinside\"}", #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":"\u12G4"}"#, #"{"\u0061":"b"}"#,
            #"{"command":true,"private":false,"user_id":"U1","user_name":"x","text":"help"}"#,
        ].map { Data($0.utf8) } + [Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]),  // invalid UTF-8
                                   Data([0xEF, 0xBB, 0xBF] + Array(#"{"a":"b"}"#.utf8)),              // a byte-order mark
                                   Data(#"{"a":"b"}"#.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })]  // UTF-16
        var read = 0
        for body in bodies {
            guard let flat = FlatJSON.object(body) else { continue }
            read += 1
            #expect(serialization(body) == flat, "\(String(decoding: body, as: UTF8.self))")
        }
        #expect(read >= 8)
    }

    /// Many generated bodies, valid and damaged: wherever FlatJSON reads one, JSONSerialization
    /// reads the same (a fixed seed, so every run checks the same bodies).
    @Test func generatedBodies() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func random(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        let pieces = ["a", "é", "🙂", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\u0000", "\\ud83d", " ", "\t", "\\", "\"", "x", "\u{1}"]
        func text() -> String { (0..<random(6)).map { _ in pieces[random(pieces.count)] }.joined() }
        func value() -> String {
            switch random(7) {
            case 0: "true"
            case 1: "false"
            case 2: "null"
            case 3: "\(random(100))"
            case 4: "{\"k\":\"v\"}"
            default: "\"" + text() + "\""
            }
        }
        let space = ["", " ", "\n", "\t ", "\r\n"]
        var read = 0
        for _ in 0..<3000 {
            let keys = ["user_id", "user_name", "text", "command", "private", text()]
            let members = (0..<random(5)).map { _ in space[random(5)] + "\"" + keys[random(keys.count)] + "\"" + space[random(5)] + ":" + value() }
            var body = Array((space[random(5)] + "{" + members.joined(separator: ",") + "}" + space[random(5)]).utf8)
            if random(4) == 0, !body.isEmpty { body[random(body.count)] = UInt8(truncatingIfNeeded: random(256)) }
            if random(6) == 0, !body.isEmpty { body.removeLast(random(body.count)) }
            let data = Data(body)
            guard let flat = FlatJSON.object(data) else { continue }
            read += 1
            #expect(serialization(data) == flat, "\(String(decoding: data, as: UTF8.self))")
        }
        #expect(read > 300)
    }
}

/// A reply's path is split as `split(separator: "/")` split it; the generic answer's bytes.
@Suite struct ReplyPathTests {
    @Test func genericAnswer() {
        let webhook = TeamWebhook(platform: .generic, url: .environment("URL"))
        let body = { (lines: [String]) in String(decoding: WebhookHub.reply(lines, webhook: webhook, isCommand: false).body, as: UTF8.self) }
        #expect(body([]) == #"{"replies":[]}"#)
        #expect(body(["Genoteerd", "a \"q\" \\ é\n\u{1}"]) == #"{"replies":["Genoteerd","a \"q\" \\ é\n\u0001"]}"#)
    }

    @Test func platformAndTeam() {
        for path in ["/generic/bench", "generic/bench", "//generic//bench/", "/generic", "/", "", "/a/b/c", "/a//b//", "/é/🙂", "///"] {
            let parts = path.split(separator: "/")
            let expected = parts.count == 2 ? [parts[0], parts[1]] : nil
            #expect(WebhookHub.platformAndTeam(path).map { [$0.0, $0.1] } == expected, "\(path)")
        }
    }
}
