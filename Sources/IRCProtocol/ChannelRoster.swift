/// Who is in the channels the bot has joined, as the server tells it: NAMES replies (353),
/// JOIN, PART, KICK, QUIT and NICK; and who left them when (a lost connection counts as everyone
/// leaving), for the colleagues who are off shift. Nicks and channels are kept folded with the
/// server's casemapping. Pure: fed messages with their time, asked questions.
public struct ChannelRoster: Sendable, Hashable {
    /// Members of each joined channel, folded.
    private var members: [String: Set<String>] = [:]
    /// When each nick that left a channel was last in it: folded channel → folded nick.
    private var departed: [String: [String: ContinuousClock.Instant]] = [:]
    /// How many departures a channel remembers; the oldest tenth goes when there are more.
    public static let departuresPerChannel = 5_000

    /// An empty roster.
    public init() {}

    /// Whether `nick` is in `channel` now.
    public func contains(_ nick: String, in channel: String, casemapping: Casemapping) -> Bool {
        members[casemapping.fold(channel)]?.contains(casemapping.fold(nick)) ?? false
    }

    /// Whether `nick` is in any channel the bot shares with them.
    public func contains(_ nick: String, casemapping: Casemapping) -> Bool {
        let folded = casemapping.fold(nick)
        return members.values.contains { $0.contains(folded) }
    }

    /// Whether `nick` is in `channel` now, or left it at or after `since`.
    public func wasPresent(_ nick: String, in channel: String, since: ContinuousClock.Instant, casemapping: Casemapping) -> Bool {
        if contains(nick, in: channel, casemapping: casemapping) { return true }
        return departed[casemapping.fold(channel)]?[casemapping.fold(nick)].map { $0 >= since } ?? false
    }

    /// The number of people in `channel` the bot knows of.
    public func count(in channel: String, casemapping: Casemapping) -> Int { members[casemapping.fold(channel)]?.count ?? 0 }

    /// Forgets who is in the channels (the connection was lost): each of them left at `now`.
    public mutating func removeAll(at now: ContinuousClock.Instant) {
        for (channel, nicks) in members { for nick in nicks { depart(nick, from: channel, at: now) } }
        members.removeAll()
    }

    private mutating func depart(_ nick: String, from channel: String, at now: ContinuousClock.Instant) {
        departed[channel, default: [:]][nick] = now
        guard departed[channel]!.count > Self.departuresPerChannel else { return }
        for (old, _) in departed[channel]!.sorted(by: { $0.value < $1.value }).prefix(Self.departuresPerChannel / 10) {
            departed[channel]![old] = nil
        }
    }

    /// Applies one message from the server, received at `now`; `me` is the bot's current nick,
    /// `prefixes` the membership prefixes the server uses (ISUPPORT PREFIX, `@+` by default).
    /// Returns the nick of someone else who joined one of the bot's channels, if the message says so.
    @discardableResult
    public mutating func apply(_ message: IRCMessage, me: String, prefixes: Set<Character>, casemapping: Casemapping,
                               at now: ContinuousClock.Instant) -> String? {
        let fold = casemapping.fold
        // Parsed only for the commands that need it (not for every PRIVMSG).
        var source: String? { message.sourceParts?.nick }
        switch message.command {
        case "353":
            // RPL_NAMREPLY: <me> <symbol> <channel> :<[prefixes]nick[!user@host]> …
            guard message.params.count >= 4 else { return nil }
            let channel = fold(message.params[2])
            for word in message.params[3].split(separator: " ") {
                let name = word.drop { prefixes.contains($0) }
                let nick = name.prefix { $0 != "!" }
                if !nick.isEmpty { members[channel, default: []].insert(fold(String(nick))) }
            }
        case "JOIN":
            guard let source, let channel = message.params.first.map(fold) else { return nil }
            if casemapping.equal(source, me) {
                // NAMES follows the bot's own JOIN; start the channel afresh.
                members[channel] = [fold(source)]
                return nil
            }
            guard members[channel] != nil else { return nil }
            members[channel]!.insert(fold(source))
            return source
        case "PART":
            guard let source, let channel = message.params.first.map(fold) else { return nil }
            if casemapping.equal(source, me) {
                members[channel] = nil
            } else if let gone = members[channel]?.remove(fold(source)) {
                depart(gone, from: channel, at: now)
            }
        case "KICK":
            guard message.params.count >= 2 else { return nil }
            let channel = fold(message.params[0])
            if casemapping.equal(message.params[1], me) {
                members[channel] = nil
            } else if let gone = members[channel]?.remove(fold(message.params[1])) {
                depart(gone, from: channel, at: now)
            }
        case "QUIT":
            guard let source else { return nil }
            let folded = fold(source)
            for channel in members.keys where members[channel]!.remove(folded) != nil { depart(folded, from: channel, at: now) }
        case "NICK":
            guard let source, let new = message.params.first else { return nil }
            let (old, renamed) = (fold(source), fold(new))
            for channel in members.keys where members[channel]!.remove(old) != nil {
                members[channel]!.insert(renamed)
                depart(old, from: channel, at: now)
            }
        default:
            break
        }
        return nil
    }
}
