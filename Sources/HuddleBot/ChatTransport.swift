import Foundation
import HuddleCore
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
}

/// A line from a person.
public struct ChatMessage: Sendable, Hashable {
    public var sender: Author
    /// The channel, or nil for a private message to the bot.
    public var channel: String?
    public var text: String
    public var at: Date

    /// Creates a message.
    public init(sender: Author, channel: String?, text: String, at: Date) {
        self.sender = sender
        self.channel = channel
        self.text = text
        self.at = at
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
}
