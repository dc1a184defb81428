import Foundation
import HuddleCore
import Testing
@testable import Webhooks

@Suite struct InboundGateTests {
    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"
    let now = Date(timeIntervalSince1970: 1_531_420_618)

    func slackRequest(body: String, timestamp: Int, secret: String = secret) -> HTTPRequest {
        let signature = Hex.encode(Signatures.hmacSHA256(key: Array(secret.utf8), message: Array("v0:\(timestamp):\(body)".utf8)))
        return HTTPRequest(method: "POST", path: "/slack/bar", headers: [
            "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": "\(timestamp)",
            "x-slack-signature": "v0=\(signature)"], body: Data(body.utf8))
    }

    /// Slack's documented example signature verifies; a different body, key, stale time or the same
    /// request again is refused with 401.
    @Test func slackSignature() throws {
        let gate = InboundGate(platform: .slack, secrets: [Self.secret])
        let body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=kudos+%3C%40U1%7Cbob%3E+top"
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
        let request = slackRequest(body: body, timestamp: 1_531_420_618)
        // The example from Slack's documentation on verifying requests.
        let documented = "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        let exampleBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
        #expect(Signatures.isValidHMACSHA256(hex: documented, key: Array(Self.secret.utf8), message: Array("v0:1531420618:\(exampleBody)".utf8)))

        let line = try gate.check(request, now: now).get()
        var expected = InboundLine(userID: "U2CERLKJA", userName: "roadrunner", text: "kudos @bob top", isCommand: true,
                                   isPrivate: false, postID: nil)
        expected.mentions = ["bob": "U1"]
        // The trigger id opens the huddle's dialog through views.open.
        expected.triggerID = "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
        #expect(line == expected)
        #expect(gate.check(request, now: now).failure?.reason == "replayed request")
        var tampered = slackRequest(body: body, timestamp: 1_531_420_619)
        tampered.body = Data((body + "x").utf8)
        #expect(gate.check(tampered, now: now).failure == InboundRejection(status: 401, reason: "invalid signature", refusal: .badSignature))
        #expect(gate.check(slackRequest(body: body, timestamp: 1_531_420_620, secret: "other"), now: now).failure?.reason == "invalid signature")
        #expect(gate.check(slackRequest(body: body, timestamp: 1_531_420_618 - 301), now: now).failure?.reason
                == "timestamp outside the five-minute window")
        #expect(gate.check(slackRequest(body: body, timestamp: 1_531_420_618 + 301), now: now).failure?.status == 401)
        var unsigned = request
        unsigned.headers["x-slack-signature"] = nil
        #expect(gate.check(unsigned, now: now).failure?.reason == "missing x-slack-signature")
    }

    /// Mattermost's token comes in the form, in JSON, or in the Authorization header; any configured token works.
    @Test func mattermostToken() throws {
        let gate = InboundGate(platform: .mattermost, secrets: InboundGate.secrets(from: "hook-token,\nslash-token"))
        let form = HTTPRequest(method: "POST", path: "/mattermost/keuken", headers: ["content-type": "application/x-www-form-urlencoded"],
                               body: Data("token=hook-token&user_id=u1&user_name=anna&post_id=p1&text=1+Twaalf+gasten+%26+een+hond".utf8))
        #expect(try gate.check(form, now: now).get() == InboundLine(userID: "u1", userName: "anna", text: "1 Twaalf gasten & een hond",
                                                                   isCommand: false, isPrivate: false, postID: "p1"))
        let json = HTTPRequest(method: "POST", path: "/mattermost/keuken", headers: ["content-type": "application/json"],
                               body: Data(#"{"token":"slash-token","user_id":"u1","user_name":"anna","command":"/huddle","text":"help"}"#.utf8))
        #expect(try gate.check(json, now: now).get().isCommand)
        let header = HTTPRequest(method: "POST", path: "/mattermost/keuken",
                                 headers: ["content-type": "application/x-www-form-urlencoded", "authorization": "Token slash-token"],
                                 body: Data("user_id=u1&user_name=anna&command=%2Fhuddle&text=".utf8))
        #expect(try gate.check(header, now: now).get().text == "")
        let wrong = HTTPRequest(method: "POST", path: "/", headers: [:], body: Data("token=hook-tokeN&user_id=u1&user_name=anna".utf8))
        #expect(gate.check(wrong, now: now).failure == InboundRejection(status: 401, reason: "invalid token", refusal: .badSignature))
        let anonymous = HTTPRequest(method: "POST", path: "/", headers: [:], body: Data("token=hook-token&text=hi".utf8))
        #expect(gate.check(anonymous, now: now).failure?.status == 400)
    }

    /// A Mattermost slash command set to GET sends its fields in the query string.
    @Test func mattermostGet() throws {
        let gate = InboundGate(platform: .mattermost, secrets: ["t"])
        let request = HTTPRequest(method: "GET", path: "/mattermost/k", query: "token=t&user_id=u&user_name=anna&command=%2Fhuddle&text=blij+koffie",
                                  headers: [:], body: Data())
        #expect(try gate.check(request, now: now).get() == InboundLine(userID: "u", userName: "anna", text: "blij koffie", isCommand: true,
                                                                      isPrivate: false, postID: nil))
    }

    /// A trigger word that names the bot addresses it; `!` or a digit as trigger word stays part of the line.
    @Test func mattermostTriggerWords() throws {
        let gate = InboundGate(platform: .mattermost, secrets: ["t"])
        func check(_ form: String) throws -> InboundLine {
            try gate.check(HTTPRequest(method: "POST", path: "/", headers: [:], body: Data("token=t&user_id=u&user_name=anna&\(form)".utf8)), now: now).get()
        }
        let named = try check("trigger_word=huddle&text=Huddle+kudos+%40bob+top")
        #expect(named.text == "kudos @bob top" && named.isAddressed && !named.isCommand)
        #expect(try check("trigger_word=%40huddle&text=%40huddle%3A+help").text == "help")
        let bang = try check("trigger_word=!&text=!blij+koffie")
        #expect(bang.text == "!blij koffie" && !bang.isAddressed)
        #expect(try check("trigger_word=1&text=1+twaalf+gasten").text == "1 twaalf gasten")
    }

    /// Slack's certificate check is answered and is not a line.
    @Test func slackSSLCheck() {
        let gate = InboundGate(platform: .slack, secrets: [Self.secret])
        let stamp = Int(now.timeIntervalSince1970)
        #expect(gate.check(slackRequest(body: "ssl_check=1&token=x", timestamp: stamp), now: now).failure?.status == 200)
    }

    /// The generic route signs `timestamp.body` with HMAC-SHA256 in X-Huddle-Signature.
    @Test func genericSignature() throws {
        let gate = InboundGate(platform: .generic, secrets: ["k"])
        let body = #"{"user_id":"42","user_name":"anna","text":"!blij Koffie","private":true}"#
        let signature = Hex.encode(Signatures.hmacSHA256(key: Array("k".utf8), message: Array("1531420618.\(body)".utf8)))
        let request = HTTPRequest(method: "POST", path: "/generic/k", headers: [
            "x-huddle-timestamp": "1531420618", "x-huddle-signature": "sha256=\(signature)"], body: Data(body.utf8))
        #expect(try gate.check(request, now: now).get() == InboundLine(userID: "42", userName: "anna", text: "!blij Koffie",
                                                                      isCommand: false, isPrivate: true, postID: nil))
        #expect(gate.check(request, now: now.addingTimeInterval(1)).failure?.reason == "replayed request")
        // The same signature in capitals is the same signature, so a replay too.
        var shouting = request
        shouting.headers["x-huddle-signature"] = "sha256=\(signature.uppercased())"
        #expect(gate.check(shouting, now: now.addingTimeInterval(2)).failure?.reason == "replayed request")
    }

    /// Teams signs the body with the base64-decoded security token; the bot's mention is dropped.
    @Test func teamsSignature() throws {
        let token = Data("een geheim van 32 bytes lang!!!!".utf8).base64EncodedString()
        let gate = InboundGate(platform: .teams, secrets: [token])
        let body = #"{"type":"message","id":"1485983408511","timestamp":"2018-07-12T18:36:58.123Z","text":"<at>Huddle</at> kudos <at>Bob Jansen</at> top&nbsp;gedaan","from":{"id":"29:1x","name":"Anna de Vries","aadObjectId":"aad-anna"}}"#
        func request(_ body: String, key: String = token) -> HTTPRequest {
            let mac = Signatures.hmacSHA256(key: Array(Data(base64Encoded: key)!), message: Array(body.utf8))
            return HTTPRequest(method: "POST", path: "/teams/k", headers: ["authorization": "HMAC \(Data(mac).base64EncodedString())"],
                               body: Data(body.utf8))
        }
        let line = try gate.check(request(body), now: now).get()
        #expect(line.userID == "aad-anna" && line.userName == "AnnadeVries" && line.text == "kudos @BobJansen top gedaan" && line.isAddressed)
        #expect(gate.check(request(body), now: now).failure?.reason == "replayed request")
        #expect(gate.check(request(body, key: Data("other".utf8).base64EncodedString()), now: now).failure?.reason == "invalid signature")
        let late = body.replacingOccurrences(of: "2018-07-12T18:36:58.123Z", with: "2018-07-12T18:50:00Z")
        #expect(gate.check(request(late), now: now).failure?.reason == "timestamp outside the five-minute window")
    }

    /// Teams times with up to seven fractional digits or an offset read; nonsense does not.
    @Test func teamsTimestamps() {
        func seconds(_ text: String) -> Double? { InboundGate.parseISO8601(text)?.timeIntervalSince1970 }
        #expect(abs((seconds("2018-07-12T18:36:58.1234567Z") ?? 0) - 1_531_420_618.123) < 0.001)
        #expect(seconds("2018-07-12T18:36:58Z") == 1_531_420_618)
        #expect(abs((seconds("2018-07-12T20:36:58.5+02:00") ?? 0) - 1_531_420_618.5) < 0.001)
        #expect(InboundGate.parseISO8601("gisteren") == nil)
    }

    /// Slack's markup becomes what the person typed.
    @Test func slackText() {
        #expect(InboundGate.slackPlainText("kudos <@U123|bob> en <@U9> &amp; <#C1|keuken> <!here> zie <https://x.nl|x> 3 &lt; 4")
                == "kudos @bob en @U9 & #keuken @here zie https://x.nl 3 < 4")
    }

    /// A key seen within the time it is kept is a repeat; after that it is new again, and old
    /// keys are forgotten as time goes on (not all looked at on every request).
    @Test func seenKeys() {
        var seen = SeenKeys()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var answers: [Bool] = []
        for (key, seconds) in [("a", 0.0), ("a", 599), ("a", 601)] { answers.append(seen.insert(key, now: start.addingTimeInterval(seconds), keep: 600)) }
        #expect(answers == [true, false, true])
        var fresh = 0
        for n in 0..<5000 where seen.insert("k\(n)", now: start.addingTimeInterval(1000 + Double(n)), keep: 600) { fresh += 1 }
        #expect(fresh == 5000)
        let repeated = seen.insert("k4999", now: start.addingTimeInterval(6000), keep: 600)
        let forgotten = seen.insert("k0", now: start.addingTimeInterval(6000), keep: 600)
        #expect(!repeated && forgotten)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

}
