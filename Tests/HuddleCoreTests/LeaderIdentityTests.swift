import Foundation
import HuddleCore
import IRCProtocol
import Testing

@Suite struct LeaderIdentityTests {
    /// Host masks match as IRC servers match them: `*` and `?`, case folded with the server's mapping.
    @Test(arguments: [
        ("monique!*@10.1.2.*", "monique!~mo@10.1.2.77", true),
        ("monique!*@10.1.2.*", "Monique!mo@10.1.2.8", true),
        ("monique!*@10.1.2.*", "monique!mo@10.1.3.8", false),
        ("monique!*@10.1.2.*", "moniquex!mo@10.1.2.8", false),
        ("*!monique@vpn.hotel.nl", "mo!monique@VPN.hotel.nl", true),
        ("*!monique@vpn.hotel.nl", "mo!monique@vpn.hotel.nl.evil", false),
        ("m?nique!*@*", "manique!a@b", true),
        ("m?nique!*@*", "mnique!a@b", false),
        ("team[1]!*@*", "TEAM{1}!x@y", true),
        ("*", "anything!at@all", true),
        ("a*b*c!*@*", "aXXbYYc!u@h", true),
        ("a*b*c!*@*", "aXXbYY!u@h", false),
    ])
    func masks(_ pattern: String, _ mask: String, _ matches: Bool) {
        #expect(HostMask.matches(pattern, mask, casemapping: .rfc1459) == matches)
    }

    /// `team[1]` and `team{1}` are one name under rfc1459, two under ascii.
    @Test func casemappings() {
        #expect(HostMask.matches("team[1]!*@*", "team{1}!x@y", casemapping: .rfc1459))
        #expect(!HostMask.matches("team[1]!*@*", "team{1}!x@y", casemapping: .ascii))
    }

    func team(_ leaders: [String]) -> TeamConfig {
        TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", leaders: leaders,
                   timeZone: TimeZone(identifier: "Europe/Amsterdam")!, shifts: [])
    }

    /// On IRC a leader is an account, a matching host mask, or a granted mask; never a bare nick.
    @Test func ircLeaders() {
        let team = team(["monique", "joost!*@10.1.2.*"])
        #expect(team.isLeader(Author(nick: "mo", account: "monique"), mask: "mo!m@h"))
        #expect(!team.isLeader(Author(nick: "monique"), mask: "monique!m@h"))
        #expect(!team.isLeader(Author(nick: "monique"), mask: nil))
        #expect(team.isLeader(Author(nick: "joost"), mask: "joost!j@10.1.2.3"))
        #expect(!team.isLeader(Author(nick: "joost"), mask: "joost!j@192.168.1.3"))
        let grant = LeaderGrant(team: "receptie", leader: "monique", mask: "monique!mo@203.0.113.9", at: Date())
        #expect(team.isLeader(Author(nick: "monique"), mask: "Monique!mo@203.0.113.9", grants: [grant]))
        #expect(!team.isLeader(Author(nick: "monique"), mask: "monique!mo@203.0.113.10", grants: [grant]))
        let other = LeaderGrant(team: "keuken", leader: "monique", mask: "monique!mo@203.0.113.9", at: Date())
        #expect(!team.isLeader(Author(nick: "monique"), mask: "monique!mo@203.0.113.9", grants: [other]))
        let removed = LeaderGrant(team: "receptie", leader: "anna", mask: "anna!a@h", at: Date())
        #expect(!team.isLeader(Author(nick: "anna"), mask: "anna!a@h", grants: [removed]))
        #expect(team.bareLeaderNames == ["monique"])
    }

    /// On a webhook platform a leader is the user id the platform vouches for; a user name alone
    /// (names change and are reused) grants nothing.
    @Test(arguments: WebhookPlatform.allCases)
    func webhookLeadersByID(_ platform: WebhookPlatform) {
        var team = team(["U123", "monique"])
        team.webhook = TeamWebhook(platform: platform, url: .environment("URL"))
        #expect(team.isLeader(Author(nick: "someone", account: "U123"), mask: nil))
        #expect(!team.isLeader(Author(nick: "monique", account: "U999"), mask: nil))
        #expect(!team.isLeader(Author(nick: "monique"), mask: nil))
        #expect(!team.isLeader(Author(nick: "U123", account: "U999"), mask: nil))
        #expect(!team.isLeader(Author(nick: "anna", account: "U555"), mask: nil))
        #expect(team.bareLeaderNames.isEmpty)
    }

    /// With `leaders_by_name` a user name counts too, on every platform but generic, whose caller
    /// sends any name.
    @Test(arguments: WebhookPlatform.allCases)
    func webhookLeadersByName(_ platform: WebhookPlatform) {
        var team = team(["U123", "monique"])
        team.webhook = TeamWebhook(platform: platform, url: .environment("URL"), leadersByName: true)
        #expect(team.isLeader(Author(nick: "someone", account: "U123"), mask: nil))
        #expect(team.isLeader(Author(nick: "Monique", account: "U999"), mask: nil) == (platform != .generic))
        #expect(!team.isLeader(Author(nick: "anna", account: "U555"), mask: nil))
    }

    /// A group leader on a webhook platform is a user id, as on a team; a user name never counts.
    @Test func groupLeadersFromWebhooks() {
        let group = GroupConfig(id: "hotel", name: "Hotel", teams: ["keuken"], leaders: ["u-boss", "monique!*@10.1.2.*"],
                                timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        #expect(group.isLeader(Author(nick: "anyone", account: "u-boss"), mask: nil))
        #expect(!group.isLeader(Author(nick: "u-boss", account: "u-eve"), mask: nil))
        #expect(!group.isLeader(Author(nick: "monique", account: "u-eve"), mask: nil))
    }

    /// A leader entry is an account or a whole host mask; anything else is a configuration error.
    @Test func configuredLeaders() throws {
        let yaml = "irc: {host: h}\nteams:\n  - {id: a, channel: \"#a\", leaders: [monique, \"joost!*@10.1.2.*\", \"bad@host\", \"two words\"]}\n"
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(yaml: yaml, path: "h.yaml") }
        #expect(error?.issues.count == 2 && error?.issues.allSatisfy { $0.message.contains("host mask") } == true)
        let ok = try ConfigLoader.load(yaml: "irc: {host: h}\nteams:\n  - {id: a, channel: \"#a\", leaders: [monique, \"joost!*@10.1.2.*\"]}\n", path: "h.yaml")
        #expect(ok.teams[0].leaderNames == [.account("monique"), .mask("joost!*@10.1.2.*")])
    }
}
