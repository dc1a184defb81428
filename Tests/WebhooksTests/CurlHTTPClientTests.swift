import Foundation
import HuddleTesting
import Testing
@testable import Webhooks

@Suite struct CurlHTTPClientTests {
    /// libcurl posts the body with its headers and returns status, headers and body of the answer.
    @Test func postsAndReadsTheAnswer() async throws {
        let peer = try await WebhookPeer.started()
        let client = CurlHTTPClient()
        let body = Data(#"{"text":"Huddle ochtend — één regel"}"#.utf8)
        let ok = try await client.post(url: peer.url("/ok"), headers: ["Content-Type": "application/json"], body: body)
        #expect(ok.status == 200 && String(decoding: ok.body, as: UTF8.self) == "ok")
        let limited = try await client.post(url: peer.url("/ratelimit"), headers: [:], body: body)
        #expect(limited.status == 429 && limited.headers["retry-after"] == "1")
        #expect(try await client.post(url: peer.url("/error"), headers: [:], body: body).status == 500)
        #expect(peer.requests.first?.body == #"{"text":"Huddle ochtend — één regel"}"#)
    }

    /// A slow endpoint runs into the timeout; a closed port is a transport error, not a crash.
    @Test func timeoutsAndRefusals() async throws {
        let peer = try await WebhookPeer.started()
        let client = CurlHTTPClient()
        await #expect(throws: HTTPTransportError.self) {
            try await client.post(url: peer.url("/slow"), headers: [:], body: Data(), timeout: .milliseconds(500))
        }
        await #expect(throws: HTTPTransportError.self) {
            try await client.post(url: "http://127.0.0.1:9/nothing", headers: [:], body: Data("x".utf8))
        }
        await #expect(throws: HTTPTransportError.self) {
            try await client.post(url: "file:///etc/passwd", headers: [:], body: Data())
        }
    }

    /// Many posts at once all arrive: each runs on its own thread, not on the cooperative pool.
    @Test func concurrentPosts() async throws {
        let peer = try await WebhookPeer.started()
        let client = CurlHTTPClient()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask { try await client.post(url: peer.url("/ok"), headers: [:], body: Data("\(index)".utf8)).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(Set(peer.requests.map(\.body)) == Set((0..<20).map(String.init)))
    }
}
