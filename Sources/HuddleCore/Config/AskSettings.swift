import Foundation
import Yams

/// Which teams may ask each other questions (`!vraag`) beyond the teams of one group, and when
/// an open question is reminded.
public struct AskSettings: Sendable, Hashable {
    /// Seconds after which an open question is said again in the asked team's channel.
    public var remindAfter: Int = 15 * 60
    /// Pairs of team ids that may ask each other, both ways.
    public var pairs: [[String]] = []

    /// The defaults: teams of a group ask each other, reminded after 15 minutes.
    public init() {}
}

extension HuddleConfig {
    /// The teams `team` may ask: the other teams of its groups and the teams `ask.pairs` pairs it
    /// with, in the order of `teams`.
    public func peers(of team: String) -> [TeamConfig] {
        var ids = Set(groups(of: team).flatMap(\.teams))
        for pair in ask.pairs where pair.contains(team) { ids.formUnion(pair) }
        ids.remove(team)
        return teams.filter { ids.contains($0.id) }
    }
}

extension AskSettings {
    /// The `ask:` section.
    static func read(_ node: Node, teams: [TeamConfig], reader: inout ConfigReader) -> AskSettings {
        var settings = AskSettings()
        guard let map = reader.mapping(node, path: "ask", allowed: ["remind_after", "pairs"]) else { return settings }
        if let remindNode = map["remind_after"], let value = reader.string(remindNode, path: "ask.remind_after") {
            if let seconds = DurationText.seconds(value), seconds >= 60, seconds <= 24 * 3600 {
                settings.remindAfter = seconds
            } else {
                reader.fail(remindNode, "'ask.remind_after' must be a duration from 1m to 24h such as 15m, not '\(value)'")
            }
        }
        for (index, pairNode) in (map["pairs"].flatMap { reader.list($0, path: "ask.pairs") } ?? []).enumerated() {
            let path = "ask.pairs[\(index)]"
            guard let members = reader.stringList(pairNode, path: path) else { continue }
            guard members.count == 2, members[0].0 != members[1].0 else {
                reader.fail(pairNode, "'\(path)' must name two different teams, such as [receptie, keuken]")
                continue
            }
            var pair: [String] = []
            for (team, teamNode) in members {
                if teams.contains(where: { $0.id == team }) { pair.append(team) } else {
                    reader.fail(teamNode, "'\(path)' names '\(team)', which is not a team id in 'teams'",
                                hint: ConfigReader.closest(to: team, in: teams.map(\.id)).map { "did you mean '\($0)'?" })
                }
            }
            if pair.count == 2 { settings.pairs.append(pair) }
        }
        return settings
    }
}
