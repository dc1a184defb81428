import Foundation

extension DigestBuilder {
    /// The short version for leaders in chat: counts, the top themes, and where the full digest is.
    public static func summary(_ digest: WeeklyDigest, language: Language, path: String?) -> [String] {
        let answers = digest.answers.reduce(0) { $0 + $1.answers.count }
        var lines = [
            Phrase.digestTitle(team: digest.teamName, week: digest.week).text(language),
            Phrase.digestHuddles(held: digest.huddles.held, scheduled: digest.huddles.scheduled, upcoming: digest.huddles.upcoming ?? 0).text(language) + " · "
                + Phrase.digestCounts(kudos: digest.kudos.count, gains: digest.observations.gains.count,
                                      pains: digest.observations.pains.count, answers: answers).text(language),
        ]
        if let health = digest.health { lines.append(Phrase.health(.huddles(health)).text(language)) }
        if let pain = digest.themes.pains.first { lines.append(Phrase.digestTopPain("\(pain.theme) ×\(pain.count)").text(language)) }
        if let gain = digest.themes.gains.first { lines.append(Phrase.digestTopGain("\(gain.theme) ×\(gain.count)").text(language)) }
        if let path { lines.append(Phrase.digestWhere(path).text(language)) }
        return lines
    }

    /// How a digest is shown to a person.
    public enum Format: String, Sendable, CaseIterable {
        case text, md
    }

    /// A plain-text view of the digest for a person, in a language.
    public static func text(_ digest: WeeklyDigest, language: Language) -> String {
        render(digest, language: language, format: .text)
    }

    /// The digest for a person, as plain text or Markdown; made from the digest only, never from the journal.
    public static func render(_ digest: WeeklyDigest, language: Language, format: Format) -> String {
        let nl = language == .nl
        let md = format == .md
        var lines: [String] = []
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append(md ? "## \(title)" : "\(title):")
            lines += items.map { (md ? "- " : "  ") + $0 }
        }
        // What people wrote, never markup of the document (or a mention where it is posted).
        func user(_ text: String) -> String { md ? UserText.markdown(text) : UserText.clean(text) }
        func change(_ value: WeeklyDigest.Change) -> String {
            value.this == value.last ? "" : nl ? " (vorige week \(value.last))" : " (last week \(value.last))"
        }
        let title = Phrase.digestTitle(team: digest.teamName, week: digest.week).text(language)
        lines.append(md ? "# \(title)" : title)
        if md { lines.append("") }
        var huddles = Phrase.digestHuddles(held: digest.huddles.held, scheduled: digest.huddles.scheduled, upcoming: digest.huddles.upcoming ?? 0).text(language)
        let extra = [(digest.huddles.late, nl ? "te laat" : "late"), (digest.huddles.missed, nl ? "gemist" : "missed"),
                     (digest.huddles.skipped, nl ? "overgeslagen" : "skipped")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if !extra.isEmpty { huddles += " (\(extra.joined(separator: ", ")))" }
        lines.append(huddles + change(digest.trend.held))
        let answerCount = digest.answers.reduce(0) { $0 + $1.answers.count }
        lines.append(Phrase.digestCounts(kudos: digest.kudos.count, gains: digest.observations.gains.count,
                                         pains: digest.observations.pains.count, answers: answerCount).text(language))
        func themeLine(_ theme: Themes.Theme) -> String {
            let arrow = theme.trendLabel(language)
            let example = theme.examples.first.map { " — “\(user($0))”" } ?? ""
            return "\(user(theme.theme)) ×\(theme.count) (\(arrow)\(theme.trend == "new" ? "" : " \(theme.lastWeek)"))"
                + (theme.shifts.isEmpty ? "" : " [\(theme.shifts.joined(separator: ", "))]") + example
        }
        section(nl ? "Waar klanten wakker van liggen (thema's)" : "What worries customers (themes)", digest.themes.pains.prefix(5).map(themeLine))
        section(nl ? "Waar klanten blij van worden (thema's)" : "What makes customers happy (themes)", digest.themes.gains.prefix(5).map(themeLine))
        section(nl ? "Complimenten" : "Compliments", digest.kudos.map { "\(user($0.from)) → \(user($0.to)): \(user($0.text))" })
        let anonymous = nl ? "anoniem" : "anonymous"
        section(nl ? "Klanten blij van" : "Customers happy about", digest.observations.gains.map { "+ \(user($0.text)) (\($0.from.isEmpty ? anonymous : user($0.from)))" })
        section(nl ? "Klanten wakker van" : "Customers worried about", digest.observations.pains.map { "- \(user($0.text)) (\($0.from.isEmpty ? anonymous : user($0.from)))" })
        section(nl ? "Andere klantobservaties" : "Other customer observations", digest.observations.other.map { "\(user($0.text)) (\($0.from.isEmpty ? anonymous : user($0.from)))" })
        if let health = digest.health {
            section(Phrase.Health.title.text(language), [Phrase.health(.huddles(health)).text(language), Phrase.health(.people(health)).text(language)])
        }
        section(nl ? "Acties" : "Actions", (digest.actionFlow.map { [Phrase.health(.actions($0)).text(language)] } ?? [])
            + digest.actions.map { action in
                "\(action.number): \(user(action.text))" + (action.owner.map { " (\(user($0)))" } ?? "") + (action.doneAt == nil ? "" : nl ? " — klaar" : " — done")
            })
        section(Phrase.Health.quickChecksTitle.text(language), quickCheckLines(digest, language: language, user: user))
        if let escalations = digest.escalations, !escalations.items.isEmpty {
            section(nl ? "Dringend" : "Urgent", [Phrase.health(.escalations(escalations)).text(language)] + escalations.items.map { item in
                var shown = item
                shown.text = user(item.text)
                shown.from = item.from.isEmpty ? "" : user(item.from)
                shown.seenBy = item.seenBy.map(user)
                return Phrase.health(.escalation(shown)).text(language)
            })
        }
        section(WeeklyDigest.QuestionsWeek.title(language), digest.questions?.lines(language, user: user) ?? [])
        section(GroupDigest.storyTitle(language), (digest.stories ?? []).map { story in
            GroupDigest.storyLine(GroupDigest.Story(team: digest.team, story: story), team: digest.teamName, language: language, user: user)
        })
        section(nl ? "Te laat" : "Overdue", (digest.actionFlow?.overdue ?? []).map { item in
            var shown = item
            shown.text = user(item.text)
            shown.owner = item.owner.map(user)
            return Phrase.health(.overdue(shown)).text(language)
        })
        for huddle in digest.answers {
            section("Huddle \(huddle.shift) \(huddle.day)", huddle.answers.map { "\($0.question). \(user($0.text)) (\(user($0.from)))" })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each quick check's answers this week beside last week, its question in the team's words.
    static func quickCheckLines(_ digest: WeeklyDigest, language: Language, user: (String) -> String = UserText.clean) -> [String] {
        (digest.quickChecks ?? []).map { Phrase.health(.quickCheck($0, question: user($0.text))).text(language) }
    }
}
