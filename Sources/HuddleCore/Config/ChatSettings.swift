/// How confirmations reach the author of an entry.
public enum ConfirmStyle: String, Sendable, Hashable, CaseIterable {
    /// A NOTICE to the author (default).
    case notice
    /// A line in the channel addressed to the author.
    case reply
    /// A short reaction-like line in the channel (`anna: ✓`).
    case short
}

/// How the colleague who receives a compliment is told.
public enum RecipientNotice: String, Sendable, Hashable, CaseIterable {
    case notice
    /// A private message.
    case `private`
    case off
}

/// What happens to text that looks like personal data (BSN, phone, e-mail, date of birth).
public enum PIIPolicy: String, Sendable, Hashable, CaseIterable {
    /// Not stored; the author is asked to rephrase (default).
    case refuse
    /// Stored with the personal data replaced.
    case mask
    /// Stored as written.
    case allow
}

/// When a nick may stand for a person.
public enum NickIdentity: String, Sendable, Hashable, CaseIterable {
    /// Only on servers that offer no accounts at all (default).
    case auto
    /// Always, where the server gives no account for a person.
    case `true`
    /// Never: only people logged in to an account can take part.
    case `false`
}

/// How people talk to the bot: prefix, confirmations, limits and privacy.
public struct ChatSettings: Sendable, Hashable {
    public var prefix = "!"
    public var confirm = ConfirmStyle.notice
    public var notifyRecipient = RecipientNotice.notice
    /// Compliments one person may give per day.
    public var kudosPerDay = 5
    /// Colleagues one compliment may name.
    public var kudosMaxRecipients = 5
    /// Commands one person may send at once, then `ratePerMinute` a minute: enough for a whole
    /// huddle (three answers, compliments, observations, an action) within a minute.
    public var rateBurst = 12
    public var ratePerMinute = 20
    public var pii = PIIPolicy.refuse
    public var nickIdentity = NickIdentity.auto

    /// The defaults.
    public init() {}
}
