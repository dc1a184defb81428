/// What the client state machine asks its transport to do, or tells it happened.
public enum IRCClientAction: Sendable, Hashable {
    /// Send this message to the server.
    case send(IRCMessage)
    /// Registration finished (001); the bot is known as `nick`.
    case registered(nick: String)
    /// The bot is now in `channel`.
    case joined(channel: String)
    /// The bot was kicked from `channel`; the transport rejoins after a delay.
    case kicked(channel: String, by: String, reason: String)
    /// The server refused a join (405 too many channels, 471/473/474/475); the transport stops trying that channel.
    case cannotJoin(channel: String, numeric: String, reason: String)
    /// A PRIVMSG or NOTICE from someone else, to a channel or to the bot.
    case message(IRCIncomingMessage)
    /// The server sent ERROR and will close the connection.
    case serverError(String)
    /// SASL authentication started; the transport starts its timeout.
    case saslStarted(mechanism: String)
    /// Logged in to an account (900).
    case loggedIn(account: String)
    /// SASL failed (or was not possible); registration goes on without an account.
    case saslFailed(reason: String)
    /// A CTCP query the transport may answer by NOTICE (rate-limited).
    case ctcpQuery(from: String, command: String, argument: String)
    /// The server lets one connection join only `limit` channels: `channels` were not joined here.
    case overChannelLimit(limit: Int, channels: [String])
    /// Someone else's nick stopped naming them (NICK to another, or QUIT): whoever takes it next
    /// is someone else as far as the bot knows.
    case nickGone(String)
    /// Someone else joined one of the bot's channels.
    case arrived(nick: String)
}

/// How the client logs in to an account during registration.
public enum SASLCredentials: Sendable, Hashable {
    /// PLAIN with authzid = authcid = `account`.
    case plain(account: String, password: String)
    /// EXTERNAL: the TLS client certificate identifies the account.
    case external

    /// The SASL mechanism name.
    public var mechanism: String {
        switch self {
        case .plain: return "PLAIN"
        case .external: return "EXTERNAL"
        }
    }
}

/// A PRIVMSG or NOTICE received from another user.
public struct IRCIncomingMessage: Sendable, Hashable {
    public var sender: IRCSource
    /// The account of the sender from the `account` tag, when the server sends it.
    public var account: String?
    /// The channel, or nil when the message was sent to the bot privately.
    public var channel: String?
    public var text: String
    public var isNotice: Bool
    /// The `server-time` of the message, as sent (ISO 8601), when present.
    public var serverTime: String?
    /// How the server folds names (its ISUPPORT CASEMAPPING when the message came).
    public var casemapping: Casemapping

    /// Creates an incoming message.
    public init(sender: IRCSource, account: String?, channel: String?, text: String, isNotice: Bool, serverTime: String?,
                casemapping: Casemapping = .rfc1459) {
        self.casemapping = casemapping
        self.sender = sender
        self.account = account
        self.channel = channel
        self.text = text
        self.isNotice = isNotice
        self.serverTime = serverTime
    }
}

/// Who the client says it is and where it wants to be.
public struct IRCClientIdentity: Sendable, Hashable {
    public var nick: String
    public var alternativeNicks: [String]
    public var username: String
    public var realname: String
    public var serverPassword: String?
    public var channels: [String]
    public var sasl: SASLCredentials?

    /// Creates an identity; `username` and `realname` default to the nick.
    public init(nick: String, alternativeNicks: [String] = [], username: String? = nil, realname: String? = nil,
                serverPassword: String? = nil, channels: [String] = [], sasl: SASLCredentials? = nil) {
        self.nick = nick
        self.alternativeNicks = alternativeNicks
        self.username = username ?? nick
        self.realname = realname ?? nick
        self.serverPassword = serverPassword
        self.channels = channels
        self.sasl = sasl
    }
}

/// The pure client side of an IRC connection: registration with CAP negotiation, nick
/// fallback, PING, joins and incoming messages. It never touches a socket; the transport
/// feeds it lines and carries out the actions it returns.
public struct IRCClientStateMachine: Sendable {
    /// Capabilities the client requests when the server offers them.
    public static let wantedCapabilities: Set<String> = [
        "message-tags", "server-time", "account-tag", "extended-join", "multi-prefix",
    ]

    public enum Phase: Sendable, Hashable { case idle, registering, registered }

    public let identity: IRCClientIdentity
    public private(set) var phase: Phase = .idle
    /// The nick the server knows the bot by (or the one it is trying to register).
    public private(set) var currentNick: String
    public private(set) var isupport = ISupport()
    /// Whether the channels were joined at the end of the MOTD (once per connection).
    private var joinsSent = false
    public internal(set) var enabledCapabilities: Set<String> = []
    /// The bot's own `nick!user@host` as the server shows it to others, once seen.
    public private(set) var ownSource: String?
    public private(set) var joinedChannels: Set<String> = []
    /// Who is in the joined channels.
    public private(set) var roster = ChannelRoster()

    /// The account the bot is logged in to, after SASL.
    public internal(set) var account: String?
    /// Whether a SASL exchange is under way.
    public internal(set) var authenticating = false

    var offeredCapabilities: [String: String] = [:]
    var capNegotiationOpen = false
    private var nickAttempt = 0

    /// Creates a state machine for one connection, with the roster of the one before (who left when).
    public init(identity: IRCClientIdentity, roster: ChannelRoster = ChannelRoster()) {
        self.identity = identity
        self.currentNick = identity.nick
        self.roster = roster
    }

    /// The lines that open a connection (`now`: when, for the roster's departures).
    public mutating func start(at now: ContinuousClock.Instant = .now) -> [IRCClientAction] {
        phase = .registering
        joinsSent = false
        roster.removeAll(at: now)
        capNegotiationOpen = true
        var actions: [IRCClientAction] = [.send(IRCMessage(command: "CAP", params: ["LS", "302"]))]
        if let password = identity.serverPassword {
            actions.append(.send(IRCMessage(command: "PASS", params: [password])))
        }
        actions.append(.send(IRCMessage(command: "NICK", params: [currentNick])))
        actions.append(.send(IRCMessage(command: "USER", params: [identity.username, "0", "*", identity.realname])))
        return actions
    }

    /// The longest text that fits in one PRIVMSG or NOTICE to `target`, in UTF-8 bytes, once
    /// the server has put the bot's source in front of it.
    public func maxTextBytes(command: String = "PRIVMSG", target: String) -> Int {
        let source = ownSource ?? "\(currentNick)!\(String(identity.username.prefix(10)))@\(String(repeating: "x", count: 63))"
        // ":" source " " command " " target " :" text CR LF
        let overhead = 1 + source.utf8.count + 1 + command.utf8.count + 1 + target.utf8.count + 2 + 2
        return max(16, 512 - overhead)
    }

    /// Feeds one message from the server, received at `now`, and returns what to do.
    public mutating func receive(_ message: IRCMessage, at now: ContinuousClock.Instant = .now) -> [IRCClientAction] {
        switch message.command {
        case "353", "JOIN", "PART", "KICK", "QUIT", "NICK":
            // The old nick must still be the bot's own while the roster reads a NICK or QUIT.
            if let arrived = roster.apply(message, me: currentNick, prefixes: Set(isupport.prefixes), casemapping: isupport.casemapping,
                                          at: now) {
                return receiveState(message) + [.arrived(nick: arrived)]
            }
        default:
            break
        }
        return receiveState(message)
    }

    private mutating func receiveState(_ message: IRCMessage) -> [IRCClientAction] {
        switch message.command {
        case "PING":
            return [.send(IRCMessage(command: "PONG", params: message.params))]
        case "CAP":
            return receiveCap(message)
        case "AUTHENTICATE":
            return receiveAuthenticate(message)
        case "900":
            account = message.params.count >= 3 ? message.params[2] : account
            return account.map { [.loggedIn(account: $0)] } ?? []
        case "903":
            authenticating = false
            return endNegotiation()
        case "902", "904", "905", "906", "907":
            guard authenticating else { return [] }
            authenticating = false
            return [.saslFailed(reason: "\(message.command) \(message.params.last ?? "")")] + endNegotiation()
        case "908":
            guard authenticating, let mechanism = identity.sasl?.mechanism else { return [] }
            let offered = message.params.count >= 2 ? message.params[1].split(separator: ",").map(String.init) : []
            guard !offered.contains(mechanism) else { return [] }
            authenticating = false
            return [.send(IRCMessage(command: "AUTHENTICATE", params: ["*"])),
                    .saslFailed(reason: "server offers \(offered.joined(separator: ",")), not \(mechanism)")] + endNegotiation()
        case "001":
            phase = .registered
            if let nick = message.params.first { currentNick = nick }
            var actions: [IRCClientAction] = [.registered(nick: currentNick)]
            if capNegotiationOpen {
                capNegotiationOpen = false
                actions.insert(.send(IRCMessage(command: "CAP", params: ["END"])), at: 0)
            }
            return actions
        case "005":
            isupport.apply(tokens: Array(message.params.dropFirst().dropLast()))
            return []
        case "376", "422":
            // The end of the MOTD: ISUPPORT is known, so the joins can respect the channel limit.
            guard !joinsSent else { return [] }
            joinsSent = true
            var actions: [IRCClientAction] = []
            if let mode = isupport.botMode {
                actions.append(.send(IRCMessage(command: "MODE", params: [currentNick, "+\(mode)"])))
            }
            let (kept, over) = isupport.withinChannelLimit(identity.channels)
            actions += joinMessages(for: kept).map { .send($0) }
            if !over.isEmpty, let limit = isupport.channelLimit { actions.append(.overChannelLimit(limit: limit, channels: over)) }
            return actions
        case "432", "433", "436", "437":
            guard phase == .registering else { return [] }
            currentNick = nextNick()
            return [.send(IRCMessage(command: "NICK", params: [currentNick]))]
        case "NICK":
            if isSelf(message), let nick = message.params.first {
                currentNick = nick
                return []
            }
            guard let old = message.sourceParts?.nick else { return [] }
            return [.nickGone(old)] + (isupport.casemapping.equal(old, identity.nick) ? regainNick() : [])
        case "QUIT":
            guard let old = message.sourceParts?.nick, !isSelf(message) else { return [] }
            return [.nickGone(old)] + (isupport.casemapping.equal(old, identity.nick) ? regainNick() : [])
        case "JOIN":
            guard isSelf(message), let channel = message.params.first else { return [] }
            ownSource = message.source
            joinedChannels.insert(isupport.casemapping.fold(channel))
            return [.joined(channel: channel)]
        case "PART":
            if isSelf(message), let channel = message.params.first {
                joinedChannels.remove(isupport.casemapping.fold(channel))
            }
            return []
        case "KICK":
            guard message.params.count >= 2, isupport.casemapping.equal(message.params[1], currentNick) else { return [] }
            joinedChannels.remove(isupport.casemapping.fold(message.params[0]))
            return [.kicked(channel: message.params[0], by: message.sourceParts?.nick ?? "",
                            reason: message.params.count > 2 ? message.params[2] : "")]
        case "405", "471", "473", "474", "475":
            guard message.params.count >= 2 else { return [] }
            return [.cannotJoin(channel: message.params[1], numeric: message.command, reason: message.params.last ?? "")]
        case "PRIVMSG", "NOTICE":
            return receiveText(message)
        case "ERROR":
            return [.serverError(message.params.last ?? "")]
        default:
            return []
        }
    }

    /// JOIN messages for channels, batched as far as a line allows.
    public func joinMessages(for channels: [String]) -> [IRCMessage] {
        var messages: [IRCMessage] = []
        var batch: [String] = []
        for channel in channels {
            if !batch.isEmpty && (batch + [channel]).joined(separator: ",").utf8.count > 400 {
                messages.append(IRCMessage(command: "JOIN", params: [batch.joined(separator: ",")]))
                batch = []
            }
            batch.append(channel)
        }
        if !batch.isEmpty { messages.append(IRCMessage(command: "JOIN", params: [batch.joined(separator: ",")])) }
        return messages
    }

    private func isSelf(_ message: IRCMessage) -> Bool {
        guard let nick = message.sourceParts?.nick else { return false }
        return isupport.casemapping.equal(nick, currentNick)
    }

    private mutating func nextNick() -> String {
        nickAttempt += 1
        if nickAttempt <= identity.alternativeNicks.count {
            return identity.alternativeNicks[nickAttempt - 1]
        }
        let base = identity.nick.prefix(max(1, (isupport.nickLength ?? 9) - 2))
        return base + String(repeating: "_", count: min(2, nickAttempt - identity.alternativeNicks.count))
            + (nickAttempt - identity.alternativeNicks.count > 2 ? String(nickAttempt) : "")
    }

    /// When registered under another nick, asks for the configured one again.
    public func regainNick() -> [IRCClientAction] {
        guard phase == .registered, !isupport.casemapping.equal(currentNick, identity.nick) else { return [] }
        return [.send(IRCMessage(command: "NICK", params: [identity.nick]))]
    }

    private func receiveText(_ message: IRCMessage) -> [IRCClientAction] {
        guard message.params.count >= 2, let source = message.sourceParts else { return [] }
        if isupport.casemapping.equal(source.nick, currentNick) { return [] }
        let target = message.params[0]
        var text = message.params[1]
        if text.hasPrefix("\u{01}") {
            // CTCP ACTION is treated as text; other CTCP queries are not chat.
            let body = text.dropFirst().prefix { $0 != "\u{01}" }
            let (command, argument) = (body.prefix { $0 != " " }.uppercased(), String(body.drop { $0 != " " }.dropFirst()))
            guard command == "ACTION" else {
                guard message.command == "PRIVMSG", !isupport.isChannel(target) || ["VERSION", "PING", "TIME"].contains(command) else { return [] }
                return [.ctcpQuery(from: source.nick, command: command, argument: argument)]
            }
            text = argument
        }
        let account = message.tag("account").flatMap { $0.isEmpty || $0 == "*" ? nil : $0 }
        return [.message(IRCIncomingMessage(
            sender: source,
            account: account,
            channel: isupport.isChannel(target) ? target : nil,
            text: text,
            isNotice: message.command == "NOTICE",
            serverTime: message.tag("time"), casemapping: isupport.casemapping))]
    }
}
