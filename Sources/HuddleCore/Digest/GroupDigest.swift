import Foundation

/// One week across the teams of a group (a hotel's kitchen, floor and front desk): themes that
/// recur across teams, where teams see the customer differently, compliments across team lines,
/// participation, huddles and open actions per team, and the week-over-week trend. Made from the
/// teams' digests only, so the same digests give the same bytes.
public struct GroupDigest: Sendable, Hashable, Codable {
    public var v: Int
    public var group: String
    public var groupName: String
    public var week: ISOWeek
    public var teams: [TeamLine]
    /// Themes (a `#tag` or a stemmed word) raised in two teams or more.
    public var sharedThemes: [SharedTheme]
    /// Themes that are a pain in one team and a gain in another.
    public var seenDifferently: [SharedTheme]
    /// Recurring themes (twice or more) that only one team raised.
    public var oneTeamOnly: [SharedTheme]
    /// Compliments to someone who took part in another team of the group this week.
    public var crossTeamCompliments: [Compliment]
    public var trend: WeeklyDigest.Trend
    /// Questions between the group's teams, per pair (asking → asked), and what keeps being asked;
    /// nil in a week without any.
    public var questions: Questions? = nil
    /// The story of the week (`StoryDigest.swift`), which opens every huddle of the group's teams
    /// next week; nil when none was picked or seconded.
    public var story: Story? = nil

    enum CodingKeys: String, CodingKey {
        case v, group, groupName = "group_name", week, teams, sharedThemes = "shared_themes", seenDifferently = "seen_differently",
             oneTeamOnly = "one_team_only", crossTeamCompliments = "cross_team_compliments", trend, questions, story
    }

    /// The week's questions between teams, from the digests of the teams asked.
    public struct Questions: Sendable, Hashable, Codable {
        public var pairs: [WeeklyDigest.QuestionPair]
        /// Themes of the questions (`#tag` or stemmed word), with how often each team was asked about them.
        public var themes: [QuestionTheme]
    }

    /// A theme that keeps being asked, and of which teams.
    public struct QuestionTheme: Sendable, Hashable, Codable {
        public var theme: String
        public var count: Int
        /// The teams asked, in the group's order.
        public var teams: [String]
        public var example: String
    }

    /// One team's week in a line.
    public struct TeamLine: Sendable, Hashable, Codable {
        public var team: String
        public var name: String
        public var scheduled: Int
        public var held: Int
        public var upcoming: Int?
        public var people: Int
        public var answers: Int
        public var kudos: Int
        public var gains: Int
        public var pains: Int
        public var openActions: Int
        /// Huddles posted on time; nil from a team digest written before it was measured.
        public var onTime: Int? = nil
        /// Actions opened, done and overdue this week (nil as `onTime`).
        public var actionsOpened: Int? = nil
        public var actionsClosed: Int? = nil
        public var actionsOverdue: Int? = nil
        /// Urgent reports raised this week (nil as `onTime`).
        public var escalations: Int? = nil

        enum CodingKeys: String, CodingKey {
            case team, name, scheduled, held, upcoming, people, answers, kudos, gains, pains, openActions = "open_actions", onTime = "on_time",
                 actionsOpened = "actions_opened", actionsClosed = "actions_closed", actionsOverdue = "actions_overdue", escalations
        }
    }

    /// A theme and how often each team raised it as a gain or a pain.
    public struct SharedTheme: Sendable, Hashable, Codable {
        public var theme: String
        public var gains: [String: Int]
        public var pains: [String: Int]
        /// The teams that raised it, in the group's order.
        public var teams: [String]
        /// One observation per team, as written (the team's first of the week on this theme).
        public var examples: [String: String] = [:]
    }

    /// A compliment from one team's huddle to a person seen in another team.
    public struct Compliment: Sendable, Hashable, Codable {
        public var from: String
        public var fromTeam: String
        public var to: String
        public var toTeams: [String]
        public var text: String

        enum CodingKeys: String, CodingKey { case from, fromTeam = "from_team", to, toTeams = "to_teams", text }
    }
}

extension GroupDigest {
    /// The group's week from its teams' digests of that week, in the group's order of teams.
    public static func build(group: GroupConfig, digests: [WeeklyDigest]) -> GroupDigest {
        let order = group.teams
        let byTeam = Dictionary(digests.map { ($0.team, $0) }, uniquingKeysWith: { first, _ in first })
        let present = order.compactMap { byTeam[$0] }
        var people: [String: Set<String>] = [:]
        var gains: [String: [String: Int]] = [:], pains: [String: [String: Int]] = [:]
        var lines: [TeamLine] = []
        // Every team's observations keyed together, so one team's compound meets another's word.
        var observed: [(team: String, isGain: Bool, text: String, tags: [String])] = []
        for digest in present {
            observed += digest.observations.gains.map { (digest.team, true, $0.text, $0.tags) }
            observed += digest.observations.pains.map { (digest.team, false, $0.text, $0.tags) }
        }
        var examples: [String: [String: String]] = [:]
        for (item, keys) in zip(observed, Themes.withCompounds(observed.map { Themes.keys(text: $0.text, tags: $0.tags, language: group.language) })) {
            for key in keys {
                if item.isGain { gains[key, default: [:]][item.team, default: 0] += 1 } else { pains[key, default: [:]][item.team, default: 0] += 1 }
                if examples[key]?[item.team] == nil { examples[key, default: [:]][item.team] = item.text }
            }
        }
        for digest in present {
            var seen = Set(digest.answers.flatMap { $0.answers.map(\.from) })
            seen.formUnion(digest.notes.map(\.from))
            seen.formUnion(digest.kudos.map(\.from))
            seen.formUnion((digest.observations.gains + digest.observations.pains + digest.observations.other).map(\.from))
            seen.remove("")
            people[digest.team] = seen
            lines.append(TeamLine(team: digest.team, name: digest.teamName, scheduled: digest.huddles.scheduled, held: digest.huddles.held,
                                  upcoming: digest.huddles.upcoming, people: seen.count, answers: digest.trend.answers.this,
                                  kudos: digest.trend.kudos.this, gains: digest.trend.gains.this, pains: digest.trend.pains.this,
                                  openActions: digest.openActions.count, onTime: digest.health?.onTime, actionsOpened: digest.actionFlow?.opened,
                                  actionsClosed: digest.actionFlow?.closed, actionsOverdue: digest.actionFlow?.overdue.count,
                                  escalations: digest.escalations?.items.count))
        }
        var shared: [SharedTheme] = [], different: [SharedTheme] = [], single: [SharedTheme] = []
        for key in Set(gains.keys).union(pains.keys) {
            let g = gains[key] ?? [:], p = pains[key] ?? [:]
            let teams = order.filter { g[$0] != nil || p[$0] != nil }
            let theme = SharedTheme(theme: key, gains: g, pains: p, teams: teams, examples: examples[key] ?? [:])
            if teams.count >= 2 { shared.append(theme) }
            if p.keys.contains(where: { team in g.keys.contains { $0 != team } }) { different.append(theme) }
            if teams.count == 1, (g.values.reduce(0, +) + p.values.reduce(0, +)) >= 2 || key.hasPrefix("#") { single.append(theme) }
        }
        func total(_ theme: SharedTheme) -> Int { theme.gains.values.reduce(0, +) + theme.pains.values.reduce(0, +) }
        func ordered(_ themes: [SharedTheme]) -> [SharedTheme] {
            themes.sorted { (total($1), $0.theme) < (total($0), $1.theme) }
        }
        var compliments: [Compliment] = []
        for digest in present {
            for kudos in digest.kudos {
                let elsewhere = order.filter { $0 != digest.team && people[$0]?.contains(kudos.to) == true && people[digest.team]?.contains(kudos.to) != true }
                if !elsewhere.isEmpty {
                    compliments.append(Compliment(from: kudos.from, fromTeam: digest.team, to: kudos.to, toTeams: elsewhere, text: kudos.text))
                }
            }
        }
        func sum(_ change: (WeeklyDigest.Trend) -> WeeklyDigest.Change) -> WeeklyDigest.Change {
            WeeklyDigest.Change(this: present.reduce(0) { $0 + change($1.trend).this }, last: present.reduce(0) { $0 + change($1.trend).last })
        }
        return GroupDigest(v: 1, group: group.id, groupName: group.name, week: present.first?.week ?? ISOWeek(parsing: "1970-W01")!,
                           teams: lines, sharedThemes: ordered(shared), seenDifferently: ordered(different), oneTeamOnly: ordered(single),
                           crossTeamCompliments: compliments,
                           trend: WeeklyDigest.Trend(held: sum(\.held), answers: sum(\.answers), kudos: sum(\.kudos), gains: sum(\.gains), pains: sum(\.pains)),
                           questions: questions(present), story: story(present))
    }

    /// The questions of the teams' digests: every pair, and each theme summed over the teams asked.
    static func questions(_ digests: [WeeklyDigest]) -> Questions? {
        let asked = digests.compactMap { digest in digest.questions.map { (digest.team, $0) } }
        guard !asked.isEmpty else { return nil }
        var themes: [String: QuestionTheme] = [:]
        for (team, questions) in asked {
            for theme in questions.themes {
                themes[theme.theme, default: QuestionTheme(theme: theme.theme, count: 0, teams: [], example: theme.examples.first ?? "")].count += theme.count
                themes[theme.theme]!.teams.append(team)
            }
        }
        return Questions(pairs: asked.flatMap(\.1.pairs), themes: themes.values.sorted { ($1.count, $0.theme) < ($0.count, $1.theme) })
    }

    /// The JSON file's bytes: sorted keys, a newline at the end.
    public static func encode(_ digest: GroupDigest) throws -> Data {
        var data = try HuddleJSON.documentEncoder().encode(digest)
        data.append(0x0A)
        return data
    }

    /// The title, in a language.
    public func title(_ language: Language) -> String {
        language == .nl ? "Groepsoverzicht \(groupName), week \(week.week) (\(week))" : "Group digest \(groupName), week \(week.week) (\(week))"
    }

    /// The sections every view shows: a heading and its lines, with what people wrote (themes,
    /// compliments) passed through `user` for the view.
    func sections(_ language: Language, user: (String) -> String = UserText.clean) -> [(title: String, lines: [String])] {
        let nl = language == .nl
        func name(_ team: String) -> String { teams.first { $0.team == team }?.name ?? team }
        func counts(_ theme: SharedTheme) -> String {
            theme.teams.map { team in
                var parts: [String] = []
                if let g = theme.gains[team] { parts.append("\(g) \(nl ? "blij" : "gain")") }
                if let p = theme.pains[team] { parts.append("\(p) \(nl ? "zorg" : "pain")") }
                return "\(name(team)) \(parts.joined(separator: ", "))" + (theme.examples[team].map { " (“\(user($0))”)" } ?? "")
            }.joined(separator: "; ")
        }
        var result: [(String, [String])] = []
        if let story {
            result.append((Self.storyTitle(language), [Self.storyLine(story, team: name(story.team), language: language, user: user)]))
        }
        result.append(("Per team", teams.map { line in
            let huddles = Phrase.digestHuddles(held: line.held, scheduled: line.scheduled, upcoming: line.upcoming ?? 0).text(language)
            func count(_ n: Int, _ nl1: String, _ nlMany: String, _ en1: String, _ enMany: String) -> String {
                nl ? Phrase.count(n, nl1, nlMany) : Phrase.count(n, en1, enMany)
            }
            return "\(line.name): \(huddles) · " + [count(line.people, "collega", "collega's", "colleague", "colleagues"),
                                                   count(line.answers, "antwoord", "antwoorden", "answer", "answers"),
                                                   count(line.kudos, "compliment", "complimenten", "compliment", "compliments"),
                                                   count(line.gains, "blij", "blij", "gain", "gains"),
                                                   count(line.pains, "zorg", "zorg", "pain", "pains"),
                                                   count(line.openActions, "open actie", "open acties", "open action", "open actions")].joined(separator: ", ")
                + [line.onTime.flatMap { WeeklyDigest.Health.percent($0, of: line.scheduled) }.map { Phrase.health(.onTime($0)).text(language) },
                   line.actionsOpened.map { opened in
                       let (closed, overdue) = (line.actionsClosed ?? 0, line.actionsOverdue ?? 0)
                       guard opened + closed + overdue > 0 else { return nil }
                       return nl ? "acties: \(opened) nieuw, \(closed) klaar, \(overdue) te laat" : "actions: \(opened) new, \(closed) done, \(overdue) overdue"
                   } ?? nil,
                   line.escalations.flatMap { $0 > 0 ? Phrase.health(.urgentCount($0)).text(language) : nil }].compactMap { $0 }.map { ", " + $0 }.joined()
        }))
        for (title, themes) in [(Self.sharedTitle(language), sharedThemes),
                                (nl ? "Anders gezien: zorg in het ene team, blij in het andere" : "Seen differently: a pain in one team, a gain in another", seenDifferently),
                                (nl ? "Alleen in één team" : "Raised by one team only", oneTeamOnly)] where !themes.isEmpty {
            result.append((title, themes.prefix(10).map { "\(user($0.theme)): \(counts($0))" }))
        }
        if !crossTeamCompliments.isEmpty {
            result.append((nl ? "Complimenten over teamgrenzen" : "Compliments across team lines", crossTeamCompliments.map { item in
                "\(user(item.from)) (\(name(item.fromTeam))) → \(user(item.to)) (\(item.toTeams.map(name).joined(separator: ", "))): \(user(item.text))"
            }))
        }
        if let questions {
            result.append((nl ? "Vragen tussen teams" : "Questions between teams", questions.pairs.map { pair in
                "\(name(pair.from)) → \(name(pair.to)): " + WeeklyDigest.QuestionsWeek.pairLine(pair, language)
            } + questions.themes.prefix(5).map { theme in
                (nl ? "steeds gevraagd: " : "asked again and again: ") + "\(user(theme.theme)) ×\(theme.count) (\(theme.teams.map(name).joined(separator: ", "))): “\(user(theme.example))”"
            }))
        }
        result.append((nl ? "Vergeleken met vorige week" : "Compared with last week",
                       [(nl ? "huddles gehouden" : "huddles held", trend.held), (nl ? "antwoorden" : "answers", trend.answers),
                        (nl ? "complimenten" : "compliments", trend.kudos), (nl ? "blij" : "gains", trend.gains), (nl ? "zorg" : "pains", trend.pains)]
                        .map { "\($0.0): \($0.1.this) (\(nl ? "vorige week" : "last week") \($0.1.last))" }))
        return result
    }

    /// The short version for chat: the title and the first lines of the sections.
    public func summary(language: Language, limit: Int = 8) -> [String] {
        [title(language)] + sections(language).flatMap(\.lines).prefix(limit)
    }

    /// The group digest as text or Markdown.
    public func render(language: Language, format: DigestBuilder.Format) -> String {
        var out = [(format == .md ? "# " : "") + title(language), ""]
        for section in sections(language, user: format == .md ? UserText.markdown : UserText.clean) {
            out.append(format == .md ? "## \(section.title)" : section.title.uppercased())
            out += section.lines.map { "- \($0)" } + [""]
        }
        return out.joined(separator: "\n")
    }

    /// The heading of the story of the week.
    static func storyTitle(_ language: Language) -> String { language == .nl ? "⭐ Verhaal van de week" : "⭐ Story of the week" }

    /// The heading of the themes raised in two teams or more.
    static func sharedTitle(_ language: Language) -> String { language == .nl ? "Thema's in meer teams" : "Themes in more than one team" }

    /// The shared themes as a table, one column per team, each cell what that team said: the
    /// kitchen's words next to the front desk's.
    func sideBySide(_ language: Language) -> String {
        let nl = language == .nl
        let columns = teams.filter { team in sharedThemes.prefix(10).contains { $0.teams.contains(team.team) } }
        let head = "<tr><th></th>" + columns.map { "<th>\(DigestHTML.escape($0.name))</th>" }.joined() + "</tr>"
        let rows = sharedThemes.prefix(10).map { theme in
            "<tr><th>\(DigestHTML.user(theme.theme))</th>" + columns.map { team in
                var counts: [String] = []
                if let g = theme.gains[team.team] { counts.append("\(g) \(nl ? "blij" : "gain")") }
                if let p = theme.pains[team.team] { counts.append("\(p) \(nl ? "zorg" : "pain")") }
                let example = theme.examples[team.team].map { "<br>“\(DigestHTML.user($0))”" } ?? ""
                return "<td>\(DigestHTML.escape(counts.joined(separator: ", ")))\(example)</td>"
            }.joined() + "</tr>"
        }
        return "<section><h2>\(DigestHTML.escape(Self.sharedTitle(language)))</h2>"
            + "<table class=\"side\">\(head)\(rows.joined())</table></section>"
    }

    /// The group digest as a page or the HTML part of a mail: the same sections, with bars per
    /// team as table cells (no SVG, no scripts, nothing external).
    public func html(language: Language) -> String {
        let nl = language == .nl
        let bars = DigestHTML.barTable(teams.map { ($0.name, [Double($0.held), Double($0.answers), Double($0.gains + $0.pains)]) },
                                       colors: ["#2e7d32", "#1565c0", "#6a1b9a"],
                                       legend: [nl ? "huddles gehouden" : "huddles held", nl ? "antwoorden" : "answers", nl ? "klantobservaties" : "observations"])
        // What people wrote is marked, then put in <bdi> once the line is escaped.
        let sections = sections(language, user: DigestHTML.mark).map { section in
            section.title == Self.sharedTitle(language) ? sideBySide(language)
                : "<section><h2>\(DigestHTML.escape(section.title))</h2><ul>\(section.lines.map { "<li>\(DigestHTML.escapedMarked($0))</li>" }.joined())</ul></section>"
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(DigestHTML.escape(title(language)))</title>
            <style>body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:720px;padding:16px;color:#222}
            h1{font-size:1.4em}h2{font-size:1.1em;margin:1.2em 0 .4em}section{margin:12px 0}
            table.side{border-collapse:collapse;width:100%}table.side th,table.side td{border-top:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}</style></head><body>
            <h1>\(DigestHTML.escape(title(language)))</h1>
            \(bars)
            \(sections.joined(separator: "\n"))
            </body></html>

            """
    }
}
