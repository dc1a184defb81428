import Foundation
import HuddleCore

/// What the chat handler does for leaders: a group's digest asked for privately, a one-time
/// leader code, and the report of leaders who are bare names on a server without accounts.
extension ChatService {
    /// Sends a group leader the summary of the group's digest of `week`, privately.
    func groupDigest(_ id: String, week: ISOWeek, to person: String) async {
        guard let group = bot.config.groups.first(where: { $0.id == id }) else { return }
        do {
            let written = try await bot.writeGroupDigest(group, week: week)
            for line in written.digest.summary(language: group.language) + [Phrase.digestWhere(written.location).text(group.language)] {
                await transport.notify(line, to: person)
            }
        } catch {
            bot.logger.error("could not build the group digest", metadata: ["group.id": "\(group.id)", "error": "\(error)"])
            await transport.notify(Phrase.storageFailed.text(group.language), to: person)
        }
    }

    /// Says once, on a server without accounts, which leaders are bare names and so grant nothing.
    func reportBareLeaders() {
        for team in bot.teams(route: route) {
            for leader in team.bareLeaderNames {
                bot.logger.warning("leader '\(leader)' of team '\(team.id)' is a bare name and this server has no accounts: it grants nothing; list a host mask (\(leader)!*@host) or use huddle leader-code",
                                   metadata: ["team.id": "\(team.id)"])
            }
        }
    }

    /// Checks a one-time leader code: said in a channel it is void; privately from a known host
    /// mask it makes that mask a leader of the code's team.
    func claimLeader(_ code: String, message: ChatMessage, language: Language) async {
        let nick = message.sender.nick
        guard let mask = message.senderMask else {
            await transport.notify(Phrase.leaderCodeNotNeeded.text(language), to: nick)
            return
        }
        do {
            guard message.channel == nil else {
                if try bot.leaderCodes.burn(code, now: message.at) {
                    bot.logger.warning("leader code said in a channel; it is void now", metadata: ["irc.nick": "\(nick)"])
                }
                await transport.notify(Phrase.leaderCodeInChannel.text(language), to: nick)
                return
            }
            guard let grant = try bot.leaderCodes.redeem(code, mask: mask, now: message.at) else {
                bot.logger.warning("leader code refused", metadata: ["irc.nick": "\(nick)"])
                await transport.notify(Phrase.leaderCodeRefused.text(language), to: nick)
                return
            }
            let team = bot.config.team(id: grant.team)
            bot.logger.notice("leader code accepted: host mask granted", metadata: [
                "team.id": "\(grant.team)", "leader": "\(grant.leader)", "irc.mask": "\(mask)"])
            await transport.notify(Phrase.leaderCodeAccepted(team: team?.name ?? grant.team).text(team?.language ?? language), to: nick)
        } catch {
            bot.logger.error("cannot read or write the leader codes", metadata: ["file.path": "\(bot.leaderCodes.path)", "error": "\(error)"])
            await transport.notify(Phrase.storageFailed.text(language), to: nick)
        }
    }
}
