import Foundation
import IRCProtocol

/// How an entry of a team's `leaders` names a person, and so what vouches for them.
public enum LeaderName: Sendable, Hashable {
    /// An account: the IRCv3 account (account-tag, SASL) on IRC, or the platform's user id on a
    /// webhook platform (its user name only with `leaders_by_name`). A bare name grants nothing on
    /// IRC without accounts.
    case account(String)
    /// A host mask `nick!user@host` with the wildcards `*` and `?`, as the server shows the person.
    case mask(String)

    /// Reads an entry: one with `!` and `@` is a host mask, anything else an account.
    public init(_ text: String) {
        if let bang = text.firstIndex(of: "!"), let at = text.lastIndex(of: "@"), bang < at {
            self = .mask(text)
        } else {
            self = .account(text)
        }
    }
}

/// A host mask handed to a leader with a one-time code (`huddle leader-code`): from then on
/// that exact `nick!user@host` leads the team, until revoked.
public struct LeaderGrant: Sendable, Hashable, Codable {
    public var team: String
    /// The `leaders` entry the code was made for.
    public var leader: String
    public var mask: String
    public var at: Date

    /// Creates a grant.
    public init(team: String, leader: String, mask: String, at: Date) {
        self.team = team
        self.leader = leader
        self.mask = mask
        self.at = at
    }
}

/// Host-mask matching as IRC servers do it: `*` any run, `?` one character, case folded with
/// the server's casemapping.
public enum HostMask {
    /// Whether `mask` (`nick!user@host`) matches `pattern`.
    public static func matches(_ pattern: String, _ mask: String, casemapping: Casemapping) -> Bool {
        let p = Array(casemapping.fold(pattern).unicodeScalars), m = Array(casemapping.fold(mask).unicodeScalars)
        var i = 0, j = 0
        var star: Int?, resume = 0
        while j < m.count {
            if i < p.count && (p[i] == "?" || p[i] == m[j]) {
                i += 1
                j += 1
            } else if i < p.count && p[i] == "*" {
                star = i
                resume = j
                i += 1
            } else if let s = star {
                i = s + 1
                resume += 1
                j = resume
            } else {
                return false
            }
        }
        while i < p.count && p[i] == "*" { i += 1 }
        return i == p.count
    }
}

extension TeamConfig {
    /// The team's leaders, read.
    public var leaderNames: [LeaderName] { leaders.map(LeaderName.init) }

    /// The leaders named by a bare name where that may be a nick: on IRC, a bare name is trusted
    /// only as an account, so on a server without accounts it grants nothing.
    public var bareLeaderNames: [String] {
        guard webhook == nil else { return [] }
        return leaders.filter { if case .account = LeaderName($0) { return true } else { return false } }
    }

    /// Whether `author` leads this team. Never by a bare nick: on IRC by account (when the server
    /// vouches for one), by a host mask in `leaders`, or by a mask granted with a one-time code
    /// (`grants`); on a webhook platform by the user id the platform vouches for (`author.account`),
    /// and by the user name only where the admin opted in (`leaders_by_name`, never on generic).
    public func isLeader(_ author: Author, mask: String?, casemapping: Casemapping = .rfc1459, grants: [LeaderGrant] = []) -> Bool {
        let names = leaderNames
        if let webhook {
            let byName = webhook.leadersByName && webhook.platform != .generic
            return names.contains { name in
                guard case .account(let text) = name else { return false }
                if let id = author.account, text.lowercased() == id.lowercased() { return true }
                return byName && text.lowercased() == author.nick.lowercased()
            }
        }
        if let account = author.account,
           names.contains(where: { if case .account(let text) = $0 { casemapping.equal(text, account) } else { false } }) {
            return true
        }
        guard let mask else { return false }
        if names.contains(where: { if case .mask(let pattern) = $0 { HostMask.matches(pattern, mask, casemapping: casemapping) } else { false } }) {
            return true
        }
        return grants.contains { $0.team == id && casemapping.equal($0.mask, mask) && leaders.contains($0.leader) }
    }
}

extension GroupConfig {
    /// Whether `author` leads the group: by the same rules as a team on IRC (an account, or a host
    /// mask matching `mask`), never by a bare nick. Someone on a webhook platform leads it by user
    /// id (their account there), never by user name: a group has no `leaders_by_name`.
    public func isLeader(_ author: Author, mask: String?, casemapping: Casemapping = .rfc1459) -> Bool {
        TeamConfig(id: id, name: name, channel: "", leaders: leaders, language: language, timeZone: timeZone, shifts: [])
            .isLeader(author, mask: mask, casemapping: casemapping)
    }
}
