import Foundation
import HuddleBot
import HuddleCore

/// What simulated staff say: answers after each prompt, and through the day compliments,
/// observations, actions, questions between teams, undo, stories, settings, look-ups, floods and
/// hostile text; some of it privately, some lost while the bot or its connection is down.
extension Simulation {
    static let words = ["gasten", "koffie", "lift", "parkeren", "wachttijd", "ontbijt", "kamer", "bagage", "lawaai", "fietsen",
                        "inchecken", "allergie", "groep", "taxi", "regen", "menukaart", "schoonmaak", "rolstoel", "wifi", "vroeg"]
    static let hostile = ["\u{1}ACTION doet iets raars\u{1}", "@everyone kom kijken", "<!channel> alarm", "\u{202E}omgekeerd\u{202C} tekst",
                          "[klik](javascript:alert(1)) hier", "![x](http://elders.example/x.png)", "nul\u{0}byte", "<script>x</script>",
                          "regel\r\nPRIVMSG #x :ingevoegd", "😀🎉 feest " + String(repeating: "é\u{301}", count: 40)]

    /// Some words and a token that makes the line's text its own.
    func phrase() -> String {
        lines += 1
        return (0..<staffRandom.int(2...5)).map { _ in staffRandom.pick(Self.words) }.joined(separator: " ") + " k\(lines)"
    }

    /// Plans the day's lines of every team from `now` (a UTC midnight).
    func planDay(from now: Date) {
        for team in world.teams {
            guard let config = config.team(id: team.id) else { continue }
            let people = team.people.filter { !$0.forgotten }
            guard !people.isEmpty else { continue }
            for _ in 0..<staffRandom.int(2...5) {
                var at = now.addingTimeInterval(staffRandom.seconds(0...86_399))
                let hour = Calendar.gregorian(in: config.timeZone).component(.hour, from: at)
                if hour < 6 { at = at.addingTimeInterval(6 * 3600) }
                addLines(for: team, person: staffRandom.pick(people), at: at)
            }
            if team.platform == nil && staffRandom.chance(0.05) { addDriveBy(team: team, at: now.addingTimeInterval(staffRandom.seconds(0...86_000))) }
        }
    }

    /// One thing a person does at `at` (one line, or a few in a row).
    func addLines(for team: TeamSpec, person: Person, at: Date) {
        let colleague = staffRandom.pick(team.people.filter { !$0.forgotten })
        let prefix = "!"
        func line(_ text: String, _ kind: String, privately: Bool = false, names: [String] = [], after: Double = 0) {
            add(StaffLine(team: team.id, nick: person.nick, account: person.account, channel: privately ? nil : team.channel, text: text,
                          at: at.addingTimeInterval(after), kind: kind, names: names))
        }
        let groupmates = world.groups.first { $0.contains(team.id) }?.filter { $0 != team.id } ?? []
        switch staffRandom.int(0...99) {
        case 0..<15: line("\(prefix)kudos \(colleague.nick) \(phrase())", "kudos", names: [colleague.nick])
        case 15..<27: line("\(prefix)blij \(phrase())", "gain")
        case 27..<39: line("\(prefix)zorg \(phrase()) #\(staffRandom.pick(Self.words))", "pain")
        case 39..<44: line("\(prefix)klant \(phrase())", "observation")
        case 44..<52: line("\(prefix)actie @\(colleague.nick) \(phrase()) tot \(staffRandom.pick(["vrijdag", "morgen", "maandag"]))", "action",
                           names: [colleague.nick])
        case 52..<56: line("\(prefix)klaar \(staffRandom.int(1...8))", "done")
        case 56..<61:
            if let other = groupmates.randomElement(using: &staffRandom) { line("\(prefix)vraag \(other) \(phrase())?", "ask") }
        case 61..<64: line("\(prefix)antwoord #\(staffRandom.int(1...4)) \(phrase())", "answer question")
        case 64..<65: line("\(prefix)sluitvraag #\(staffRandom.int(1...4)) \(phrase())", "close question")
        case 65..<69:
            line("\(prefix)blij \(phrase())", "gain")
            line("\(prefix)oeps", "undo", after: staffRandom.seconds(5...60))
        case 69..<72: line("\(prefix)plus \(staffRandom.int(1...5))", "second")
        case 72..<73:
            let leader = team.leaders.first { !$0.forgotten } ?? person
            add(StaffLine(team: team.id, nick: leader.nick, account: leader.account, channel: team.channel, text: "\(prefix)verhaal \(staffRandom.int(1...3))",
                          at: at, kind: "story"))
        case 73..<75: line("\(prefix)afwezig tot \(staffRandom.pick(["vrijdag", "morgen"]))", "absent")
        case 75..<76: line("\(prefix)stil", "quiet")
        case 76..<77: line("\(prefix)taal \(staffRandom.pick(["en", "nl"]))", "language")
        case 77..<85:
            let look = staffRandom.pick(["acties", "vragen", "vandaag", "help", "verhalen", "overdracht", "help kudos"])
            line("\(prefix)\(look)", "look-up")
        case 85..<87: line("\(prefix)overzicht", "digest", privately: team.platform == nil)
        case 87..<89: line("\(prefix)anoniem zorg \(phrase())", "anonymous", privately: true)
        case 89..<90: line("\(prefix)zorg! \(phrase())", "urgent")
        case 90..<91:
            let leader = team.leaders.first { !$0.forgotten } ?? person
            add(StaffLine(team: team.id, nick: leader.nick, account: leader.account, channel: team.channel,
                          text: "\(prefix)overslaan \(phrase())", at: at, kind: "skip"))
        case 91..<95: line("\(prefix)blij \(staffRandom.pick(Self.hostile)) \(phrase())", "hostile")
        case 95..<96: line("\(prefix)blij \(String(repeating: "lang ", count: 450))\(phrase())", "too long")
        case 96..<97:
            for index in 0..<staffRandom.int(8...20) { line("\(prefix)blij \(phrase())", "flood", after: Double(index) * 0.5) }
        default:
            line("\(prefix)blij \(phrase())", "gain", privately: true)
            // Privately, on a route of several teams, the bot asks which team.
            line(team.id, "names team", privately: true, after: staffRandom.seconds(5...40))
        }
    }

    /// Many nicks that each say one line: a spam wave through an IRC channel.
    func addDriveBy(team: TeamSpec, at: Date) {
        count("spam wave")
        let size = staffRandom.int(50...300)
        strangers.append((at, size))
        for index in 0..<size {
            let nick = "spam\(lines)x\(index)"
            add(StaffLine(team: team.id, nick: nick, account: "", channel: team.channel, text: "\(staffRandom.pick(["!help", "!blij gratis geld", "hoi"]))",
                          at: at.addingTimeInterval(Double(index) * 2), kind: "spam"))
        }
    }

    /// Queues a line at a time of its own; a webhook request is sometimes given up by its
    /// platform, an IRC line sometimes reaches the bot late (stamped with its server time).
    func add(_ line: StaffLine) {
        var line = line
        line.at = uniqueTime(near: line.at)
        guard line.at < end else { return }
        var arrives = line.at
        if world.team(line.team)?.platform != nil {
            if !calm, staffRandom.chance(0.03) { line.abandoned = true }
        } else if !calm, staffRandom.chance(0.03) {
            arrives = line.at.addingTimeInterval(staffRandom.seconds(1...90))
        }
        queue.add(.line(line), at: arrives)
    }

    /// Someone whose line got no answer sometimes says it again a little later.
    func retry(_ line: StaffLine) {
        guard line.kind != "spam", staffRandom.chance(0.4) else { return }
        var again = line
        again.abandoned = false
        again.at = clock.now().addingTimeInterval(staffRandom.seconds(30...600))
        add(again)
    }

    /// Answers to every prompt that went out since the last look, from the team's people.
    func reactToPrompts() {
        let prompts = observer.state.withLock { Array($0.prompts.dropFirst(promptsSeen)) }
        promptsSeen += prompts.count
        for prompt in prompts {
            guard let team = world.teams.first(where: { $0.channel == prompt.channel }),
                  let window = team.shifts.map(\.windowMinutes).max() else { continue }
            for person in team.people where !person.forgotten && staffRandom.chance(0.35) {
                for question in 1...staffRandom.int(1...2) {
                    let at = prompt.at.addingTimeInterval(staffRandom.seconds(5...Double(window) * 60 * 1.15))
                    let text = staffRandom.chance(0.5) ? "\(question) \(phrase())" : "!antwoord \(question) \(phrase())"
                    add(StaffLine(team: team.id, nick: person.nick, account: person.account, channel: team.channel, text: text, at: at, kind: "answer"))
                }
            }
            if staffRandom.chance(0.3), let person = team.people.first(where: { !$0.forgotten }) {
                add(StaffLine(team: team.id, nick: person.nick, account: person.account, channel: team.channel,
                              text: "gewoon gepraat \(phrase())", at: prompt.at.addingTimeInterval(staffRandom.seconds(10...300)), kind: "note"))
            }
        }
    }

    /// Hands a line to the bot, if it can hear it: the process runs and, on IRC, is connected.
    func deliver(_ line: StaffLine) async -> String {
        // A forgotten person says nothing more, and nobody names them again.
        let gone = world.teams.flatMap(\.people).filter(\.forgotten).map(\.nick)
        guard !gone.contains(line.nick), !line.names.contains(where: gone.contains), let team = config.team(id: line.team) else {
            return "not said: forgotten, or the team is gone"
        }
        guard let live else {
            report.counts["chat lines lost (bot down)", default: 0] += 1
            retry(line)
            return "lost: the bot is down"
        }
        var requestID: String?
        let route: String
        if team.webhook != nil {
            guard let transport = live.webhooks[team.id] else { return "lost: no route" }
            let id = "r\(step)"
            transport.open(id, nick: line.nick, userID: line.account)
            if line.abandoned {
                transport.abandon(id)
                retry(line)
            }
            requestID = id
            route = "webhook.\(team.id)#sim"
        } else {
            guard live.irc.isConnected else {
                report.counts["chat lines lost (IRC down)", default: 0] += 1
                retry(line)
                return "lost: not connected"
            }
            route = "irc#sim"
        }
        let message = ChatMessage(sender: Author(nick: line.nick, account: line.account.isEmpty ? nil : line.account), channel: line.channel, text: line.text, at: line.at,
                                  requestID: requestID, senderMask: team.webhook == nil ? "\(line.nick)!staff@\(line.team).example" : nil)
        await live.stepper.handle(.message(message), route: route)
        report.counts["chat lines handled", default: 0] += 1
        // An open question is reminded after `ask.remind_after`: the scheduler wakes for it then.
        if line.kind == "ask" { scheduleTick(at: clock.now().addingTimeInterval(TimeInterval(config.ask.remindAfter) + 1), main: false) }
        return ""
    }
}

extension Calendar {
    /// The Gregorian calendar in `zone`.
    static func gregorian(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
