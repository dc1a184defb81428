import Foundation
import HuddleCore
import IRCProtocol
import ServiceLifecycle

/// Something a transport observed in chat.
public enum ChatEvent: Sendable, Hashable {
    /// The bot is connected and known by `botNick`; `accountsAvailable` when the platform
    /// identifies people by account (IRCv3 account-tag).
    case connected(botNick: String, accountsAvailable: Bool)
    /// A line from a person, in a channel or privately to the bot.
    case message(ChatMessage)
    /// The connection was lost; the transport reconnects by itself.
    case disconnected(reason: String)
    /// A person's nick no longer names them (IRC: they changed it or quit).
    case nickGone(String)
    /// A person joined one of the bot's channels (IRC).
    case arrived(String)
}

/// A line from a person.
public struct ChatMessage: Sendable, Hashable {
    public var sender: Author
    /// The channel, or nil for a private message to the bot.
    public var channel: String?
    public var text: String
    public var at: Date
    /// The HTTP request this line came in, on webhook platforms: the transport answers it once
    /// the line is handled.
    public var requestID: String?
    /// The request of the line being handled by this task, if it came in one: what is said to
    /// its sender meanwhile goes into that request's answer.
    @TaskLocal public static var inReplyTo: String?
    /// The sender as the IRC server shows them (`nick!user@host`); nil on webhook platforms.
    public var senderMask: String?
    /// How the server folds names.
    public var casemapping: Casemapping
    /// The bot's nick on the connection the line came in on (IRC; the bot may have several).
    public var botNick: String?
    /// How the line reached the bot when not typed in chat (`form`); stored with its entry.
    public var via: String?

    /// Creates a message.
    public init(sender: Author, channel: String?, text: String, at: Date, requestID: String? = nil, senderMask: String? = nil,
                casemapping: Casemapping = .rfc1459, botNick: String? = nil) {
        self.senderMask = senderMask
        self.botNick = botNick
        self.casemapping = casemapping
        self.sender = sender
        self.channel = channel
        self.text = text
        self.at = at
        self.requestID = requestID
    }
}

/// A chat platform the bot talks through (IRC, or a webhook platform).
public protocol ChatTransport: Service {
    /// What happens in chat, for one consumer.
    var events: AsyncStream<ChatEvent> { get }
    /// Posts a line in a channel for everyone.
    func post(_ text: String, to channel: String) async
    /// Tells one person something privately (a NOTICE on IRC).
    func notify(_ text: String, to person: String) async
    /// Sends one person a private message (a PRIVMSG to their nick on IRC).
    func message(_ text: String, to person: String) async
    /// Confirms to `person`, in the configured style, what they said in `channel`.
    func confirm(_ text: String, to person: String, in channel: String, style: ConfirmStyle) async
    /// Posts lines that belong together, in order.
    func post(_ lines: [String], to channel: String) async
    /// Posts a huddle's prompt: true once it went out where people see it (IRC: on a registered
    /// connection that has joined the channel), false when it cannot go out now (nothing is sent).
    func deliverPrompt(_ lines: [String], to channel: String) async -> Bool
    /// How a digest written to `path` is shown to a leader who asked for it, line by line.
    func digestLines(_ digest: WeeklyDigest, path: String, language: Language) -> [String]
    /// Gives a team's leaders their weekly digest, written to `path`; `leaderNicks` are the nicks
    /// the bot has lately seen verified as the team's leaders (where a nick could be anyone's).
    func deliverDigest(_ digest: WeeklyDigest, path: String, of team: TeamConfig, leaderNicks: [String]) async
    /// Gives a team's leaders an urgent report at once; `leaderNicks` are the nicks lately seen
    /// verified as its leaders. False when it could reach none of them.
    func alertLeaders(_ text: String, of team: TeamConfig, leaderNicks: [String]) async -> Bool
    /// Where `person` is now, as far as the platform shows the bot; `channel` is their team's.
    func whereabouts(of person: String, channel: String) -> Whereabouts
    /// Whether the bot can write to one person alone at any time (IRC: a private message).
    var hasPrivateMessages: Bool { get }
    /// Whether what the bot says to the sender of `message` is seen by everyone in its channel
    /// (a webhook platform that posts the answer to an outgoing webhook in the channel).
    func repliesAreSeenByAll(_ message: ChatMessage) -> Bool
    /// Whether a message from `events` should still be handled: a webhook request whose sender
    /// was already told to try again must not be stored as well.
    func stillWanted(_ message: ChatMessage) async -> Bool
    /// Called once a message from `events` has been handled and every reply to it was given.
    func finished(_ message: ChatMessage) async
}

extension ChatTransport {
    /// A notice to the person, or a line in the channel that names them.
    public func confirm(_ text: String, to person: String, in channel: String, style: ConfirmStyle) async {
        switch style {
        case .notice: await notify(text, to: person)
        case .reply: await post("\(person): \(text)", to: channel)
        case .short: await post("\(person): \(Phrase.Marks.done)", to: channel)
        }
    }

    /// One line after the other.
    public func post(_ lines: [String], to channel: String) async {
        for line in lines { await post(line, to: channel) }
    }

    /// Where posting is durable by itself (the webhook outbox), a posted prompt is delivered.
    public func deliverPrompt(_ lines: [String], to channel: String) async -> Bool {
        await post(lines, to: channel)
        return true
    }

    /// The summary, with where the whole digest is.
    public func digestLines(_ digest: WeeklyDigest, path: String, language: Language) -> [String] {
        DigestBuilder.summary(digest, language: language, path: path)
    }

    /// On chat platforms with private messages: the summary in the leaders' channel if the team
    /// has one, else privately to each nick lately verified as a leader (never to a nick merely
    /// because it is spelt like a leader's name: anyone can take a nick). A digest channel that is
    /// the team's own gets the summary without the link: the page is for leaders.
    public func deliverDigest(_ digest: WeeklyDigest, path: String, of team: TeamConfig, leaderNicks: [String]) async {
        if let channel = team.digest.channel {
            let isStaffChannel = Casemapping.rfc1459.equal(channel, team.channel)
            await post(DigestBuilder.summary(digest, language: team.language, path: isStaffChannel ? nil : path), to: channel)
        } else {
            let lines = DigestBuilder.summary(digest, language: team.language, path: path)
            for nick in leaderNicks { for line in lines { await message(line, to: nick) } }
        }
    }

    /// On chat platforms with private messages: in the team's leaders' channel (its digest
    /// channel, when that is not the staff's own), and privately to each nick lately verified as
    /// a leader.
    public func alertLeaders(_ text: String, of team: TeamConfig, leaderNicks: [String]) async -> Bool {
        var reached = false
        if let channel = team.digest.channel, !Casemapping.rfc1459.equal(channel, team.channel) {
            await post(text, to: channel)
            reached = true
        }
        for nick in leaderNicks { await message(text, to: nick) }
        return reached || !leaderNicks.isEmpty
    }

    /// Whether `person` can be written to alone now: the platform has private messages and shows
    /// them in a channel of the bot's (or elsewhere on it).
    public func canMessagePrivately(_ person: String, channel: String) -> Bool {
        hasPrivateMessages && [.inChannel, .online].contains(whereabouts(of: person, channel: channel))
    }

    /// Replies are private where they are separate messages (IRC notices).
    public func repliesAreSeenByAll(_ message: ChatMessage) -> Bool { false }

    /// Where replies are separate messages, so are private ones.
    public var hasPrivateMessages: Bool { true }

    /// Every line is wanted where replies are separate messages.
    public func stillWanted(_ message: ChatMessage) async -> Bool { true }

    /// Nothing to do where replies are separate messages.
    public func finished(_ message: ChatMessage) async {}
}
