import Foundation
import Synchronization

/// Which nicks the bot has seen verified as a team's leader (by account, host mask or a granted
/// mask) and when: where a private message must reach the leader and not whoever took the nick.
public final class LeaderSightings: Sendable {
    /// How long a sighting is trusted for a private digest.
    public static let trusted: TimeInterval = 12 * 3600
    private let seen = Mutex<[String: [String: Date]]>([:])

    /// An empty record.
    public init() {}

    /// `nick` was verified as a leader of `team` at `at`.
    public func saw(_ nick: String, team: String, at: Date) {
        seen.withLock { $0[team, default: [:]][nick.lowercased()] = at }
    }

    /// `nick` left or changed: it no longer stands for anyone.
    public func forget(_ nick: String) {
        seen.withLock { teams in for team in teams.keys { teams[team]?[nick.lowercased()] = nil } }
    }

    /// The connection was lost: while away, any nick may have changed hands.
    public func forgetAll() {
        seen.withLock { $0.removeAll() }
    }

    /// The nicks verified as `team`'s leaders since `since`, sorted.
    public func nicks(team: String, since: Date) -> [String] {
        seen.withLock { ($0[team] ?? [:]).filter { $0.value >= since }.map(\.key).sorted() }
    }
}
