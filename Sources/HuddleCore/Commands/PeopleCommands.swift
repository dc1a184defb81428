import Foundation

/// `!stil [uit]`: no private nudges to answer; `uit` (`off`) turns them on again.
public enum QuietCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "stil",
        aliases: ["quiet"],
        usage: LocalizedText(nl: "stil [uit]", en: "quiet [off]"),
        summary: LocalizedText(nl: "geen persoonlijke herinneringen meer om te antwoorden (stil uit: weer wel).",
                               en: "no more personal nudges to answer (quiet off: nudges again)."),
        examples: ["!stil", "!quiet off"]
    ) { context in
        let on: Bool
        switch context.arguments.lowercased() {
        case "", "aan", "on": on = true
        case "uit", "off": on = false
        default: return context.usageReply(command)
        }
        return .record(EntryDraft(type: .preference, text: on ? "on" : "off", setting: "quiet"), ack: .people(.quiet(on)))
    }
}

/// `!taal <nl|en|team>`: the language the bot uses for what it says to the sender alone.
public enum LanguageCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "taal",
        aliases: ["language"],
        usage: LocalizedText(nl: "taal <nl|en|team>", en: "language <nl|en|team>"),
        summary: LocalizedText(nl: "de taal waarin ik jou persoonlijk aanspreek (team: die van het team).",
                               en: "the language I use when I speak to you alone (team: the team's)."),
        examples: ["!taal en", "!language nl"]
    ) { context in
        let names: [String: Language?] = ["nl": .nl, "nederlands": .nl, "dutch": .nl, "en": .en, "engels": .en, "english": .en,
                                          "team": .none, "standaard": .none, "default": .none]
        guard let chosen = names[context.arguments.lowercased()] else { return context.usageReply(command) }
        return .record(EntryDraft(type: .preference, text: chosen?.rawValue, setting: "language"), ack: .people(.languageSet(chosen)))
    }
}

/// `!afwezig [@nick] tot <dag> | vandaag | morgen | uit`: away (oneself, or a colleague by a
/// leader), so the reminder does not count them and they get no nudges until then.
public enum AbsentCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "afwezig",
        aliases: ["absent"],
        usage: LocalizedText(nl: "afwezig [@nick] tot <dag> | tot <dd-mm> | vandaag | morgen | uit",
                             en: "absent [@nick] until <day> | until <dd-mm> | today | tomorrow | off"),
        summary: LocalizedText(nl: "meld jezelf (of als leider een collega) afwezig: tot dan geen herinneringen en niet meegeteld.",
                               en: "mark yourself (or, as a leader, a colleague) away: no nudges and not counted until then."),
        examples: ["!afwezig tot vrijdag", "!absent until 12-12", "!afwezig @bob tot 24-12", "!afwezig uit"]
    ) { context in
        let (named, rest) = context.arguments.splitLeadingMention()
        var owner: String?
        if let named, named.lowercased() != context.sender.nick.lowercased() {
            guard context.senderIsLeader else { return context.reply(.people(.onlyLeadersAbsence)) }
            // Whose absence it is: the account the nick was last seen with, else the nick (on a
            // webhook platform, the user id it wrote with).
            owner = context.situation.accounts[named.lowercased()] ?? named
        }
        let who = owner == nil ? nil : named
        if ["uit", "off", "terug", "back"].contains(rest.lowercased()) {
            return .record(EntryDraft(type: .absence, owner: owner), ack: .people(.back(who: who)))
        }
        switch DueDate.read(rest, today: CalendarDay(context.at, in: context.team.timeZone)) {
        case .due(let day, let text) where text.isEmpty:
            return .record(EntryDraft(type: .absence, owner: owner, due: day), ack: .people(.absent(who: who, until: day)))
        case .invalid(let said):
            return context.reply(.actions(.badDueDate(said)))
        default:
            return context.usageReply(command)
        }
    }
}
