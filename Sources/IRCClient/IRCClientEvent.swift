import IRCProtocol

/// What the client tells the bot.
public enum IRCClientEvent: Sendable, Hashable {
    /// Registered as `nick`, with the IRCv3 capabilities the server enabled.
    case registered(nick: String, capabilities: Set<String>)
    case joined(channel: String)
    case message(IRCIncomingMessage)
    /// Logged in to an account through SASL.
    case loggedIn(account: String)
    case disconnected(reason: String)
    /// Someone else's nick stopped naming them (they changed it or quit).
    case nickGone(String)
    /// Someone else joined one of the connection's channels.
    case arrived(String)
    /// The server lets this connection join only `limit` channels; `channels` were left out (and
    /// dropped from the ones it joins on a reconnect), for another connection to take.
    case overChannelLimit(limit: Int, channels: [String])
}
