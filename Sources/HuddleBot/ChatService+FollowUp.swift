import Foundation
import HuddleCore

/// What follows an entry once it is on disk and confirmed: the colleagues a compliment names are
/// told, an urgent report goes to the leaders, its author hears when a leader saw it, a question
/// goes to the team asked and its answer back to the asker; and what
/// was held for a person is given when they are next seen.
extension ChatService {
    func followUp(_ entry: JournalEntry, message: ChatMessage, team: TeamConfig) async {
        // An entry for a week that is over (last week's answer withdrawn) changes that week's
        // digest, written at its end: it is written again (found by Scripts/simulate, seed 7).
        let week = entry.week(in: team.timeZone)
        if week < ISOWeek(containing: entry.at, in: team.timeZone) { _ = try? await bot.writeDigest(team: team, week: week) }
        switch entry.type {
        case .kudos:
            await tellRecipients(entry, team: team)
        case .escalation:
            if await !bot.escalate(entry, team: team) {
                await transport.notify(Phrase.escalation(.nobodyReached).text(team.language), to: message.sender.nick)
            }
        case .seen:
            guard let ref = entry.ref, let author = await escalationAuthor(ref, team: team) else { return }
            await bot.tellPrivately(Phrase.escalation(.seenBy(entry.number ?? 0, by: message.sender.nick)).text(team.language), to: author, team: team)
        case .question:
            await bot.postQuestion(entry)
        case .questionAnswered, .questionClosed:
            await bot.questionEnded(entry)
        default:
            break
        }
    }

    /// The nick of who raised an escalation, if it was not anonymous.
    func escalationAuthor(_ id: String, team: TeamConfig) async -> String? {
        let history = try? await bot.history(of: team, need: .all, at: bot.clock.now())
        return history?.escalations.first { $0.id == id }?.author?.nick
    }

    /// Tells each colleague who complimented them and why: now if the platform shows them, else
    /// when they are next seen (they joined a channel or said something).
    func tellRecipients(_ entry: JournalEntry, team: TeamConfig) async {
        guard bot.engine.settings.notifyRecipient != .off else { return }
        let text = Phrase.kudosReceived(from: entry.author?.nick ?? "?", text: entry.text ?? "").text(team.language)
        for recipient in entry.to ?? [] {
            switch transport.whereabouts(of: recipient, channel: team.channel) {
            case .inChannel, .online: await tell(text, to: recipient)
            case .away, .unseen: bot.heldNotices.hold(text, for: recipient, route: route, at: entry.at, privateOnly: false)
            }
        }
    }

    /// Gives `nick` what was held for them: compliments, and reminders when they can be told
    /// `privately` now.
    func deliverHeld(to nick: String, privately: Bool) async {
        for notice in bot.heldNotices.take(for: nick, route: route, now: bot.clock.now(), privately: privately) {
            if notice.privateOnly { await transport.notify(notice.text, to: nick) } else { await tell(notice.text, to: nick) }
        }
    }

    private func tell(_ text: String, to recipient: String) async {
        switch bot.engine.settings.notifyRecipient {
        case .notice: await transport.notify(text, to: recipient)
        case .private: await transport.message(text, to: recipient)
        case .off: break
        }
    }
}
