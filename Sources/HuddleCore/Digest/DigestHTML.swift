import Foundation

/// The digest as one self-contained HTML page (no external assets) with inline SVG charts,
/// readable on a phone, or as the HTML part of an e-mail, whose charts are bars of table cells
/// (mail clients show no SVG and run no scripts). Made from the digest only.
public enum DigestHTML {
    /// Where the HTML is shown.
    public enum Medium: Sendable {
        case page, mail
    }

    /// The page in a language.
    public static func render(_ digest: WeeklyDigest, language: Language, medium: Medium = .page) -> String {
        func barChart(_ groups: [(String, [Double])], colors: [String], legend: [String]) -> String {
            medium == .page ? Self.barChart(groups, colors: colors, legend: legend) : barTable(groups, colors: colors, legend: legend)
        }
        let nl = language == .nl
        let title = Phrase.digestTitle(team: digest.teamName, week: digest.week).text(language)
        var body: [String] = []
        body.append("<h1>\(escape(title))</h1>")
        body.append("<p class=\"lead\">\(escape(Phrase.digestHuddles(held: digest.huddles.held, scheduled: digest.huddles.scheduled, upcoming: digest.huddles.upcoming ?? 0).text(language)))"
            + " · \(escape(Phrase.digestCounts(kudos: digest.kudos.count, gains: digest.observations.gains.count, pains: digest.observations.pains.count, answers: digest.answers.reduce(0) { $0 + $1.answers.count }).text(language)))</p>")

        let days = digest.period.start.ordinal...digest.period.end.ordinal
        let perDay = days.map { ordinal -> (String, Double, Double) in
            let day = CalendarDay(ordinal: ordinal)
            let planned = digest.huddles.list.filter { $0.day == day && $0.scheduledAt != nil && $0.skipped == nil }.count
            let held = digest.huddles.list.filter { $0.day == day && $0.held }.count
            return (DayNames.short(day.weekday, language), Double(held), Double(max(planned, held)))
        }
        body.append(section(nl ? "Huddles per dag" : "Huddles per day",
                            barChart(perDay.map { ($0.0, [$0.1, $0.2 - $0.1]) }, colors: ["#2e7d32", "#c8e6c9"],
                                     legend: [nl ? "gehouden" : "held", nl ? "niet gehouden" : "not held"])))
        if let days = digest.days {
            body += daysSections(days, language: language, timeZone: TimeZone(identifier: digest.timezone) ?? .gmt, barChart: barChart)
        }
        body.append(section(nl ? "Deelname per dienst" : "Participation per shift",
                            barChart(digest.participation.shifts.map { ($0.shift, [Double($0.contributors)]) }, colors: ["#1565c0"],
                                     legend: [nl ? "collega's die antwoordden" : "colleagues who answered"])))
        var themes: [String: (gains: Int, pains: Int)] = [:]
        for theme in digest.themes.gains { themes[theme.theme, default: (0, 0)].gains = theme.count }
        for theme in digest.themes.pains { themes[theme.theme, default: (0, 0)].pains = theme.count }
        let topThemes = themes.sorted { ($1.value.gains + $1.value.pains, $0.key) < ($0.value.gains + $0.value.pains, $1.key) }.prefix(8)
        body.append(section(nl ? "Blij en zorg per thema" : "Gains and pains per theme",
                            barChart(topThemes.map { ($0.key, [Double($0.value.gains), Double($0.value.pains)]) }, colors: ["#2e7d32", "#c62828"],
                                     legend: [nl ? "blij" : "gains", nl ? "zorg" : "pains"])))
        let weeks = digest.recentWeeks + [DigestBuilder.weekCounts(of: digest)]
        body.append(section(nl ? "Deze week en de vier weken ervoor" : "This week and the four before",
                            barChart(weeks.map { ("W\($0.week.week)", [Double($0.answers), Double($0.kudos), Double($0.gains + $0.pains)]) },
                                     colors: ["#1565c0", "#f9a825", "#6a1b9a"],
                                     legend: [nl ? "antwoorden" : "answers", nl ? "complimenten" : "compliments", nl ? "klantobservaties" : "observations"])))
        body.append(list(nl ? "Waar klanten wakker van liggen" : "What worries customers",
                         digest.themes.pains.prefix(8).map { "<b>\(user($0.theme))</b> ×\($0.count) (\(escape($0.trendLabel(language)))) — \(user($0.examples.first ?? ""))" }))
        body.append(list(nl ? "Waar klanten blij van worden" : "What makes customers happy",
                         digest.themes.gains.prefix(8).map { "<b>\(user($0.theme))</b> ×\($0.count) (\(escape($0.trendLabel(language)))) — \(user($0.examples.first ?? ""))" }))
        if !digest.answers.isEmpty {
            // What was said in each huddle, per question, folded (a mail client shows it open).
            let huddles = digest.answers.map { huddle -> String in
                let questions = Dictionary(grouping: huddle.answers, by: \.question).sorted { $0.key < $1.key }.map { question, answers in
                    "<li><b>\(nl ? "Vraag" : "Question") \(question)</b><ul>"
                        + answers.map { "<li>\(user($0.text)) <span style=\"color:#555\">— \(user($0.from))</span></li>" }.joined() + "</ul></li>"
                }
                let count = huddle.answers.count
                return "<details><summary>\(escape(huddle.shift)), \(escape(DayNames.long(huddle.day, language))) "
                    + "(\(count) \(nl ? (count == 1 ? "antwoord" : "antwoorden") : (count == 1 ? "answer" : "answers")))</summary>"
                    + recap(huddle, digest: digest, language: language) + "<ul>\(questions.joined())</ul></details>"
            }
            body.append(section(nl ? "Wat er in elke huddle gezegd is" : "What was said in each huddle", huddles.joined()))
        }
        body.append(list(nl ? "Complimenten" : "Compliments", digest.kudos.map { "\(user($0.from)) → <b>\(user($0.to))</b>: \(user($0.text))" }))
        if let health = digest.health {
            body.append(list(Phrase.Health.title.text(language), [Phrase.health(.huddles(health)).text(language), Phrase.health(.people(health)).text(language)].map(escape)))
        }
        body.append(list(Phrase.Health.quickChecksTitle.text(language), DigestBuilder.quickCheckLines(digest, language: language).map(escape)))
        if let escalations = digest.escalations, !escalations.items.isEmpty {
            body.append(list(nl ? "Dringend" : "Urgent", [escape(Phrase.health(.escalations(escalations)).text(language))] + isolated { mark in
                escalations.items.map { item in
                    var shown = item
                    (shown.text, shown.from, shown.seenBy) = (mark(item.text), item.from.isEmpty ? "" : mark(item.from), item.seenBy.map(mark))
                    return Phrase.health(.escalation(shown)).text(language)
                }
            }))
        }
        if let questions = digest.questions {
            body.append(list(WeeklyDigest.QuestionsWeek.title(language), isolated { questions.lines(language, user: $0) }))
        }
        if let flow = digest.actionFlow { body.append("<p>\(escape(Phrase.health(.actions(flow)).text(language)))</p>") }
        body.append(list(nl ? "Te laat" : "Overdue", (digest.actionFlow?.overdue ?? []).map { item in
            "\(item.number): \(user(item.text))\(item.owner.map { " (\(user($0)))" } ?? "") — \(escape(Phrase.Actions.overdue(item.daysOverdue, language)))"
        }))
        body.append(list(nl ? "Open acties" : "Open actions",
                         digest.openActions.map { "\($0.number): \(user($0.text))\($0.owner.map { " (\(user($0)))" } ?? "") — \($0.ageDays) \(nl ? "dagen" : "days")" }))
        body.append(list(nl ? "Nog geen compliment in vier weken (alleen voor leidinggevenden)" : "No compliment in four weeks (leaders only)",
                         digest.noComplimentsFourWeeks.map(user)))
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:720px;padding:16px;color:#222;background:#fafafa}
            h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.1em;margin:1.2em 0 .4em}.lead{color:#555}
            section{background:#fff;border-radius:8px;padding:8px 12px;margin:12px 0;box-shadow:0 1px 2px #0002}
            svg.chart{width:100%;height:auto}.legend svg{width:10px;height:10px;vertical-align:middle}ul{padding-left:1.2em}li{margin:.25em 0}.legend span{margin-right:1em;font-size:.85em}
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// What a person wrote, safe in HTML and isolated from the text around it (`<bdi>`), so
    /// right-to-left text or a stray direction mark cannot reorder the page.
    public static func user(_ text: String) -> String { "<bdi>\(escape(UserText.clean(text)))</bdi>" }

    /// A huddle's recap as its summary said it (`HuddleRecap`), every line of it.
    static func recap(_ huddle: WeeklyDigest.HuddleAnswers, digest: WeeklyDigest, language: Language) -> String {
        let ref = HuddleRef(shift: huddle.shift, day: huddle.day)
        let actions = digest.actions.filter { $0.huddle == ref }.map { HuddleRecap.Action(number: $0.number, text: $0.text, owner: $0.owner, due: $0.due) }
        let lines = HuddleRecap.lines(answers: Dictionary(grouping: huddle.answers, by: \.question).mapValues { $0.map(\.text) }, actions: actions,
                                      budget: Int.max, language: language, today: huddle.day)
        return "<p class=\"recap\">\(lines.map { escape(UserText.clean($0)) }.joined(separator: "<br>"))</p>"
    }

    /// Text safe to put in HTML.
    public static func escape(_ text: String) -> String {
        var result = ""
        for char in text {
            switch char {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(char)
            }
        }
        return result
    }

    /// What a person wrote, cleaned and marked with the isolate characters (which `UserText.clean`
    /// removes from their text, so only these are left), for a line `escapedMarked` turns into HTML.
    static func mark(_ text: String) -> String { "\u{2068}" + UserText.clean(text) + "\u{2069}" }

    /// A line made with `mark`, escaped, the marks then made <bdi>.
    static func escapedMarked(_ line: String) -> String {
        escape(line).replacingOccurrences(of: "\u{2068}", with: "<bdi>").replacingOccurrences(of: "\u{2069}", with: "</bdi>")
    }

    /// Lines made with what people wrote passed through `mark`, escaped.
    static func isolated(_ lines: (_ mark: (String) -> String) -> [String]) -> [String] {
        lines(mark).map(escapedMarked)
    }

    static func section(_ title: String, _ content: String) -> String {
        "<section><h2>\(escape(title))</h2>\(content)</section>"
    }

    static func list(_ title: String, _ items: [String]) -> String {
        guard !items.isEmpty else { return "" }
        return section(title, "<ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul>")
    }

    /// A number for SVG: whole numbers without decimals, others with one.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// A bar chart: one group per label, stacked or side-by-side values, with a legend.
    static func barChart(_ groups: [(String, [Double])], colors: [String], legend: [String]) -> String {
        guard !groups.isEmpty else { return "<p>—</p>" }
        let width = 640.0, height = 200.0, bottom = 28.0, top = 10.0
        let series = colors.count
        let maximum = max(1, groups.flatMap(\.1).max() ?? 1)
        let slot = width / Double(groups.count)
        let barWidth = min(40, (slot - 8) / Double(series))
        var parts: [String] = []
        for (index, group) in groups.enumerated() {
            let x0 = Double(index) * slot + (slot - barWidth * Double(series)) / 2
            for (s, value) in group.1.enumerated() where s < series {
                let h = (height - bottom - top) * value / maximum
                let x = x0 + Double(s) * barWidth
                parts.append("<rect x=\"\(n(x))\" y=\"\(n(height - bottom - h))\" width=\"\(n(barWidth - 2))\" height=\"\(n(h))\" "
                    + "fill=\"\(colors[s])\"><title>\(escape(group.0)): \(n(value))</title></rect>")
                if value > 0 {
                    parts.append("<text x=\"\(n(x + (barWidth - 2) / 2))\" y=\"\(n(height - bottom - h - 2))\" font-size=\"11\" "
                        + "text-anchor=\"middle\">\(n(value))</text>")
                }
            }
            parts.append("<text x=\"\(n(Double(index) * slot + slot / 2))\" y=\"\(n(height - 10))\" font-size=\"12\" "
                + "text-anchor=\"middle\">\(escape(String(group.0.prefix(14))))</text>")
        }
        let legendHTML = zip(colors, legend).map { "<span><svg width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"\($0)\"/></svg> \(escape($1))</span>" }
        return "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">\(parts.joined())<line x1=\"0\" y1=\"\(height - bottom)\" x2=\"\(width)\" y2=\"\(height - bottom)\" stroke=\"#999\"/></svg>"
            + "<div class=\"legend\">\(legendHTML.joined())</div>"
    }
}

extension DigestHTML {
    /// A bar chart for mail: a row per label, each value a coloured cell whose width is its share
    /// of the largest value, with the number beside it.
    static func barTable(_ groups: [(String, [Double])], colors: [String], legend: [String]) -> String {
        guard !groups.isEmpty else { return "<p>—</p>" }
        let maximum = max(1, groups.flatMap(\.1).max() ?? 1)
        var rows: [String] = []
        for group in groups {
            let bars = zip(group.1, colors).map { value, color -> String in
                let percent = max(value > 0 ? 2 : 0, Int((value / maximum * 100).rounded()))
                return "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" width=\"100%\" style=\"border-collapse:collapse\"><tr>"
                    + (percent > 0 ? "<td width=\"\(percent)%\" style=\"background:\(color);height:12px;font-size:0;line-height:0\">&nbsp;</td>" : "")
                    + "<td style=\"padding-left:4px;font-size:12px;color:#555\">\(n(value))</td></tr></table>"
            }
            rows.append("<tr><td style=\"width:30%;padding:3px 8px 3px 0;font-size:13px;vertical-align:top\">\(escape(group.0))</td>"
                + "<td style=\"padding:3px 0\">\(bars.joined())</td></tr>")
        }
        let legendHTML = zip(colors, legend).map { "<span style=\"margin-right:1em;font-size:12px\"><span style=\"color:\($0)\">■</span> \(escape($1))</span>" }
        return "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" width=\"100%\">\(rows.joined())</table>"
            + "<p style=\"margin:4px 0\">\(legendHTML.joined())</p>"
    }
}

extension DigestBuilder {
    /// This week's main counts as stored in the digest.
    static func weekCounts(of digest: WeeklyDigest) -> WeeklyDigest.WeekCounts {
        WeeklyDigest.WeekCounts(week: digest.week, held: digest.huddles.held, answers: digest.trend.answers.this,
                                kudos: digest.trend.kudos.this, gains: digest.trend.gains.this, pains: digest.trend.pains.this)
    }
}
