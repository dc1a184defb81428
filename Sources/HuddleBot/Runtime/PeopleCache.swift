import HuddleCore
import Synchronization

/// Each team's `PeopleSettings` (who is quiet, away, or reads another language), read from the
/// journal once, when first needed, and kept current as such entries are stored. The journal
/// cannot change under it: `huddle forget` needs the data directory, which the running bot holds.
final class PeopleCache: Sendable {
    private struct Team {
        var settings: PeopleSettings?
        /// Entries stored while the settings were being read, applied once they are.
        var stored: [JournalEntry] = []
    }
    private let teams = Mutex<[String: Team]>([:])

    /// The settings of `team`, reading its entries with `load` the first time.
    func settings(of team: String, load: () async throws -> [JournalEntry]) async throws -> PeopleSettings {
        let known = teams.withLock { teams -> PeopleSettings? in
            if teams[team] == nil { teams[team] = Team() }
            return teams[team]?.settings
        }
        if let known { return known }
        let entries = try await load()
        return teams.withLock { teams in
            if let settings = teams[team]?.settings { return settings }
            var settings = PeopleSettings(entries: entries)
            for entry in teams[team]?.stored ?? [] { settings.apply(entry) }
            teams[team] = Team(settings: settings)
            return settings
        }
    }

    /// The language `identity` chose in one of `teams` whose settings are read already.
    func language(of identity: String, teams ids: Set<String>) -> Language? {
        teams.withLock { teams in
            for id in ids.sorted() {
                if let language = teams[id]?.settings?.person(identity).language { return language }
            }
            return nil
        }
    }

    /// Takes in an entry that is on disk: an absence or a setting changes its team's settings.
    func stored(_ entry: JournalEntry) {
        guard EntryType.personal.contains(entry.type) else { return }
        teams.withLock { teams in
            // A team not read yet will read the entry from the journal.
            guard var team = teams[entry.team] else { return }
            if team.settings != nil { team.settings!.apply(entry) } else { team.stored.append(entry) }
            teams[entry.team] = team
        }
    }
}
