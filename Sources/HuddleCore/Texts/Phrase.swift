import Foundation

/// Everything the bot says, in Dutch and English side by side: the one catalogue of user-facing text.
public enum Phrase: Sendable, Hashable {
    case promptHeader(team: String, shift: String, day: CalendarDay, minutes: Int, questions: Int)
    case promptLate(scheduled: LocalTime)
    case promptFooter(prefix: String)
    case summary(shift: String, answers: Int, people: Int, kudos: Int, observations: Int)
    case answerRecorded(question: Int)
    case kudosRecorded(to: [String])
    case gainRecorded
    case painRecorded
    case noOpenHuddle(prefix: String)
    case noSuchQuestion(number: Int, count: Int)
    /// A quick check answered with something that is not one of its values.
    case quickCheckUsage(number: Int, hint: String, example: String)
    case selfKudos
    case usage(String)
    case unknownCommand(prefix: String, name: String)
    case storageFailed
    case helpHeader(prefix: String)
    case helpLine(usage: String, summary: String)
    case helpExamples(String)
    case digestTitle(team: String, week: ISOWeek)
    case digestHuddles(held: Int, scheduled: Int, upcoming: Int)
    case digestCounts(kudos: Int, gains: Int, pains: Int, answers: Int)
    case skippedHoliday(String)
    case skippedDate
    case skippedByLeader(by: String, reason: String)
    case reminder(shift: String, minutes: Int, closesAt: LocalTime)
    case reminderWaitingFor([String])
    case skipRecorded(shift: String, day: CalendarDay)
    case onlyLeaders
    /// A one-time leader code was accepted: the sender now leads the team.
    case leaderCodeAccepted(team: String)
    /// A leader code that is unknown, expired or used.
    case leaderCodeRefused
    /// A leader code said in a channel: it is void now.
    case leaderCodeInChannel
    /// Leader codes are for IRC; the platform already vouches for its users.
    case leaderCodeNotNeeded
    case nothingToSkip
    case kudosLimit(Int)
    case kudosReceived(from: String, text: String)
    /// A compliment named more colleagues than one may.
    case kudosTooMany(Int)
    /// A compliment named people the team does not know.
    case kudosStrangers([String])
    /// A compliment named the bot or a service.
    case kudosNotForBots(String)
    /// A line longer than the bot takes.
    case tooLong(Int)
    /// The digest was asked for where the answer is seen by the whole channel.
    case digestOnlyPrivately
    case observationRecorded
    case anonymousRecorded
    case anonymousOnlyPrivate(prefix: String)
    case actionDoneRecorded(Int)
    case noSuchAction(Int)
    case actionAlreadyDone(Int)
    case noOpenActions
    case openActionsHeader(Int)
    case nothingToUndo
    case undone(String)
    case personalData([String])
    case needsAccount
    case slowDown
    /// Said in a team's channel when the team is removed from the configuration.
    case goodbye
    case whichTeam([String])
    case nothingYet
    case onlyLeadersDigest
    case digestTopPain(String)
    case digestTopGain(String)
    case digestWhere(String)
    case recap(topPain: String?, openActions: Int)
    /// What the bot says about the day (`Phrase+Today.swift`).
    case today(Today)
    /// What the bot says about actions (`Phrase+Actions.swift`).
    case actions(Actions)
    /// What the digests say about the huddle's health (`Phrase+Health.swift`).
    case health(Health)
    /// What the bot says about who answers (`Phrase+People.swift`).
    case people(People)
    /// What the bot says about urgent reports (`Phrase+Escalation.swift`).
    case escalation(Escalation)
    /// What the bot says about questions between teams (`Phrase+Questions.swift`).
    case question(Questions)
    /// What the bot says about the story of the week (`Phrase+Stories.swift`).
    case story(Stories)
    /// What the bot and the form page say about the personal huddle form (`Phrase+Form.swift`).
    case form(Form)

    /// The text in a language.
    public func text(_ language: Language) -> String {
        let nl = language == .nl
        switch self {
        case let .promptHeader(team, shift, day, minutes, questions):
            return nl
                ? "Huddle \(shift) — \(team), \(DayNames.long(day, .nl)). Antwoord met \(numbers(questions, "of", "t/m")) en je antwoord; de huddle staat \(minutes) min open."
                : "Huddle \(shift) — \(team), \(DayNames.long(day, .en)). Reply with \(numbers(questions, "or", "to")) and your answer; the huddle is open for \(minutes) min."
        case let .promptLate(scheduled):
            return nl ? "(Later dan gepland: deze huddle begon om \(scheduled).)" : "(Later than planned: this huddle started at \(scheduled).)"
        case let .promptFooter(p):
            return nl
                ? "Tussendoor: \(p)kudos <nick> <tekst> voor een compliment, \(p)blij <tekst> of \(p)zorg <tekst> voor waar klanten blij of wakker van liggen. \(p)help voor meer."
                : "Any time: \(p)kudos <nick> <text> to compliment a colleague, \(p)gain <text> or \(p)pain <text> for what makes customers happy or worried. \(p)help for more."
        case let .summary(shift, answers, people, kudos, observations):
            return nl
                ? "Huddle \(shift) gesloten: \(count(answers, "antwoord", "antwoorden")) van \(count(people, "collega", "collega's")), \(count(kudos, "compliment", "complimenten")), \(count(observations, "klantobservatie", "klantobservaties")). Dank jullie wel!"
                : "Huddle \(shift) closed: \(count(answers, "answer", "answers")) from \(count(people, "colleague", "colleagues")), \(count(kudos, "compliment", "compliments")), \(count(observations, "customer observation", "customer observations")). Thank you all!"
        case let .answerRecorded(question):
            return nl ? "Genoteerd: je antwoord op vraag \(question). Dank je!" : "Noted: your answer to question \(question). Thank you!"
        case let .kudosRecorded(to):
            let names = to.joined(separator: ", ")
            return nl ? "Genoteerd: je compliment voor \(names)." : "Noted: your compliment for \(names)."
        case .gainRecorded:
            return nl ? "Genoteerd: waar klanten blij van worden. Dank je!" : "Noted: what makes customers happy. Thank you!"
        case .painRecorded:
            return nl ? "Genoteerd: waar klanten wakker van liggen. Dank je!" : "Noted: what worries customers. Thank you!"
        case let .noOpenHuddle(p):
            return nl
                ? "Er is nu geen huddle open om te beantwoorden. Complimenten (\(p)kudos) en klantobservaties (\(p)blij, \(p)zorg) kunnen altijd."
                : "No huddle is open to answer right now. Compliments (\(p)kudos) and customer observations (\(p)gain, \(p)pain) are welcome any time."
        case let .noSuchQuestion(number, questionCount):
            return nl ? "Vraag \(number) bestaat niet; kies 1 tot en met \(questionCount)." : "There is no question \(number); choose 1 to \(questionCount)."
        case let .quickCheckUsage(number, hint, example):
            return nl ? "Vraag \(number) beantwoord je met één waarde \(hint), bijvoorbeeld: \(number) \(example). Er is niets opgeslagen."
                : "Question \(number) takes one value \(hint), for example: \(number) \(example). Nothing was stored."
        case .selfKudos:
            return nl ? "Een compliment aan jezelf telt niet — geef er een aan een collega!" : "A compliment to yourself does not count — give one to a colleague!"
        case let .usage(usage):
            return nl ? "Gebruik: \(usage)" : "Usage: \(usage)"
        case let .unknownCommand(p, name):
            return nl ? "Onbekend commando \(p)\(name). Typ \(p)help voor de lijst." : "Unknown command \(p)\(name). Type \(p)help for the list."
        case .storageFailed:
            return nl ? "Sorry, dat kon ik niet opslaan. Probeer het zo nog eens." : "Sorry, I could not save that. Please try again in a moment."
        case let .helpHeader(p):
            return nl ? "Commando's (\(p)help <commando> voor voorbeelden):" : "Commands (\(p)help <command> for examples):"
        case let .helpLine(usage, summary):
            return "\(usage) — \(summary)"
        case let .helpExamples(examples):
            return nl ? "Voorbeelden: \(examples)" : "Examples: \(examples)"
        case let .digestTitle(team, week):
            return nl ? "Weekoverzicht \(team), week \(week.week) (\(week))" : "Weekly digest \(team), week \(week.week) (\(week))"
        case let .digestHuddles(held, scheduled, upcoming):
            let base = nl ? "Huddles gehouden: \(held) van \(scheduled)" : "Huddles held: \(held) of \(scheduled)"
            guard upcoming > 0 else { return base }
            return base + (nl ? " (nog \(upcoming) te gaan deze week)" : " (\(upcoming) still to come this week)")
        case let .digestCounts(kudos, gains, pains, answers):
            return nl
                ? "\(count(answers, "antwoord", "antwoorden")), \(count(kudos, "compliment", "complimenten")), \(gains) blij, \(pains) zorg"
                : "\(count(answers, "answer", "answers")), \(count(kudos, "compliment", "compliments")), \(gains) gains, \(pains) pains"
        case let .skippedHoliday(name):
            return nl ? "feestdag: \(name)" : "public holiday: \(name)"
        case .skippedDate:
            return nl ? "vrije dag (skip_dates)" : "day off (skip_dates)"
        case let .skippedByLeader(by, reason):
            return nl ? "overgeslagen door \(by): \(reason)" : "skipped by \(by): \(reason)"
        case let .reminder(shift, minutes, closesAt):
            return nl
                ? "Nog \(minutes) min: huddle \(shift) sluit om \(closesAt). Nog niet geantwoord? Antwoord met 1, 2 of 3."
                : "\(minutes) min left: huddle \(shift) closes at \(closesAt). Not answered yet? Reply with 1, 2 or 3."
        case let .reminderWaitingFor(names):
            return nl ? "We horen nog graag van: \(names.joined(separator: ", "))." : "We would still like to hear from: \(names.joined(separator: ", "))."
        case let .skipRecorded(shift, day):
            return nl ? "Genoteerd: de huddle \(shift) van \(DayNames.long(day, .nl)) gaat niet door." : "Noted: the \(shift) huddle of \(DayNames.long(day, .en)) is skipped."
        case .onlyLeaders:
            return nl ? "Alleen een teamleider kan een huddle overslaan. Een bijnaam alleen is niet genoeg: log in bij je account, of vraag de beheerder om een leiderscode."
                : "Only a team leader can skip a huddle. A nick alone is not enough: log in to your account, or ask the admin for a leader code."
        case let .leaderCodeAccepted(team):
            return nl ? "Dank je, de code klopt: je bent nu teamleider van \(team) zolang je met deze naam en dit adres verbonden bent."
                : "Thank you, the code is right: you now lead \(team) while you connect with this nick and address."
        case .leaderCodeRefused:
            return nl ? "Deze code ken ik niet, of hij is verlopen of al gebruikt. Vraag de beheerder om een nieuwe."
                : "I do not know this code, or it expired or was used already. Ask the admin for a new one."
        case .leaderCodeInChannel:
            return nl ? "Stuur een leiderscode alleen privé aan mij. Deze code is nu ongeldig; vraag de beheerder om een nieuwe."
                : "Send a leader code to me privately only. This code is void now; ask the admin for a new one."
        case .leaderCodeNotNeeded:
            return nl ? "Hier is geen code nodig: het platform vertelt me wie je bent. De beheerder zet je gebruikers-id bij de leiders."
                : "No code is needed here: the platform tells me who you are. The admin lists your user id among the leaders."
        case .nothingToSkip:
            return nl ? "Er is geen komende huddle om over te slaan." : "There is no upcoming huddle to skip."
        case let .kudosLimit(limit):
            return nl ? "Je hebt vandaag al \(limit) complimenten gegeven; morgen weer!" : "You have given \(limit) compliments today already; more tomorrow!"
        case let .kudosReceived(from, text):
            return nl ? "Compliment van \(from): \(text)" : "Compliment from \(from): \(text)"
        case let .kudosTooMany(limit):
            return nl ? "Een compliment gaat naar hoogstens \(limit) collega's tegelijk. Er is niets opgeslagen."
                : "A compliment goes to at most \(limit) colleagues at once. Nothing was stored."
        case let .kudosStrangers(names):
            let list = names.joined(separator: ", ")
            return nl
                ? "Ik ken \(list) niet in dit team: een compliment gaat naar collega's die in het kanaal zijn of er de laatste weken waren. Er is niets opgeslagen."
                : "I don't know \(list) in this team: a compliment goes to colleagues who are in the channel or were there in the last weeks. Nothing was stored."
        case let .kudosNotForBots(name):
            return nl ? "Een compliment is voor collega's, niet voor \(name). Er is niets opgeslagen." : "A compliment is for colleagues, not for \(name). Nothing was stored."
        case let .tooLong(limit):
            return nl ? "Dat bericht is te lang (meer dan \(limit) tekens) en is niet opgeslagen. Kan het korter?"
                : "That message is too long (over \(limit) characters) and was not stored. Could it be shorter?"
        case .digestOnlyPrivately:
            return nl ? "Het weekoverzicht noemt namen en is alleen voor leiders: vraag het met het slash-commando (/huddle overzicht), dan ziet alleen jij het."
                : "The weekly digest names people and is for leaders only: ask for it with the slash command (/huddle digest), so only you see it."
        case .observationRecorded:
            return nl ? "Genoteerd: je klantobservatie. Dank je!" : "Noted: your customer observation. Thank you!"
        case .anonymousRecorded:
            return nl ? "Genoteerd, zonder je naam. Dank je!" : "Noted, without your name. Thank you!"
        case let .anonymousOnlyPrivate(p):
            return nl
                ? "Stuur \(p)anoniem in een privébericht aan mij; in het kanaal ziet iedereen wie het schreef. Er is niets opgeslagen."
                : "Send \(p)anon to me in a private message; in the channel everyone sees who wrote it. Nothing was stored."
        case let .actionDoneRecorded(number):
            return nl ? "Genoteerd: actie \(number) is klaar. Top!" : "Noted: action \(number) is done. Great!"
        case let .noSuchAction(number):
            return nl ? "Er is geen actie \(number)." : "There is no action \(number)."
        case let .actionAlreadyDone(number):
            return nl ? "Actie \(number) was al klaar." : "Action \(number) was already done."
        case .noOpenActions:
            return nl ? "Er zijn geen open acties." : "There are no open actions."
        case let .openActionsHeader(n):
            return nl ? "Open acties (\(n)):" : "Open actions (\(n)):"
        case .nothingToUndo:
            return nl ? "Ik vind geen recente bijdrage van je om in te trekken." : "I find no recent entry of yours to withdraw."
        case let .undone(what):
            return nl ? "Ingetrokken: \(what)" : "Withdrawn: \(what)"
        case let .personalData(kinds):
            return nl
                ? "Dit lijkt persoonsgegevens te bevatten (\(kinds.joined(separator: ", "))) en is niet opgeslagen. Wil je het opnieuw sturen zonder?"
                : "This seems to contain personal data (\(kinds.joined(separator: ", "))) and was not stored. Could you send it again without?"
        case .needsAccount:
            return nl
                ? "Log eerst in bij je account (NickServ), dan weet ik zeker wie je bent. Er is niets opgeslagen."
                : "Please log in to your account (NickServ) first, so I know for sure who you are. Nothing was stored."
        case .slowDown:
            return nl ? "Rustig aan: je stuurt veel commando's kort na elkaar. Probeer het zo nog eens." : "Easy: you are sending many commands in a short time. Please try again in a moment."
        case .goodbye:
            return nl ? "Dit team staat niet meer in mijn configuratie; ik verlaat het kanaal. Tot ziens!"
                : "This team is no longer in my configuration; I am leaving the channel. Goodbye!"
        case .onlyLeadersDigest:
            return nl ? "Het weekoverzicht is voor teamleiders. Een bijnaam alleen is niet genoeg: log in bij je account, of vraag de beheerder om een leiderscode."
                : "The weekly digest is for team leaders. A nick alone is not enough: log in to your account, or ask the admin for a leader code."
        case let .digestTopPain(theme):
            return nl ? "Meest genoemde zorg: \(theme)" : "Most mentioned pain: \(theme)"
        case let .digestTopGain(theme):
            return nl ? "Meest genoemd blij van: \(theme)" : "Most mentioned gain: \(theme)"
        case let .digestWhere(path):
            return nl ? "Volledig overzicht: \(path)" : "Full digest: \(path)"
        case let .recap(topPain, openActions):
            let pain = topPain.map { nl ? "vorige week lag men vooral wakker van \($0)" : "last week customers worried most about \($0)" }
                ?? (nl ? "vorige week geen klantzorgen genoteerd" : "no customer pains noted last week")
            let actions = nl ? (openActions == 1 ? "1 open actie" : "\(openActions) open acties") : (openActions == 1 ? "1 open action" : "\(openActions) open actions")
            return nl ? "Terugblik: \(pain); \(actions)." : "Looking back: \(pain); \(actions)."
        case .nothingYet:
            return nl ? "(nog niets)" : "(nothing yet)"
        case .today(let phrase):
            return phrase.text(language)
        case .actions(let phrase):
            return phrase.text(language)
        case .health(let phrase):
            return phrase.text(language)
        case .people(let phrase):
            return phrase.text(language)
        case .escalation(let phrase):
            return phrase.text(language)
        case .question(let phrase):
            return phrase.text(language)
        case .story(let phrase):
            return phrase.text(language)
        case .form(let phrase):
            return phrase.text(language)
        case let .whichTeam(teams):
            return nl
                ? "Voor welk team is dit? Antwoord met de naam: \(teams.joined(separator: ", "))."
                : "Which team is this for? Reply with its name: \(teams.joined(separator: ", "))."
        }
    }

    /// "1", "1 of 2", "1, 2 of 3", "1 t/m 5": which numbers to answer with.
    private func numbers(_ n: Int, _ or: String, _ through: String) -> String {
        switch n {
        case ...1: return "1"
        case 2: return "1 \(or) 2"
        case 3: return "1, 2 \(or) 3"
        default: return "1 \(through) \(n)"
        }
    }

    private func count(_ n: Int, _ one: String, _ many: String) -> String { Self.count(n, one, many) }

    /// `n` with the word for one or for more: "1 collega", "3 collega's".
    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}

/// A text given in both languages: help texts, questions, holiday names.
public struct LocalizedText: Sendable, Hashable {
    /// The three huddle questions every team starts with.
    public static let defaultQuestions = [
        LocalizedText(nl: "Wie verwachten we vandaag?", en: "Who do we expect today?"),
        LocalizedText(nl: "Wat verwachten we vandaag?", en: "What do we expect today?"),
        LocalizedText(nl: "Hoe spelen we daar proactief op in?", en: "How do we respond proactively?"),
    ]

    public var nl: String
    public var en: String

    /// Creates a text from its Dutch and English versions.
    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }

    /// The text in a language.
    public func text(_ language: Language) -> String { language == .nl ? nl : en }
}

/// Names of days and months, so dates read naturally in both languages without a formatter.
public enum DayNames {
    static let weekdays: [Language: [String]] = [
        .nl: ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
        .en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ]
    static let months: [Language: [String]] = [
        .nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    ]

    /// "dinsdag 24 november" or "Tuesday 24 November".
    public static func long(_ day: CalendarDay, _ language: Language) -> String {
        "\(weekdays[language]![day.weekday.rawValue - 1]) \(day.day) \(months[language]![day.month - 1])"
    }

    /// The short weekday name, "di" or "Tue".
    public static func short(_ weekday: Weekday, _ language: Language) -> String {
        language == .nl ? String(weekdays[.nl]![weekday.rawValue - 1].prefix(2)) : String(weekdays[.en]![weekday.rawValue - 1].prefix(3))
    }
}
