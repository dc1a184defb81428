/// What the server announced in its 005 (RPL_ISUPPORT) lines.
public struct ISupport: Sendable, Hashable {
    public var casemapping: Casemapping = .rfc1459
    public var channelTypes: Set<Character> = ["#", "&"]
    /// Channel membership prefixes, e.g. `@` and `+`, most powerful first.
    public var prefixes: [Character] = ["@", "+"]
    public var statusMessage: Set<Character> = []
    public var nickLength: Int?
    public var lineLength: Int = 512
    public var botMode: Character?
    public var network: String?
    /// How many channels one connection may be in (`CHANLIMIT`, or the older `MAXCHANNELS`):
    /// each entry names the channel prefixes it counts together and their limit (nil: none).
    public var channelLimits: [ChannelLimit] = []
    /// Every token as announced, for features not modelled above.
    public var raw: [String: String] = [:]

    /// Creates the defaults a server implies before it sends 005.
    public init() {}

    /// The channels of `channels` one connection may join, in order, and those over the server's limit.
    public func withinChannelLimit(_ channels: [String]) -> (kept: [String], over: [String]) {
        var used = Array(repeating: 0, count: channelLimits.count)
        var kept: [String] = [], over: [String] = []
        for channel in channels {
            guard let first = channel.first, let index = channelLimits.firstIndex(where: { $0.prefixes.contains(first) }),
                  let limit = channelLimits[index].limit else {
                kept.append(channel)
                continue
            }
            if used[index] < limit {
                used[index] += 1
                kept.append(channel)
            } else {
                over.append(channel)
            }
        }
        return (kept, over)
    }

    /// The smallest per-connection channel limit the server announced, if any.
    public var channelLimit: Int? { channelLimits.compactMap(\.limit).min() }

    /// Applies the tokens of one 005 message (params without the leading nick and trailing text).
    public mutating func apply(tokens: [String]) {
        for token in tokens {
            if token.hasPrefix("-") {
                raw[String(token.dropFirst())] = nil
                continue
            }
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).uppercased()
            let value = parts.count > 1 ? String(parts[1]) : ""
            raw[key] = value
            switch key {
            case "CASEMAPPING": if let mapping = Casemapping(rawValue: value.lowercased()) { casemapping = mapping }
            case "CHANTYPES": channelTypes = Set(value)
            case "PREFIX":
                if let close = value.firstIndex(of: ")") { prefixes = Array(value[value.index(after: close)...]) }
            case "STATUSMSG": statusMessage = Set(value)
            case "NICKLEN": nickLength = Int(value)
            case "LINELEN": if let length = Int(value), length >= 512 { lineLength = length }
            case "BOT": botMode = value.first
            case "NETWORK": network = value
            case "CHANLIMIT":
                channelLimits = value.split(separator: ",").compactMap { entry in
                    let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    guard parts.count == 2, !parts[0].isEmpty else { return nil }
                    // ngIRCd says `:0` for no limit (MaxJoins = 0): a limit must let at least one channel in.
                    return ChannelLimit(prefixes: Set(parts[0]), limit: Int(parts[1]).flatMap { $0 > 0 ? $0 : nil })
                }
            case "MAXCHANNELS":
                if raw["CHANLIMIT"] == nil, let limit = Int(value), limit > 0 { channelLimits = [ChannelLimit(prefixes: channelTypes, limit: limit)] }
            default: break
            }
        }
    }

    /// Whether a message target names a channel (possibly behind a STATUSMSG prefix).
    public func isChannel(_ target: String) -> Bool {
        var name = Substring(target)
        while let first = name.first, statusMessage.contains(first) { name = name.dropFirst() }
        return name.first.map { channelTypes.contains($0) } ?? false
    }
}

/// One `CHANLIMIT` entry: channels with these prefixes count together against `limit` (nil: no limit).
public struct ChannelLimit: Sendable, Hashable {
    public var prefixes: Set<Character>
    public var limit: Int?
}
