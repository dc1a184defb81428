import Foundation
import HuddleCore
import HuddleStore

extension HuddleBot {
    /// Passes an escalation, once it is on disk, to the team's leaders at once: privately to each
    /// leader lately seen verified (IRC) or through the leaders' webhook, in the team's leaders'
    /// channel and its groups' channels, and by e-mail where the team's digest goes by e-mail.
    /// False when none of these could take it.
    func escalate(_ entry: JournalEntry, team: TeamConfig) async -> Bool {
        let text = Phrase.escalation(.alert(number: entry.number ?? 0, team: team.name, from: entry.author?.nick, text: entry.text ?? "",
                                            prefix: engine.prefix)).text(team.language)
        let now = clock.now()
        var reached = await transport(for: team).alertLeaders(text, of: team,
                                                               leaderNicks: leaderSightings.nicks(team: team.id, since: now.addingTimeInterval(-LeaderSightings.trusted)))
        for group in config.groups(of: team.id) {
            guard let channel = group.digest.channel,
                  let carrier = group.teams.compactMap(config.team(id:)).first(where: { $0.webhook == nil }) else { continue }
            await transport(for: carrier).post(text, to: channel)
            reached = true
        }
        if let email = team.digest.email {
            let message = MailMessage(from: email.from, to: email.to,
                                      subject: Phrase.escalation(.mailSubject(number: entry.number ?? 0, team: team.name)).text(team.language),
                                      text: text, html: "<p>\(DigestHTML.escape(text))</p>", date: now)
            do {
                try await mail.add(OutboxMessage(id: HuddleBot.newID(), createdAt: now, team: team.id, kind: "escalation", body: message.rendered))
                reached = true
            } catch {
                logger.error("could not write the escalation's e-mail to the outbox", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
            }
        }
        logger.notice("escalation passed on", metadata: ["team.id": "\(team.id)", "escalation.number": "\(entry.number ?? 0)",
                                                          "escalation.reached": "\(reached)"])
        return reached
    }
}
