import Foundation
import IRCProtocol
import Yams

/// What teams inherit from the top level.
struct TeamDefaults {
    var language: Language
    var zone: TimeZone
    var holidays: HolidayCalendar?
}

extension TeamConfig {
    /// Whether `id` can name a team or a group: a-z, 0-9 and '-' (it names files).
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    /// Whether `channel` is an IRC channel a team can use: # or & and a name, without a space,
    /// comma, bell or line break.
    static func isIRCChannel(_ channel: String) -> Bool {
        guard let first = channel.first, "#&".contains(first), channel.count > 1 else { return false }
        return !channel.contains { $0 == " " || $0 == "," || $0 == "\u{07}" || $0.isNewline }
    }

    /// Whether `channel` can name a webhook team's channel: no whitespace or comma.
    static func isWebhookChannel(_ channel: String) -> Bool {
        !channel.contains { $0.isWhitespace || $0 == "," }
    }

    /// The keys of a team.
    static let configKeys = ["id", "name", "channel", "leaders", "locale", "timezone", "holidays", "skip_dates", "intro",
                             "questions", "remind", "remind_at", "nudge", "urgent_tags", "digest", "webhook", "webhooks", "shifts", "today", "counters"]

    /// The `teams:` list; ids and channels must be unique.
    static func readAll(_ node: Node, defaults: TeamDefaults, reader: inout ConfigReader) -> [TeamConfig] {
        guard let items = reader.list(node, path: "teams") else { return [] }
        var teams: [TeamConfig] = []
        var ids: Set<String> = []
        var channels: [String: String] = [:]
        for (index, item) in items.enumerated() {
            guard let team = TeamConfig.read(item, index: index, defaults: defaults, reader: &reader) else { continue }
            if !ids.insert(team.id).inserted {
                reader.fail(item, "team id '\(team.id)' is used twice; each team needs its own id")
            }
            let folded = Casefold.channel(team.channel)
            if let other = channels[folded] {
                reader.fail(item, "channel '\(team.channel)' is used by team '\(other)' too; each team needs its own channel")
            }
            channels[folded] = team.id
            teams.append(team)
        }
        return teams
    }

    /// One team of the `teams:` list.
    static func read(_ node: Node, index: Int, defaults: TeamDefaults, reader: inout ConfigReader) -> TeamConfig? {
        let path = "teams[\(index)]"
        guard let map = reader.mapping(node, path: path, allowed: Self.configKeys) else { return nil }
        var id: String?
        if let idNode = map["id"], let value = reader.nonEmptyString(idNode, path: "\(path).id") {
            if Self.isValidID(value) {
                id = value
            } else {
                reader.fail(idNode, "'\(path).id' must use only a-z, 0-9 and '-' (it names files), not '\(value)'")
            }
        } else if map["id"] == nil {
            reader.fail(node, "missing '\(path).id'; expected a short name such as receptie")
        }
        let teamPath = id.map { "teams.\($0)" } ?? path
        if map["webhook"] != nil, let both = map["webhooks"] {
            reader.fail(both, "'\(teamPath)' has both 'webhook' and 'webhooks'; give one")
        }
        let webhookNode = map["webhook"] ?? map["webhooks"]
        let webhookKey = map["webhook"] != nil ? "webhook" : "webhooks"
        let webhook = webhookNode.flatMap { TeamWebhook.read($0, path: "\(teamPath).\(webhookKey)", reader: &reader) }
        var channel: String?
        if let channelNode = map["channel"], channelNode.tag == Tag(.null) {
            reader.fail(channelNode, "'\(teamPath).channel' has no value; write the channel in quotes, such as \"#receptie\" (an unquoted # starts a YAML comment)")
        } else if let channelNode = map["channel"], let value = reader.nonEmptyString(channelNode, path: "\(teamPath).channel") {
            if webhookNode != nil, Self.isWebhookChannel(value) {
                channel = value
            } else if Self.isIRCChannel(value) {
                channel = value
            } else {
                reader.fail(channelNode, "'\(teamPath).channel' must be an IRC channel such as \"#receptie\" (quoted, no spaces or commas), not '\(value)'")
            }
        } else if map["channel"] == nil {
            if webhookNode != nil {
                channel = id.map { "#\($0)" }
            } else {
                reader.fail(node, "missing '\(teamPath).channel'; expected a channel such as \"#receptie\" (quote it: # starts a YAML comment)")
            }
        }
        let name = map["name"].flatMap { reader.nonEmptyString($0, path: "\(teamPath).name") } ?? id ?? ""
        var leaders: [String] = []
        for (leader, leaderNode) in map["leaders"].flatMap({ reader.stringList($0, path: "\(teamPath).leaders") }) ?? [] {
            if leader.contains(where: { $0 == " " || $0 == "," }) || leader.contains("!") != leader.contains("@") {
                reader.fail(leaderNode, "'\(teamPath).leaders' holds '\(leader)'; expected an account (monique) or a host mask nick!user@host with * and ? (monique!*@10.1.2.*)")
            } else {
                leaders.append(leader)
            }
        }
        let teamLanguage = map["locale"].flatMap { reader.language($0, path: "\(teamPath).locale") } ?? defaults.language
        let teamZone = map["timezone"].flatMap { reader.timeZone($0, path: "\(teamPath).timezone") } ?? defaults.zone
        let holidays = map["holidays"].map { reader.holidays($0, path: "\(teamPath).holidays") } ?? defaults.holidays
        let skipDates = map["skip_dates"].map { reader.days($0, path: "\(teamPath).skip_dates") } ?? []
        let intro = map["intro"].flatMap { reader.localized($0, path: "\(teamPath).intro") }
        var handover: Set<Int> = []
        var checks: [Int: QuickCheck] = [:]
        let questions = map["questions"].flatMap { reader.questionList($0, path: "\(teamPath).questions", handover: &handover, checks: &checks) }
        var remind = ReminderStyle.channel
        if let remindNode = map["remind"], let value = reader.string(remindNode, path: "\(teamPath).remind") {
            if let style = ReminderStyle(rawValue: value.lowercased()) { remind = style } else {
                reader.fail(remindNode, "'\(teamPath).remind' must be quiet, channel or mention, not '\(value)'")
            }
        }
        var remindAt = 0.8
        if let atNode = map["remind_at"], let value = reader.string(atNode, path: "\(teamPath).remind_at") {
            if value.hasSuffix("%"), let percent = Int(value.dropLast()), (1...99).contains(percent) {
                remindAt = Double(percent) / 100
            } else {
                reader.fail(atNode, "'\(teamPath).remind_at' must be a percentage of the window from 1% to 99% such as 80%, not '\(value)'")
            }
        }
        var shifts: [ShiftConfig] = []
        if let shiftsNode = map["shifts"], shiftsNode.tag != Tag(.null) {
            var names: Set<String> = []
            for (shiftIndex, shiftNode) in (reader.list(shiftsNode, path: "\(teamPath).shifts") ?? []).enumerated() {
                guard let shift = ShiftConfig.read(shiftNode, path: "\(teamPath).shifts[\(shiftIndex)]", reader: &reader) else { continue }
                if !names.insert(shift.name).inserted {
                    reader.fail(shiftNode, "shift name '\(shift.name)' is used twice in team '\(id ?? "")'")
                }
                shifts.append(shift)
            }
        }
        if shifts.isEmpty { reader.warn(node, "team '\(id ?? path)' has no shifts; it gets no huddle prompts") }
        guard let id, let channel else { return nil }
        var team = TeamConfig(id: id, name: name, channel: channel, leaders: leaders, language: teamLanguage,
                              timeZone: teamZone, shifts: shifts, holidays: holidays, skipDates: skipDates,
                              questions: questions, intro: intro, remind: remind, remindAt: remindAt)
        team.quickChecks = checks
        if let nudgeNode = map["nudge"], let value = reader.string(nudgeNode, path: "\(teamPath).nudge") {
            if let style = NudgeStyle(rawValue: value.lowercased()) { team.nudge = style } else {
                reader.fail(nudgeNode, "'\(teamPath).nudge' must be private or off, not '\(value)'")
            }
        }
        if let tagsNode = map["urgent_tags"] {
            for (tag, tagNode) in reader.stringList(tagsNode, path: "\(teamPath).urgent_tags") ?? [] {
                let plain = tag.hasPrefix("#") ? String(tag.dropFirst()).lowercased() : tag.lowercased()
                if hashtags(in: "#" + plain) == [plain] { team.urgentTags.insert(plain) } else {
                    reader.fail(tagNode, "'\(teamPath).urgent_tags' holds '\(tag)', which is no #tag (one word, no punctuation)")
                }
            }
        }
        if let digestNode = map["digest"] { team.digest = DigestSettings.read(digestNode, path: "\(teamPath).digest", reader: &reader) }
        if webhookNode != nil && webhook == nil { return nil }
        team.webhook = webhook
        team.handoverQuestions = handover
        team.today = map["today"].map { DaySource.readAll($0, path: "\(teamPath).today", reader: &reader) } ?? []
        team.counters = map["counters"].map { CounterConfig.readAll($0, path: "\(teamPath).counters", reader: &reader) } ?? []
        for shift in shifts {
            guard let target = shift.handoverTo else { continue }
            if !shifts.contains(where: { $0.name == target }) {
                reader.fail(map["shifts"], "shift '\(shift.name)' of team '\(id)' hands over to '\(target)', which is not one of its shifts",
                            hint: ConfigReader.closest(to: target, in: shifts.map(\.name)).map { "did you mean '\($0)'?" })
            }
        }
        if let webhook, webhook.secret == nil {
            reader.warn(webhookNode, "team '\(id)' has no 'secret_env' or 'secret_file' in its webhook; it gets prompts and digests but its replies are refused")
        }
        if webhook != nil, team.digest.channel != nil {
            reader.warn(map["digest"], "'\(teamPath).digest.channel' is an IRC channel and is not used by a webhook team; leaders get the digest through 'webhook.leaders_url_env' or 'leaders_url_file'")
        }
        if webhook == nil, let digestChannel = team.digest.channel, Casemapping.rfc1459.equal(digestChannel, channel) {
            reader.warn(map["digest"], "'\(teamPath).digest.channel' is the team's own channel: the weekly summary goes there without the link to the digest page (it names who said what); name a leaders' channel instead")
        }
        for overlap in ShiftOverlap.find(in: team) {
            reader.warn(map["shifts"], "shifts '\(overlap.0)' and '\(overlap.1)' of team '\(id)' overlap in \(channel); their huddles may run at the same time")
        }
        return team
    }
}

/// Case folding for names compared across the config (channels compare case-insensitively on IRC).
enum Casefold {
    static func channel(_ name: String) -> String { name.lowercased() }
}
