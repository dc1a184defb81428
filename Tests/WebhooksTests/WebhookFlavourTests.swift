import Foundation
import Testing
@testable import Webhooks

@Suite struct WebhookFlavourTests {
    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// Each platform gets its own payload shape.
    @Test func shapes() throws {
        let text = "Huddle ochtend — Receptie\n1. Wie verwachten we vandaag?"
        #expect(json(WebhookFlavour.slack.payloads(text: text, team: "r", channel: "#r", kind: "prompt")[0])["text"] as? String == text)
        let mattermost = json(WebhookFlavour.mattermost.payloads(text: text, team: "r", channel: "#r", kind: "prompt",
                                                                  options: .init(username: "huddle", channel: "receptie"))[0])
        #expect(mattermost["text"] as? String == text && mattermost["username"] as? String == "huddle" && mattermost["channel"] as? String == "receptie")
        let discord = json(WebhookFlavour.discord.payloads(text: "@everyone hallo", team: "r", channel: "#r", kind: "prompt")[0])
        #expect(discord["content"] as? String == "@everyone hallo" && (discord["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let teams = json(WebhookFlavour.teams.payloads(text: text, team: "r", channel: "#r", kind: "prompt")[0])
        let attachment = try #require((teams["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
        let body = try #require((attachment["content"] as? [String: Any])?["body"] as? [[String: Any]])
        #expect(body.map { $0["text"] as? String } == ["Huddle ochtend — Receptie", "1. Wie verwachten we vandaag?"])
        let generic = json(WebhookFlavour.generic.payloads(text: text, team: "r", channel: "#r", kind: "digest")[0])
        #expect(generic["team"] as? String == "r" && generic["kind"] as? String == "digest" && generic["channel"] as? String == "#r")
    }

    /// Long texts are split to the platform's limit (Discord 2000), at line ends where possible, losing nothing.
    @Test func splitting() {
        let lines = (1...300).map { "regel \($0): " + String(repeating: "é", count: 20) }
        let text = lines.joined(separator: "\n")
        let pieces = WebhookFlavour.discord.payloads(text: text, team: "r", channel: "#r", kind: "prompt")
            .map { json($0)["content"] as? String ?? "" }
        #expect(pieces.count > 1 && pieces.allSatisfy { $0.count <= 2000 })
        #expect(pieces.joined(separator: "\n") == text)
        #expect(WebhookFlavour.split(String(repeating: "x", count: 4500), limit: 2000).map(\.count) == [2000, 2000, 500])
        #expect(WebhookFlavour.split("", limit: 10) == [""])
    }
}
