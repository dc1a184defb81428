import Foundation

/// The weekly digest for a team's leaders, as stored in `<data>/digests/<team>/<YYYY>-W<ww>.json`.
public struct WeeklyDigest: Sendable, Hashable, Codable {
    public var v: Int
    public var team: String
    public var teamName: String
    public var week: ISOWeek
    /// The team's IANA time zone; days and local times in the digest are in it.
    public var timezone: String
    public var period: Period
    public var huddles: Huddles
    public var kudos: [Kudos]
    public var observations: Observations
    /// The answers, grouped per huddle in order of the huddles.
    public var answers: [HuddleAnswers]
    public var notes: [Note]
    public var actions: [Action]
    /// Observations grouped into themes, with last week's counts.
    public var themes: ThemeGroups
    public var participation: Participation
    /// Compliments given and received per person.
    public var compliments: ComplimentCounts
    /// This week's counts beside last week's.
    public var trend: Trend
    /// Counts of the four weeks before this one, oldest first, for the "this week vs last four weeks" view.
    public var recentWeeks: [WeekCounts]
    /// Actions still open at the end of the week, oldest first, with their age in days.
    public var openActions: [OpenAction]
    /// Colleagues who took part in the last four weeks but received no compliment then (for leaders' eyes only).
    public var noComplimentsFourWeeks: [String]
    /// The days' facts beside the observations, the counters and the handovers; nil when the team has none.
    public var days: Days? = nil
    /// The week's actions followed up (nil in digests written before there were due dates).
    public var actionFlow: ActionFlow? = nil
    /// How healthy the huddle itself was (nil in digests written before it was measured).
    public var health: Health? = nil
    /// The week's urgent reports (nil as `health`).
    public var escalations: Escalations? = nil
    /// The quick checks' answers per shift and question; nil when the team asks none.
    public var quickChecks: [QuickCheckWeek]? = nil
    /// The questions other teams asked this team (`QuestionDigest.swift`); nil in a week without any.
    public var questions: QuestionsWeek? = nil
    /// Compliments and gains seconded or picked for the story of the week (`StoryDigest.swift`); nil when none was.
    public var stories: [SecondedStory]? = nil

    enum CodingKeys: String, CodingKey {
        case v, team, teamName = "team_name", week, timezone, period, huddles, kudos, observations, answers, notes, actions,
             themes, participation, compliments, trend, recentWeeks = "recent_weeks", openActions = "open_actions",
             noComplimentsFourWeeks = "no_compliments_4_weeks", days, actionFlow = "action_flow", health, escalations, quickChecks = "quick_checks",
             questions, stories
    }

    /// One week's main counts.
    public struct WeekCounts: Sendable, Hashable, Codable {
        public var week: ISOWeek
        public var held: Int
        public var answers: Int
        public var kudos: Int
        public var gains: Int
        public var pains: Int
    }

    /// An action not done by the end of the week.
    public struct OpenAction: Sendable, Hashable, Codable {
        public var number: Int
        public var text: String
        public var owner: String?
        public var ageDays: Int
        /// The day it should have been done by, if one was said.
        public var due: CalendarDay? = nil

        enum CodingKeys: String, CodingKey { case number, text, owner, ageDays = "age_days", due }
    }

    /// Themes of gains and of pains.
    public struct ThemeGroups: Sendable, Hashable, Codable {
        public var gains: [Themes.Theme]
        public var pains: [Themes.Theme]
    }

    /// Who took part: per shift and per question.
    public struct Participation: Sendable, Hashable, Codable {
        public var shifts: [ShiftParticipation]
        public var questions: [QuestionCount]
    }

    /// One shift's huddles held this week and the distinct people who answered in them.
    public struct ShiftParticipation: Sendable, Hashable, Codable {
        public var shift: String
        public var held: Int
        public var contributors: Int
        public var answers: Int
    }

    /// How many answers a question got.
    public struct QuestionCount: Sendable, Hashable, Codable {
        public var question: Int
        public var answers: Int
    }

    /// Compliments per person, most first.
    public struct ComplimentCounts: Sendable, Hashable, Codable {
        public var given: [PersonCount]
        public var received: [PersonCount]
    }

    /// A person and a number.
    public struct PersonCount: Sendable, Hashable, Codable {
        public var person: String
        public var count: Int
    }

    /// A count this week and last week.
    public struct Change: Sendable, Hashable, Codable {
        public var this: Int
        public var last: Int
    }

    /// Week-over-week counts.
    public struct Trend: Sendable, Hashable, Codable {
        public var held: Change
        public var answers: Change
        public var kudos: Change
        public var gains: Change
        public var pains: Change
    }

    /// The first and last day of the week.
    public struct Period: Sendable, Hashable, Codable {
        public var start: CalendarDay
        public var end: CalendarDay
    }

    /// How many huddles were planned, held, missed and skipped, and each one.
    public struct Huddles: Sendable, Hashable, Codable {
        /// Planned huddles that were to take place (days off not counted).
        public var scheduled: Int
        public var held: Int
        /// Held, but posted later than planned (the bot was down at the start).
        public var late: Int
        /// Not held: the bot was down past the grace period.
        public var missed: Int
        /// Not held: a day off or a leader's skip.
        public var skipped: Int
        /// Planned for later in a week that is not over yet (absent once the week is over).
        public var upcoming: Int?
        /// The same counts per shift.
        public var shifts: [ShiftHuddles]
        public var list: [HuddleSummary]
    }

    /// One huddle of the week.
    public struct HuddleSummary: Sendable, Hashable, Codable {
        public var shift: String
        public var day: CalendarDay
        /// When it was scheduled to open (nil for a huddle no longer in the config).
        public var scheduledAt: Date?
        /// When the prompt was posted, if it was.
        public var postedAt: Date?
        public var held: Bool
        public var late: Bool
        public var missed: Bool
        /// Why the huddle did not take place, when it was skipped.
        public var skipped: String?
        public var answers: Int
        /// Distinct people who answered.
        public var contributors: Int

        enum CodingKeys: String, CodingKey {
            case shift, day, scheduledAt = "scheduled_at", postedAt = "posted_at", held, late, missed, skipped, answers, contributors
        }

        init(shift: String, day: CalendarDay, scheduledAt: Date?, skipped: String? = nil) {
            self.shift = shift
            self.day = day
            self.scheduledAt = scheduledAt
            self.held = false
            self.late = false
            self.missed = false
            self.skipped = skipped
            self.answers = 0
            self.contributors = 0
        }
    }

    /// A compliment from one person to another.
    public struct Kudos: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var text: String
        public var values: [String]
        public var at: Date
    }

    /// Customer observations, split into gains, pains and those of unclear kind.
    public struct Observations: Sendable, Hashable, Codable {
        public var gains: [Observation]
        public var pains: [Observation]
        public var other: [Observation]
    }

    /// One customer observation; `from` is empty for an anonymous one.
    public struct Observation: Sendable, Hashable, Codable {
        public var from: String
        public var text: String
        public var tags: [String]
        public var at: Date
    }

    /// An action opened this week, and when it was done if it was.
    public struct Action: Sendable, Hashable, Codable {
        public var number: Int
        public var text: String
        public var owner: String?
        public var from: String
        public var at: Date
        public var doneAt: Date?
        /// The day it should be done by, if one was said.
        public var due: CalendarDay? = nil
        /// The huddle it was taken in, if any.
        public var huddle: HuddleRef? = nil

        enum CodingKeys: String, CodingKey { case number, text, owner, from, at, doneAt = "done_at", due, huddle }
    }

    /// Huddles of one shift this week.
    public struct ShiftHuddles: Sendable, Hashable, Codable {
        public var shift: String
        public var scheduled: Int
        public var held: Int
        public var late: Int
        public var missed: Int
        public var skipped: Int
    }

    /// A plain line said during a huddle.
    public struct Note: Sendable, Hashable, Codable {
        public var shift: String
        public var day: CalendarDay
        public var from: String
        public var text: String
        public var at: Date
    }

    /// The answers given in one huddle.
    public struct HuddleAnswers: Sendable, Hashable, Codable {
        public var shift: String
        public var day: CalendarDay
        public var answers: [Answer]
    }

    /// One answer to one question.
    public struct Answer: Sendable, Hashable, Codable {
        public var question: Int
        public var from: String
        public var text: String
        public var at: Date
    }
}
