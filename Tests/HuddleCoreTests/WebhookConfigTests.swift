import Foundation
import Testing
@testable import HuddleCore

@Suite struct WebhookConfigTests {
    func issues(_ yaml: String) -> [String] { ConfigLoaderTests().issues(yaml) }

    static let mixed = """
        webhooks:
          listen: 127.0.0.1:8080
          max_body_bytes: 32768
        irc: {host: 127.0.0.1}
        teams:
          - id: receptie
            channel: "#receptie"
          - id: keuken
            leaders: [u8xk2m]
            webhook:
              platform: mattermost
              url_env: KEUKEN_WEBHOOK_URL
              leaders_url_file: secrets/leiding.url
              secret_env: KEUKEN_TOKENS
              username: Huddle
              channel: keuken
          - id: bar
            channel: bar-team
            webhook: {platform: slack, url_file: /etc/huddle/bar.url, secret_file: secrets/bar.secret}
          - id: zaal
            webhook: {platform: discord, url_env: ZAAL_URL}
        """

    /// IRC and webhook teams in one bot: platforms, secrets by env or file (relative to the config), the endpoint.
    @Test func mixedTeams() throws {
        let config = try ConfigLoader.load(yaml: Self.mixed, path: "Config/huddle.yaml")
        #expect(config.webhooks == WebhookListenSettings(host: "127.0.0.1", port: 8080, maxBodyBytes: 32768))
        #expect(config.irc?.host == "127.0.0.1")
        #expect(config.team(id: "receptie")?.webhook == nil)
        let keuken = try #require(config.team(id: "keuken")?.webhook)
        #expect(keuken == TeamWebhook(platform: .mattermost, url: .environment("KEUKEN_WEBHOOK_URL"),
                                      leadersURL: .file("Config/secrets/leiding.url"), secret: .environment("KEUKEN_TOKENS"),
                                      username: "Huddle", channelOverride: "keuken"))
        #expect(config.team(id: "keuken")?.channel == "#keuken")
        #expect(config.team(id: "bar")?.channel == "bar-team")
        #expect(config.team(id: "bar")?.webhook?.url == .file("/etc/huddle/bar.url"))
        #expect(config.team(id: "bar")?.webhook?.secret == .file("Config/secrets/bar.secret"))
        #expect(config.warnings.contains { $0.message.contains("team 'zaal' has no 'secret_env' or 'secret_file' in its webhook") })
    }

    /// A bot of webhook teams only needs no IRC server.
    @Test func webhookOnly() throws {
        let config = try ConfigLoader.load(yaml: """
            webhooks: {listen: "[::1]:9000"}
            teams:
              - id: keuken
                webhook: {platform: generic, url_env: U, secret_env: S}
            """, path: "huddle.yaml")
        #expect(config.irc == nil && config.webhooks?.host == "::1" && config.webhooks?.port == 9000)
    }

    /// The words of the issue and the platforms' docs work too: `webhooks:` per team, posting keys
    /// under `outgoing:`, `flavour`, `token_env`, `signing_secret_file`.
    @Test func aliases() throws {
        let config = try ConfigLoader.load(yaml: """
            webhooks: {listen: 127.0.0.1:8080}
            teams:
              - id: keuken
                webhooks:
                  outgoing: {flavour: mattermost, url_env: MM_URL, username: Huddle}
                  token_env: MM_TOKEN
              - id: bar
                webhook: {flavor: slack, url_file: /run/bar.url, signing_secret_file: /run/bar.secret}
            """, path: "huddle.yaml")
        #expect(config.team(id: "keuken")?.webhook == TeamWebhook(platform: .mattermost, url: .environment("MM_URL"),
                                                                  secret: .environment("MM_TOKEN"), username: "Huddle"))
        #expect(config.team(id: "bar")?.webhook?.secret == .file("/run/bar.secret"))
        #expect(issues("webhooks: {listen: 1.2.3.4:1}\nteams:\n  - id: k\n    webhook: {platform: slack, flavour: slack, url_env: U}\n")
            .contains { $0.contains("gives 'platform' twice (as 'flavour' too)") })
    }

    /// Listening beyond loopback is allowed, with a warning about plain HTTP.
    @Test func publicListenWarns() throws {
        let config = try ConfigLoader.load(yaml: "webhooks: {listen: 0.0.0.0:8080}\nirc: {host: h}\n", path: "huddle.yaml")
        #expect(config.warnings.contains { $0.message.hasPrefix("'webhooks.listen' is 0.0.0.0, reachable from other machines over plain HTTP") })
        #expect(try ConfigLoader.load(yaml: "webhooks: {listen: 127.0.0.1:8080}\nirc: {host: h}\n", path: "huddle.yaml").warnings.isEmpty)
    }

    /// Every mistake is named with its place.
    @Test func errors() {
        #expect(issues("teams:\n  - id: k\n    channel: \"#k\"\n").contains { $0.contains("team 'k' has no 'webhook:', so it is on IRC, but there is no 'irc:' section") })
        #expect(issues("teams: []\n").contains { $0.contains("missing 'irc:' section") })
        #expect(issues("irc: {host: h}\nteams:\n  - id: k\n    webhook: {platform: irc, url_env: U}\n")
            .contains { $0.hasPrefix("4:25: 'teams.k.webhook.platform' must be slack, mattermost, discord, teams, generic, not 'irc'") })
        #expect(issues("irc: {host: h}\nteams:\n  - id: k\n    webhook: {platform: slack}\n")
            .contains { $0.contains("'teams.k.webhook' needs 'url_env' (an environment variable) or 'url_file'") })
        #expect(issues("irc: {host: h}\nteams:\n  - id: k\n    webhook: {platform: slack, url_env: U, url_file: f}\n")
            .contains { $0.contains("has both 'url_env' and 'url_file'") })
        #expect(issues("irc: {host: h}\nteams:\n  - id: k\n    webhook: {platform: slack, url_env: U, secret_env: S}\n")
            .contains { $0.contains("takes replies through its webhook (it has a secret) but there is no 'webhooks: {listen: 127.0.0.1:8080}'") })
        #expect(issues("irc: {host: h}\nteams:\n  - id: k\n    webhook: {platform: slack, url_env: U, username: x}\n")
            .contains { $0.contains("are Mattermost settings") })
        #expect(issues("webhooks: {listen: 8080}\nirc: {host: h}\n").contains { $0.hasPrefix("1:20: 'webhooks.listen' must be an address and port") })
        #expect(issues("webhooks: {}\nirc: {host: h}\n").contains { $0.contains("missing 'webhooks.listen'") })
        #expect(issues("irc: {host: h}\nteams:\n  - id: k\n    webhook: {platform: slack, url_env: U, shh: 1}\n")
            .contains { $0.contains("unknown key 'shh' in 'teams.k.webhook'") })
    }

    /// `leaders_by_name: true` is read with a warning that names can be changed and reused; on the
    /// generic platform it is an error at its place; without it a webhook team's leaders are ids.
    @Test func leadersByName() throws {
        let yaml = """
            webhooks: {listen: 127.0.0.1:8080}
            teams:
              - id: keuken
                leaders: [mmboss]
                webhook: {platform: mattermost, url_env: U, secret_env: S, leaders_by_name: true}
              - id: bar
                leaders: [U024BE7LH]
                webhook: {platform: slack, url_env: U, secret_env: S}
            """
        let config = try ConfigLoader.load(yaml: yaml, path: "huddle.yaml")
        #expect(config.team(id: "keuken")?.webhook?.leadersByName == true)
        #expect(config.team(id: "bar")?.webhook?.leadersByName == false)
        let warning = try #require(config.warnings.first { $0.message.contains("leaders_by_name") })
        #expect(warning.line == 5 && warning.path == "teams.keuken.webhook.leaders_by_name")
        #expect(warning.message.contains("names can be changed and reused") && warning.hint.contains("user ids"))
        let off = try ConfigLoader.load(yaml: yaml.replacingOccurrences(of: "leaders_by_name: true", with: "leaders_by_name: false"), path: "huddle.yaml")
        #expect(off.team(id: "keuken")?.webhook?.leadersByName == false && !off.warnings.contains { $0.message.contains("leaders_by_name") })

        let generic = "webhooks: {listen: 127.0.0.1:8080}\nteams:\n  - id: k\n    leaders: [boss1]\n"
            + "    webhook: {platform: generic, url_env: U, secret_env: S, leaders_by_name: true}\n"
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(yaml: generic, path: "huddle.yaml") }
        let issue = try #require(error?.issues.first)
        #expect(error?.issues.count == 1 && issue.line == 5 && issue.column == 78)
        #expect(issue.message == "'teams.k.webhook.leaders_by_name' cannot be true on the generic platform, whose caller sends any user name")
        #expect(issue.hint == "list the leaders' user ids in 'leaders' and remove 'leaders_by_name'")
        #expect(issues(generic.replacingOccurrences(of: "true", with: "maybe")).contains { $0.contains("must be true or false, not 'maybe'") })
    }
}

@Suite struct WebhookExampleConfigTests {
    /// The example in Config/ loads: one team on IRC, one on Mattermost, one on Slack.
    @Test func exampleLoads() throws {
        let config = try ConfigLoader.load(yaml: try String(contentsOfFile: repositoryFile("Config/webhooks.yaml"), encoding: .utf8),
                                           path: "Config/webhooks.yaml")
        #expect(config.teams.map { $0.webhook?.platform } == [nil, .mattermost, .slack])
        #expect(config.webhooks?.port == 8080 && config.warnings.isEmpty)
    }
}
