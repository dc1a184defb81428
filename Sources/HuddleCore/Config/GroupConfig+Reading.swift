import Foundation
import Yams

extension GroupConfig {
    /// The `groups:` list; every member must be a team in `teams`.
    static func readAll(_ node: Node, teams: [TeamConfig], language: Language, zone: TimeZone, reader: inout ConfigReader) -> [GroupConfig] {
        guard let items = reader.list(node, path: "groups") else { return [] }
        var groups: [GroupConfig] = []
        for (index, item) in items.enumerated() {
            guard let map = reader.mapping(item, path: "groups[\(index)]", allowed: ["id", "name", "teams", "leaders", "digest", "today", "lineup"]) else { continue }
            guard let idNode = map["id"], let id = reader.nonEmptyString(idNode, path: "groups[\(index)].id") else {
                if map["id"] == nil { reader.fail(item, "missing 'groups[\(index)].id'; expected a lower-case id such as hotel-zuid") }
                continue
            }
            let path = "groups.\(id)"
            guard TeamConfig.isValidID(id) else {
                reader.fail(idNode, "'groups[\(index)].id' must be lower-case letters, digits and '-' (it names files), not '\(id)'")
                continue
            }
            if groups.contains(where: { $0.id == id }) { reader.fail(idNode, "group id '\(id)' is used twice") }
            var members: [String] = []
            for (team, teamNode) in map["teams"].flatMap({ reader.stringList($0, path: "\(path).teams") }) ?? [] {
                if teams.contains(where: { $0.id == team }) { members.append(team) } else {
                    reader.fail(teamNode, "'\(path).teams' names '\(team)', which is not a team id in 'teams'",
                         hint: ConfigReader.closest(to: team, in: teams.map(\.id)).map { "did you mean '\($0)'?" })
                }
            }
            if map["teams"] == nil { reader.fail(item, "missing '\(path).teams'; expected the ids of the group's teams") }
            let leaders = (map["leaders"].flatMap { reader.stringList($0, path: "\(path).leaders") } ?? []).map(\.0)
            let digest = map["digest"].map { DigestSettings.read($0, path: "\(path).digest", reader: &reader) } ?? DigestSettings()
            var group = GroupConfig(id: id, name: map["name"].flatMap { reader.nonEmptyString($0, path: "\(path).name") } ?? id, teams: members,
                                    leaders: leaders, digest: digest, language: language, timeZone: zone)
            group.today = map["today"].map { DaySource.readAll($0, path: "\(path).today", reader: &reader) } ?? []
            group.lineup = map["lineup"].map { Lineup.read($0, path: "\(path).lineup", reader: &reader) } ?? Lineup()
            groups.append(group)
        }
        return groups
    }
}
