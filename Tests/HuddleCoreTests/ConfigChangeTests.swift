import Foundation
import HuddleCore
import Testing

@Suite struct ConfigChangeTests {
    func config(_ yaml: String) throws -> HuddleConfig { try ConfigLoader.load(yaml: yaml, path: "huddle.yaml") }

    let irc = "irc: {host: 127.0.0.1, port: 6667, nick: huddle}\n"

    /// Added, removed and changed teams are told apart; IRC must reconnect only when its own settings change.
    @Test func teamsAndConnection() throws {
        let old = try config(irc + "teams:\n  - {id: a, channel: \"#a\"}\n  - {id: b, channel: \"#b\"}\n")
        let new = try config(irc + "teams:\n  - {id: a, channel: \"#a\", leaders: [monique]}\n  - {id: c, channel: \"#c\"}\n")
        let change = ConfigChange(from: old, to: new)
        #expect(change.added.map(\.id) == ["c"] && change.removed.map(\.id) == ["b"] && change.changed == ["a"])
        #expect(!change.ircConnection && !change.webhooks && !change.chat && !change.metrics && !change.isEmpty)
        #expect(ConfigChange.ircChannels(new) == ["#a", "#c"])
        #expect(ConfigChange(from: old, to: old).isEmpty)
        let renamed = try config("irc: {host: 127.0.0.1, port: 6667, nick: huddle2}\nteams:\n  - {id: a, channel: \"#a\"}\n  - {id: b, channel: \"#b\"}\n")
        #expect(ConfigChange(from: old, to: renamed).ircConnection)
    }

    /// Webhook teams and the listener are the webhook side's settings; metrics and chat their own.
    @Test func webhooksMetricsChat() throws {
        let hook = "  - {id: k, webhook: {platform: slack, url_env: K}}\n"
        let old = try config(irc + "webhooks: {listen: \"127.0.0.1:8080\"}\nteams:\n  - {id: a, channel: \"#a\"}\n" + hook)
        let moved = try config(irc + "webhooks: {listen: \"127.0.0.1:8081\"}\nmetrics: {listen: \"127.0.0.1:9464\"}\nchat: {prefix: \"?\"}\nteams:\n  - {id: a, channel: \"#a\"}\n" + hook)
        let change = ConfigChange(from: old, to: moved)
        #expect(change.webhooks && change.metrics && change.chat && !change.ircConnection && change.changed.isEmpty)
    }
}
