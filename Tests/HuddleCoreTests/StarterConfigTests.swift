import Foundation
import Testing
@testable import HuddleCore

@Suite struct StarterConfigTests {
    static let times = [LocalTime(hour: 7, minute: 0)!, LocalTime(hour: 15, minute: 0)!, LocalTime(hour: 23, minute: 0)!]

    /// Every platform, in both languages, gives a file the loader takes without an error or a
    /// warning, with the team, channel, shifts, zone and data directory asked for.
    @Test(arguments: StarterConfig.Platform.allCases, Language.allCases)
    func loadsOnEveryPlatform(platform: StarterConfig.Platform, language: Language) throws {
        let channel = platform == .irc ? "&dienst-2" : "dienst-2"
        let starter = StarterConfig(platform: platform, team: "zorg-2", channel: channel, shifts: Self.times, language: language,
                                    timeZone: "America/New_York", dataDirectory: "/var/lib/huddle", server: ("irc.example.org", 6697))
        let config = try ConfigLoader.load(yaml: starter.render(), path: "/etc/huddle/huddle.yaml")
        #expect(config.warnings.map(\.message) == [])
        let team = try #require(config.teams.first)
        #expect(config.teams.count == 1 && team.id == "zorg-2" && team.channel == channel)
        #expect(team.shifts.map(\.start) == Self.times)
        #expect(team.shifts.map(\.name) == (language == .nl ? ["ochtend", "middag", "nacht"] : ["morning", "afternoon", "night"]))
        #expect(config.language == language && config.timeZone.identifier == "America/New_York")
        #expect(config.dataDirectory == "/var/lib/huddle")
        #expect(team.webhook?.platform == platform.webhook)
        if platform == .irc {
            #expect(config.irc?.host == "irc.example.org" && config.irc?.port == 6697 && config.irc?.tls == true && config.webhooks == nil)
        } else {
            let environment = try #require(starter.environment)
            #expect(team.webhook?.url == .environment(environment.url) && team.webhook?.secret == .environment(environment.secret))
            #expect(config.webhooks?.port == 8080 && config.irc == nil)
        }
    }

    /// Two shifts in the same part of the day get numbered names; a relative data directory stays relative to the file.
    @Test func namesAndPaths() throws {
        let starter = StarterConfig(platform: .irc, team: "keuken", channel: "#keuken",
                                    shifts: [LocalTime(hour: 6, minute: 0)!, LocalTime(hour: 9, minute: 30)!, LocalTime(hour: 2, minute: 0)!],
                                    language: .nl, timeZone: "Europe/Amsterdam", dataDirectory: "data")
        let config = try ConfigLoader.load(yaml: starter.render(), path: "/srv/huddle/huddle.yaml")
        #expect(config.teams[0].shifts.map(\.name) == ["ochtend-1", "ochtend-2", "nacht"])
        #expect(config.dataDirectory == "/srv/huddle/data")
        #expect(config.irc?.tls == false && config.irc?.port == 6667)
    }

    /// What an admin types is checked before it reaches the file.
    @Test func checksWhatIsTyped() throws {
        #expect(StarterConfig.problem(teamID: "receptie") == nil)
        #expect(StarterConfig.problem(teamID: "Receptie") != nil)
        #expect(StarterConfig.problem(teamID: "a b") != nil)
        #expect(StarterConfig.problem(teamID: "") != nil)
        #expect(StarterConfig.problem(channel: "#receptie", platform: .irc) == nil)
        #expect(StarterConfig.problem(channel: "receptie", platform: .irc) != nil)
        #expect(StarterConfig.problem(channel: "#a,#b", platform: .irc) != nil)
        #expect(StarterConfig.problem(channel: "town-square", platform: .mattermost) == nil)
        #expect(StarterConfig.problem(channel: "a \"b\"", platform: .slack) != nil)
        #expect(StarterConfig.problem(timeZone: "Europe/Amsterdam") == nil)
        #expect(StarterConfig.problem(timeZone: "Mars/Olympus") != nil)
        #expect(try StarterConfig.shifts(from: "15:00, 7:00 23:00").get() == [LocalTime(hour: 7, minute: 0)!, LocalTime(hour: 15, minute: 0)!, LocalTime(hour: 23, minute: 0)!])
        #expect(StarterConfig.shifts(from: "07:00,7:00") == .failure(StarterConfigError("the shift start 07:00 is given twice")))
        #expect(StarterConfig.shifts(from: "25:00") == .failure(StarterConfigError("a shift start is a time HH:MM such as 07:00; not '25:00'")))
        #expect(StarterConfig.shifts(from: " ") == .failure(StarterConfigError("give at least one shift start, such as 07:00")))
        #expect(try StarterConfig.server(from: "irc.example.org:6697").get() == ("irc.example.org", 6697))
        #expect(try StarterConfig.server(from: "10.0.0.5").get() == ("10.0.0.5", 6667))
        #expect((try? StarterConfig.server(from: "irc.example.org:0").get()) == nil)
        #expect((try? StarterConfig.server(from: "irc example").get()) == nil)
    }

    /// Values YAML would read as something else are quoted.
    @Test func quoting() throws {
        #expect(StarterConfig.quoted("data") == "data")
        #expect(StarterConfig.quoted("/var/lib/huddle") == "/var/lib/huddle")
        #expect(StarterConfig.quoted("yes") == "\"yes\"")
        #expect(StarterConfig.quoted("2026") == "\"2026\"")
        #expect(StarterConfig.quoted("#receptie") == "\"#receptie\"")
        let starter = StarterConfig(platform: .generic, team: "no", channel: "on", shifts: [LocalTime(hour: 8, minute: 0)!],
                                    language: .en, timeZone: "UTC", dataDirectory: "my data/huddle")
        let config = try ConfigLoader.load(yaml: starter.render(), path: "/x/huddle.yaml")
        #expect(config.teams[0].id == "no" && config.teams[0].channel == "on" && config.dataDirectory == "/x/my data/huddle")
    }
}

extension StarterConfigTests {
    /// The commented SASL line is a working one once its comment mark goes.
    @Test func commentedSASLLoads() throws {
        let starter = StarterConfig(platform: .irc, team: "receptie", channel: "#receptie", shifts: [LocalTime(hour: 7, minute: 0)!],
                                    language: .nl, timeZone: "UTC", dataDirectory: "data")
        let text = starter.render().replacingOccurrences(of: "  # sasl: ", with: "  sasl: ")
        let config = try ConfigLoader.load(yaml: text, path: "/x/huddle.yaml")
        #expect(config.irc?.sasl != nil)
    }
}
