/// A PRIVMSG or NOTICE waiting to be sent.
public struct IRCOutgoing: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case privmsg = "PRIVMSG", notice = "NOTICE"
        /// Joins `target`; the text is unused.
        case join = "JOIN"
        /// Leaves `target` with the text as the reason.
        case part = "PART"
    }
    public var kind: Kind
    public var target: String
    public var text: String
    /// For lines that must go out now or not at all (a prompt): told when they went out.
    var delivery: IRCDelivery?
    /// For a confirmation of what someone said in a channel: who and where (see `confirmation`).
    var confirming: IRCConfirmation?

    /// Creates an outgoing message.
    public init(_ kind: Kind, to target: String, text: String) {
        self.kind = kind
        self.target = target
        self.text = text
    }

    /// A confirmation for `person` of something they said in `channel`: a NOTICE to them (or,
    /// `publicly`, "person: text" in the channel). While lines wait to go out, confirmations
    /// queued for several people of one channel go out together as one line in that channel,
    /// so a shift-start burst of answers is confirmed in seconds, not a second per person.
    public static func confirmation(_ text: String, to person: String, in channel: String, publicly: Bool) -> IRCOutgoing {
        var message = IRCOutgoing(publicly ? .privmsg : .notice, to: publicly ? channel : person, text: text)
        message.confirming = IRCConfirmation(person: person, channel: channel, publicly: publicly)
        return message
    }

    public static func == (lhs: IRCOutgoing, rhs: IRCOutgoing) -> Bool {
        lhs.kind == rhs.kind && lhs.target == rhs.target && lhs.text == rhs.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(target)
        hasher.combine(text)
    }
}

/// Who a confirmation is for and where they said what it confirms.
struct IRCConfirmation: Sendable {
    var person: String
    var channel: String
    var publicly: Bool
}
