/// The marks that join merged lines, given by the bot (from its phrase catalogue), so the
/// transport adds no words of its own: `"anna: Noted · Noted | bob: Noted"`.
public struct ConfirmationWording: Sendable, Hashable {
    /// Between texts merged into one line: one person's confirmations, notices to one person,
    /// and the lines of a packed prompt.
    public var between: String
    /// Between different people's confirmations in one channel line.
    public var betweenPeople: String
    /// Between a person's name and what is said to them in a channel.
    public var afterName: String

    /// Creates a wording.
    public init(between: String, betweenPeople: String, afterName: String) {
        self.between = between
        self.betweenPeople = betweenPeople
        self.afterName = afterName
    }

    /// `text` addressed to `person` in a channel.
    func addressed(_ text: String, to person: String) -> String { person + afterName + text }
}
