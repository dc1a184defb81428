import Foundation

/// One team: its channel, leaders, language, time zone, shifts and days off.
public struct TeamConfig: Sendable, Hashable {
    /// Lower-case id (`[a-z0-9-]+`), used in file names.
    public var id: String
    public var name: String
    public var channel: String
    /// Accounts (or nicks) of the team's leaders.
    public var leaders: [String]
    public var language: Language
    public var timeZone: TimeZone
    public var shifts: [ShiftConfig]
    /// Public holidays on which no huddle is held.
    public var holidays: HolidayCalendar?
    /// Days on which no huddle of this team is held.
    public var skipDates: Set<CalendarDay>
    /// Questions replacing the three default ones, for every shift without its own.
    public var questions: [LocalizedText]?
    /// A line posted before the questions.
    public var intro: LocalizedText?
    public var remind: ReminderStyle
    /// When in the window the reminder comes, as a fraction (0.8 = at 80%).
    public var remindAt: Double
    /// Whether regulars who have not answered get a private nudge at the reminder.
    public var nudge: NudgeStyle = .private
    /// Tags (lower case, without `#`) that make an observation an escalation to the leaders.
    public var urgentTags: Set<String> = []
    /// When and where the weekly digest goes to the leaders.
    public var digest = DigestSettings()
    /// The team's webhook platform; nil for a team on IRC.
    public var webhook: TeamWebhook?
    /// The numbers (from 1) of the team's questions whose answers open the next shift's huddle.
    public var handoverQuestions: Set<Int> = []
    /// The team's questions answered with one value (a scale, a traffic light), by number.
    public var quickChecks: [Int: QuickCheck] = [:]
    /// Where the day's facts come from (`today:`).
    public var today: [DaySource] = []
    /// Counters of days without an incident.
    public var counters: [CounterConfig] = []

    /// Creates a team.
    public init(id: String, name: String, channel: String, leaders: [String] = [], language: Language = .nl,
                timeZone: TimeZone, shifts: [ShiftConfig], holidays: HolidayCalendar? = nil, skipDates: Set<CalendarDay> = [],
                questions: [LocalizedText]? = nil, intro: LocalizedText? = nil, remind: ReminderStyle = .channel, remindAt: Double = 0.8) {
        self.id = id
        self.name = name
        self.channel = channel
        self.leaders = leaders
        self.language = language
        self.timeZone = timeZone
        self.shifts = shifts
        self.holidays = holidays
        self.skipDates = skipDates
        self.questions = questions
        self.intro = intro
        self.remind = remind
        self.remindAt = remindAt
    }

    /// Whether a line with these tags is an urgent report (one of `urgentTags`).
    public func isUrgent(tags: [String]) -> Bool { !urgentTags.isEmpty && !urgentTags.isDisjoint(with: tags) }

    /// Whether anything happens at the reminder's time: a line in the channel, or private nudges.
    public var remindsAnyone: Bool { remind != .quiet || nudge == .private }

    /// The questions a shift's huddle asks: the shift's own, else the team's, else the three defaults.
    public func questions(forShift name: String) -> [LocalizedText] {
        shift(named: name)?.questions ?? questions ?? LocalizedText.defaultQuestions
    }

    /// The numbers of the questions of a shift's huddle whose answers are handed over.
    public func handoverQuestions(forShift name: String) -> Set<Int> {
        guard let shift = shift(named: name) else { return handoverQuestions }
        return shift.questions == nil ? handoverQuestions : shift.handoverQuestions
    }

    /// The questions of a shift's huddle answered with one value, by number.
    public func quickChecks(forShift name: String) -> [Int: QuickCheck] {
        guard let shift = shift(named: name) else { return quickChecks }
        return shift.questions == nil ? quickChecks : shift.quickChecks
    }

    /// Whether a shift hands anything over by question (the pains and new actions always go).
    public func hasHandoverQuestions(_ shift: String) -> Bool { !handoverQuestions(forShift: shift).isEmpty }

    /// Why `shift` has no huddle on `day` (calendar rules only), or nil when it has one.
    public func skipReason(_ shift: ShiftConfig, on day: CalendarDay) -> SkipReason? {
        if let holiday = holidays?.holiday(on: day) { return .holiday(holiday) }
        if skipDates.contains(day) || shift.skipDates.contains(day) { return .skipDate }
        return nil
    }
}

/// One recurring shift whose start opens a huddle.
public struct ShiftConfig: Sendable, Hashable {
    public var name: String
    /// Start in the team's local time.
    public var start: LocalTime
    /// End of the shift in local time, when given; before `start` means the next day.
    public var end: LocalTime?
    public var days: Set<Weekday>
    /// How long the huddle collects answers, in seconds.
    public var window: Int
    /// How late (seconds) a huddle may still be posted when the bot was down at the start.
    public var grace: Int
    /// Days on which this shift has no huddle.
    public var skipDates: Set<CalendarDay>
    /// Questions of this shift's huddle, replacing the team's.
    public var questions: [LocalizedText]?
    /// The numbers (from 1) of this shift's own questions whose answers go to the next shift.
    public var handoverQuestions: Set<Int> = []
    /// This shift's own questions answered with one value, by number.
    public var quickChecks: [Int: QuickCheck] = [:]
    /// The shift whose huddle opens with this one's handover, when not simply the next one.
    public var handoverTo: String?

    /// Creates a shift; by default every day with a 15-minute window and 15 minutes of grace.
    public init(name: String, start: LocalTime, end: LocalTime? = nil, days: Set<Weekday> = Set(Weekday.allCases),
                window: Int = 15 * 60, grace: Int = 15 * 60, skipDates: Set<CalendarDay> = [], questions: [LocalizedText]? = nil) {
        self.name = name
        self.start = start
        self.end = end
        self.days = days
        self.window = window
        self.grace = grace
        self.skipDates = skipDates
        self.questions = questions
    }

    /// How long the shift lasts in seconds: to `end` (across midnight if needed), else the window.
    public var length: Int {
        guard let end else { return window }
        let minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return (minutes > 0 ? minutes : minutes + 24 * 60) * 60
    }
}

/// Whether the bot nudges a regular who has not answered, privately, at the reminder.
public enum NudgeStyle: String, Sendable, Hashable, CaseIterable {
    /// A private message to each regular who has not answered (never a line in the channel).
    case `private`
    /// No nudges.
    case off
}

/// How the bot reminds the channel before a huddle closes.
public enum ReminderStyle: String, Sendable, Hashable, CaseIterable {
    /// No reminder.
    case quiet
    /// One reminder line in the channel.
    case channel
    /// One reminder that names the regulars who have not answered yet.
    case mention
}
