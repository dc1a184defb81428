import Foundation
import HuddleCore

/// One shift of a simulated team, as it is written into the configuration.
struct ShiftSpec: Sendable, Hashable {
    var name: String
    /// Local start, minutes after midnight.
    var start: Int
    var windowMinutes: Int
    var graceMinutes: Int
    /// Weekdays (`mon` …) or nil for every day.
    var days: [String]?
}

/// One person of a simulated team.
struct Person: Sendable, Hashable {
    var nick: String
    var account: String
    var isLeader: Bool
    /// Forgotten (`huddle forget`): never speaks again.
    var forgotten = false
}

/// One simulated team: on IRC or a webhook platform, with its shifts and people.
struct TeamSpec: Sendable {
    var id: String
    var name: String
    var zone: String
    var language: Language
    var platform: WebhookPlatform?
    var shifts: [ShiftSpec]
    var holidays: Bool
    var people: [Person]
    var digestDay: String
    var channel: String { platform == nil ? "#\(id)" : id }
    var leaders: [Person] { people.filter(\.isLeader) }
}

/// The simulated organisation: its teams, groups and data directory, and the configuration
/// each version of it makes (read through the real loader).
struct World: Sendable {
    var dataDirectory: String
    var teams: [TeamSpec]
    /// Groups of team ids, each with a digest channel on IRC.
    var groups: [[String]]
    private var nextTeam: Int

    static let zones = ["Europe/Amsterdam", "Europe/Amsterdam", "Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]
    static let names = ["anna", "bob", "chris", "dirk", "eva", "fatima", "gijs", "hanna", "ivo", "jasmijn", "karim", "lotte", "mo", "noor"]
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// A world of `teams` teams drawn from `random`.
    init(teams count: Int, dataDirectory: String, random: inout SeededRandom) {
        self.dataDirectory = dataDirectory
        let made = (1...count).map { Self.makeTeam(number: $0, random: &random) }
        teams = made
        nextTeam = count + 1
        groups = stride(from: 0, to: made.count, by: 4).map { Array(made[$0..<min($0 + 4, made.count)].map(\.id)) }.filter { $0.count > 1 }
    }

    static func makeTeam(number: Int, random: inout SeededRandom) -> TeamSpec {
        let id = "t\(number < 10 ? "0" : "")\(number)"
        let platforms: [WebhookPlatform?] = [nil, nil, nil, nil, nil, .generic, .mattermost, .slack, .discord, .teams]
        let platform = random.pick(platforms)
        let people = (0..<random.int(4...8)).map { index -> Person in
            let nick = "\(names[(number * 3 + index) % names.count])-\(id)"
            return Person(nick: nick, account: platform == nil ? nick : "U\(number)X\(index)", isLeader: index == 0)
        }
        return TeamSpec(id: id, name: "Team \(number)", zone: random.pick(zones), language: random.chance(0.7) ? .nl : .en,
                        platform: platform, shifts: makeShifts(random: &random), holidays: random.chance(0.5), people: people,
                        digestDay: random.pick(["mon", "mon", "tue", "fri"]))
    }

    /// One to three shifts at least four hours apart; some at night, in the hour clocks skip or repeat.
    static func makeShifts(random: inout SeededRandom) -> [ShiftSpec] {
        var shifts = [ShiftSpec(name: "ochtend", start: random.int(24...36) * 15, windowMinutes: random.pick([10, 15, 20]),
                                graceMinutes: random.pick([1, 5, 15, 30]), days: random.chance(0.3) ? Array(weekdays.prefix(5)) : nil)]
        if random.chance(0.7) {
            shifts.append(ShiftSpec(name: "middag", start: random.int(56...64) * 15, windowMinutes: random.pick([10, 15]),
                                    graceMinutes: random.pick([1, 10, 20]), days: nil))
        }
        if random.chance(0.4) {
            // 02:30 is missing on a spring DST day and twice on an autumn one.
            shifts.append(ShiftSpec(name: "nacht", start: random.pick([150, 90, 1350, 1410]), windowMinutes: random.pick([15, 20]),
                                    graceMinutes: random.pick([5, 30]), days: nil))
        }
        return shifts
    }

    /// A new team for a reload.
    mutating func addTeam(random: inout SeededRandom) -> String {
        var team = Self.makeTeam(number: nextTeam, random: &random)
        team.platform = nil
        team.people = team.people.map { Person(nick: $0.nick, account: $0.nick, isLeader: $0.isLeader) }
        nextTeam += 1
        teams.append(team)
        return team.id
    }

    func team(_ id: String) -> TeamSpec? { teams.first { $0.id == id } }

    /// The configuration file's text.
    var yaml: String {
        var out = """
        data_dir: \(dataDirectory)
        locale: nl
        timezone: Europe/Amsterdam
        allow_nick_identity: auto
        irc:
          host: 127.0.0.1
          nick: huddle
        webhooks:
          listen: 127.0.0.1:8080
        teams:

        """
        for team in teams {
            out += "  - id: \(team.id)\n    name: \(team.name)\n    channel: \"\(team.channel)\"\n"
            out += "    locale: \(team.language.rawValue)\n    timezone: \(team.zone)\n"
            out += "    leaders: [\(team.leaders.map(\.account).joined(separator: ", "))]\n"
            if team.holidays { out += "    holidays: nl\n" }
            out += "    remind: mention\n"
            out += "    digest: {post_at: \"\(team.digestDay) 08:00\"\(team.platform == nil ? ", channel: \"#leiding-\(team.id)\"" : "")}\n"
            if let platform = team.platform {
                out += "    webhook: {platform: \(platform.rawValue), url_env: SIM_URL_\(team.id.uppercased()), secret_env: SIM_SECRET}\n"
            }
            out += "    shifts:\n"
            for shift in team.shifts {
                let start = String(format: "%02d:%02d", shift.start / 60, shift.start % 60)
                out += "      - {name: \(shift.name), start: \"\(start)\", window: \(shift.windowMinutes)m, grace: \(shift.graceMinutes)m"
                if let days = shift.days { out += ", days: [\(days.joined(separator: ", "))]" }
                out += "}\n"
            }
        }
        if !groups.isEmpty {
            out += "groups:\n"
            for (index, members) in groups.enumerated() {
                out += "  - {id: g\(index + 1), name: Groep \(index + 1), teams: [\(members.joined(separator: ", "))], digest: {post_at: \"mon 09:00\", channel: \"#groep-\(index + 1)\"}}\n"
            }
        }
        return out
    }

    /// The configuration this world makes, read and validated as `huddle run` reads a file.
    func config() throws -> HuddleConfig {
        try ConfigLoader.load(yaml: yaml, path: "\(dataDirectory)/../sim.yaml")
    }
}
