import Foundation
import HuddleCore
import Testing
@testable import Webhooks

/// What staff typed never becomes a mention, a link, an image or HTML on a webhook platform.
@Suite struct NeutralisedTextTests {
    static let hostile = "@all <!channel> @here @everyone <@123> [klik](javascript:alert(1)) ![x](http://elders/x.png) <b>top</b> & co"

    /// Mattermost, Discord, Teams and the generic route: an invisible word joiner after `@` and `<`
    /// and between `]` and `(`; the characters themselves stay as typed.
    @Test(arguments: [WebhookPlatform.mattermost, .discord, .teams, .generic])
    func markdownPlatforms(_ platform: WebhookPlatform) {
        let text = platform.neutralised(Self.hostile)
        for markup in ["@all", "@here", "@everyone", "<!channel>", "<@123>", "](", "<b>"] {
            #expect(!text.contains(markup), "\(platform): \(markup)")
        }
        #expect(text.replacingOccurrences(of: "\u{2060}", with: "") == Self.hostile)
        // Once is enough: neutralising again changes nothing.
        #expect(platform.neutralised(text) == text)
        #expect(platform.neutralised("Gewoon een zin, met 3 woorden.") == "Gewoon een zin, met 3 woorden.")
    }

    /// Slack: `&`, `<` and `>` escaped as Slack asks, so `<!channel>` and `<@U1>` are text; `@here` kept from pinging.
    @Test func slack() {
        let text = WebhookPlatform.slack.neutralised(Self.hostile)
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("@here") && !text.contains("@all"))
        #expect(text.contains("&lt;!channel&gt;") && text.contains("&amp; co"))
    }

    /// The payload a platform gets carries the neutralised text (Discord pings no one it was not told to).
    @Test func payloads() throws {
        let text = WebhookPlatform.mattermost.neutralised(Self.hostile)
        let body = try #require(WebhookPlatform.mattermost.payloads(text: text, team: "t", channel: "#t", kind: "post").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect((object["text"] as? String)?.contains("@here") == false)
        let discord = try #require(WebhookPlatform.discord.payloads(text: WebhookPlatform.discord.neutralised(Self.hostile), team: "t", channel: "#t", kind: "post").first)
        #expect(discord.contains("\"parse\":[]") && discord.contains("\"users\":[]"))
    }
}
