import ArgumentParser
import Foundation
import HuddleCore
import HuddleStore

extension HuddleCommand {
    struct LeaderCode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leader-code",
            abstract: "Makes a one-time code with which a leader on a server without accounts proves who they are.",
            discussion: """
                The leader sends "!leider <code>" to the bot in a private message within 24 hours; from then on \
                their host mask (nick!user@host as the server shows it) leads the team, until --revoke. The code \
                is shown once and stored only as a hash in <data>/leaders.json. The running bot sees new codes at once.
                """)

        @OptionGroup var options: ConfigOptions

        @Option(help: "The team.")
        var team: String?

        @Option(help: "The leader, as listed in the team's leaders.")
        var leader: String?

        @Flag(help: "Remove the leader's codes and the host masks they granted.")
        var revoke = false

        @Flag(help: "List the codes (without the codes themselves) and the granted host masks.")
        var list = false

        func validate() throws {
            if list { return }
            guard team != nil, leader != nil else { throw ValidationError("give --team ID and --leader NAME (or --list)") }
        }

        func run() async throws {
            let config = try options.load()
            let codes = DataDirectory(config.dataDirectory).leaderCodes
            if list {
                let (all, grants) = try codes.all()
                let now = Date()
                print("codes: \(all.count)")
                for code in all {
                    let state = code.used != nil ? "used \(HuddleJSON.timestamp(code.used!))" : code.expires < now ? "expired" : "valid until \(HuddleJSON.timestamp(code.expires))"
                    print("  \(code.team) \(code.leader): made \(HuddleJSON.timestamp(code.created)), \(state)")
                }
                print("granted host masks: \(grants.count)")
                for grant in grants { print("  \(grant.team) \(grant.leader): \(grant.mask) since \(HuddleJSON.timestamp(grant.at))") }
                return
            }
            guard let team, let leader else { return }
            let found = try config.requireTeam(team)
            guard found.leaders.contains(leader) else {
                throw ValidationError("'\(leader)' is not among the leaders of team \(team) (\(found.leaders.joined(separator: ", "))); add them to its leaders first")
            }
            if revoke {
                let removed = try codes.revoke(team: team, leader: leader)
                print("revoked for \(leader) of \(team): \(removed.codes) code\(removed.codes == 1 ? "" : "s"), \(removed.grants) host mask\(removed.grants == 1 ? "" : "s")")
                return
            }
            if found.webhook != nil {
                printError("note: team \(team) is on \(found.webhook!.platform.rawValue), where the platform already vouches for its users; codes are for IRC")
            }
            let code = try codes.issue(team: team, leader: leader, now: Date())
            print(code)
            printError("""
                One-time code for \(leader) of \(team), valid for 24 hours. Give it to them in person or by phone; \
                they send it privately: /msg <bot> !leider \(code)
                """)
        }
    }
}
