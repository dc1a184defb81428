// libFuzzer target: inbound webhook requests (form and JSON bodies, headers, signatures) as any
// client on the network could send them. Properties: no crash; nothing but Mattermost (whose
// token the seeds hold) is ever accepted without a valid signature, which no fuzzer can forge.
import Foundation
import HuddleCore
import Webhooks

let fuzzGates: [(WebhookPlatform, InboundGate)] = [
    (.mattermost, InboundGate(platform: .mattermost, secrets: ["t0ken"])),
    (.slack, InboundGate(platform: .slack, secrets: ["8f742231b10e8888abcd99yyyzzz85a5"])),
    (.teams, InboundGate(platform: .teams, secrets: ["c2VjcmV0LXRlYW1zLXRva2Vu"])),
    (.discord, InboundGate(platform: .discord, secrets: ["d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"])),
    (.generic, InboundGate(platform: .generic, secrets: ["k"])),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebhookRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = bytes.first else { return 0 }
    let (platform, gate) = fuzzGates[Int(selector) % fuzzGates.count]
    // Header lines `name: value` up to an empty line, then the body.
    let rest = Array(bytes.dropFirst())
    var headers: [String: String] = [:]
    var body = Data()
    if let split = (0..<max(0, rest.count - 1)).first(where: { rest[$0] == 10 && rest[$0 + 1] == 10 }) {
        for line in String(decoding: rest[..<split], as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        body = Data(rest[(split + 2)...])
    } else {
        body = Data(rest)
    }
    if headers["content-type"] == nil { headers["content-type"] = selector & 0x80 == 0 ? "application/x-www-form-urlencoded" : "application/json" }
    let request = HTTPRequest(method: "POST", path: "/\(platform.rawValue)/t", headers: headers, body: body)
    let now = Date(timeIntervalSince1970: 1_531_420_618)
    if case .success(let line) = gate.check(request, now: now) {
        precondition(platform == .mattermost, "\(platform) accepted a request without a valid signature")
        _ = line.text
    }
    return 0
}
