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

    /// A GET follows up to 3 redirects and returns the last response's headers, names in lower
    /// case; a fourth redirect, or one to another protocol, is an error; gzip is asked for and decoded.
    @Test func getFollowsRedirectsAndDecodes() async throws {
        let server = try await FeedServer.started()
        try server.put("arrivals.csv", "kamer;naam\n101;Jansen\n")
        let client = CurlHTTPClient()
        let response = try await client.get(url: server.url("/redirect/3/arrivals.csv"), headers: [:], timeout: .seconds(10), maxBytes: 1000)
        #expect(response.status == 200 && response.body == Data("kamer;naam\n101;Jansen\n".utf8))
        #expect(response.headers["etag"] != nil && response.headers["last-modified"] != nil && response.headers["location"] == nil)
        let tooMany = await #expect(throws: HTTPTransportError.self) {
            try await client.get(url: server.url("/redirect/4/arrivals.csv"), headers: [:], timeout: .seconds(10), maxBytes: 1000)
        }
        #expect(tooMany?.message.contains("Maximum (3) redirects followed") == true)
        await #expect(throws: HTTPTransportError.self) {
            try await client.get(url: server.url("/redirect-to?file:///etc/passwd"), headers: [:], timeout: .seconds(10), maxBytes: 100_000)
        }
        await #expect(throws: HTTPTransportError.self) {
            try await client.get(url: "file:///etc/passwd", headers: [:], timeout: .seconds(10), maxBytes: 100_000)
        }
        let gzipped = try await client.get(url: server.url("/gzip/arrivals.csv"), headers: ["If-None-Match": #""other""#],
                                           timeout: .seconds(10), maxBytes: 1000)
        #expect(gzipped.body == Data("kamer;naam\n101;Jansen\n".utf8) && gzipped.headers["content-encoding"] == "gzip")
        let seen = try await server.stats().headers["/gzip/arrivals.csv"]
        #expect(seen?["accept-encoding"]?.contains("gzip") == true && seen?["if-none-match"] == #""other""#)
    }

    /// A body over maxBytes (announced or not), a server that does not answer and one that
    /// trickles each end the GET with an error that says which.
    @Test func getRefusesWhatIsTooLargeOrTooSlow() async throws {
        let server = try await FeedServer.started()
        let client = CurlHTTPClient()
        for path in ["/huge", "/huge-declared"] {
            let error = await #expect(throws: HTTPTransportError.self) {
                try await client.get(url: server.url(path), headers: [:], timeout: .seconds(10), maxBytes: 100_000)
            }
            #expect(error?.message == "the response is larger than the limit of 100000 bytes")
        }
        let hang = await #expect(throws: HTTPTransportError.self) {
            try await client.get(url: server.url("/hang"), headers: [:], timeout: .milliseconds(1500), maxBytes: 1000)
        }
        #expect(hang?.message == "timed out after 1.5 s")
        let started = ContinuousClock.now
        let slow = await #expect(throws: HTTPTransportError.self) {
            try await client.workers.run {
                try CurlHTTPClient.perform(.get(maxBytes: 1_000_000), url: server.url("/slow"), headers: [:], timeout: .seconds(20),
                                           lowSpeed: .init(bytesPerSecond: 1024, seconds: 1))
            }
        }
        #expect(slow?.message.contains("too slow") == true, "\(slow?.message ?? "")")
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
