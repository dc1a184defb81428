/// `!kudos <nick>[, <nick>…] <tekst>`: a compliment to one or more colleagues.
public enum KudosCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "kudos",
        aliases: ["compliment"],
        usage: LocalizedText(nl: "kudos <nick>[, <nick>…] <tekst> [#waarde…]", en: "kudos <nick>[, <nick>…] <text> [#value…]"),
        summary: LocalizedText(nl: "geef een collega een compliment.", en: "give a colleague a compliment."),
        examples: ["!kudos anna Top hoe je die boze gast te woord stond!",
                   "!compliment bob, carla thanks for covering the late shift #teamwork"],
        needs: .recent
    ) { context in
        guard let (recipients, text) = parse(context.arguments) else { return context.usageReply(command) }
        let me = Set([context.sender.nick.lowercased(), context.sender.account?.lowercased()].compactMap { $0 })
        let selfKudos = recipients.contains { recipient in
            me.contains(recipient.lowercased())
                || (context.sender.account != nil && context.situation.accounts[recipient.lowercased()]?.lowercased() == context.sender.account?.lowercased())
        }
        if selfKudos { return context.reply(.selfKudos) }
        if recipients.count > context.settings.kudosMaxRecipients { return context.reply(.kudosTooMany(context.settings.kudosMaxRecipients)) }
        if let bot = recipients.first(where: { isBotOrService($0, botNick: context.situation.botNick) }) { return context.reply(.kudosNotForBots(bot)) }
        let strangers = recipients.filter { !context.situation.knows($0) }
        if !strangers.isEmpty { return context.reply(.kudosStrangers(strangers)) }
        let today = CalendarDay(context.at, in: context.team.timeZone)
        if context.history.kudosGiven(by: context.sender.identity, on: today, in: context.team.timeZone) >= context.settings.kudosPerDay {
            return context.reply(.kudosLimit(context.settings.kudosPerDay))
        }
        let values = hashtags(in: text)
        return .record(EntryDraft(type: .kudos, to: recipients, text: text, values: values.isEmpty ? nil : values),
                       ack: .kudosRecorded(to: recipients))
    }

    /// Splits `anna, bob great work` into the recipients and the text; nil when either is missing.
    static func parse(_ arguments: String) -> ([String], String)? {
        var words = arguments.split(separator: " ", omittingEmptySubsequences: true).map(String.init)[...]
        var recipients: [String] = []
        var expectMore = true
        while expectMore, let word = words.first {
            words = words.dropFirst()
            expectMore = word.hasSuffix(",")
            for part in word.split(separator: ",") {
                var nick = Substring(part)
                if nick.hasPrefix("@") { nick = nick.dropFirst() }
                if nick.hasSuffix(":") { nick = nick.dropLast() }
                guard isNick(nick) else { return nil }
                if !recipients.contains(where: { $0.lowercased() == nick.lowercased() }) { recipients.append(String(nick)) }
            }
        }
        let text = words.joined(separator: " ")
        guard !recipients.isEmpty, !text.isEmpty else { return nil }
        return (recipients, text)
    }

    /// Names no compliment goes to: the bot (any of its connections' nicks), IRC services
    /// (`NickServ`, `ChanServ` …) and the words platforms use to mention everyone.
    static func isBotOrService(_ name: String, botNick: String?) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix("serv") || ["global", "all", "here", "channel", "everyone", "everybody", "huddle"].contains(lower) { return true }
        guard let botNick else { return false }
        // huddle, huddle2, huddle_ are all the bot.
        func base(_ nick: String) -> String {
            var base = nick.lowercased()
            while let last = base.last, last.isNumber || last == "_" { base.removeLast() }
            return base
        }
        return base(lower) == base(botNick)
    }

    static func isNick(_ text: Substring) -> Bool {
        guard let first = text.first, !first.isNumber, first != "-" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_[]\\`^{}|".contains($0)) }
    }
}
