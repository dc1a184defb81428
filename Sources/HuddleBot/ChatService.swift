import Foundation
import HuddleCore
import HuddleStore
import Logging
import ServiceLifecycle

/// Handles every chat line: runs the engine, stores entries, and confirms only after they are on disk.
struct ChatService: Service, CustomStringConvertible {
    let bot: HuddleBot
    var description: String { "ChatService" }

    func run() async throws {
        var botNick: String?
        for await event in bot.transport.events.cancelOnGracefulShutdown() {
            switch event {
            case .connected(let nick):
                botNick = nick
            case .disconnected:
                continue
            case .message(let message):
                await handle(message, botNick: botNick)
            }
        }
    }

    func handle(_ message: ChatMessage, botNick: String?) async {
        let team: TeamConfig
        if let channel = message.channel {
            guard let found = bot.team(forChannel: channel) else { return }
            team = found
        } else if bot.config.teams.count == 1 {
            team = bot.config.teams[0]
        } else {
            if case .chatter = bot.engine.parse(message.text, botNick: botNick) { return }
            await bot.transport.notify(Phrase.useTeamChannel.text(bot.config.language), to: message.sender.nick)
            return
        }
        let open = await bot.openHuddle(of: team, at: message.at)
        let next = await bot.nextHuddle(of: team, after: message.at)
        let decision = bot.engine.handle(message.text, from: message.sender, team: team, at: message.at,
                                         openHuddle: open, nextHuddle: next, botNick: botNick)
        switch decision {
        case .ignore:
            return
        case .reply(let lines):
            for line in lines { await bot.transport.notify(line, to: message.sender.nick) }
        case .record(let draft, let ack):
            let entry = JournalEntry(draft: draft, id: HuddleBot.newID(), at: message.at, team: team.id, author: message.sender)
            do {
                if entry.type == .huddleSkipped, let ref = entry.huddle {
                    try await bot.ledger.record(LedgerRecord(at: message.at, key: HuddleKey(team: team.id, shift: ref.shift, day: ref.day),
                                                             state: .skipped, reason: "\(message.sender.identity): \(entry.text ?? "")"))
                }
                try await bot.record(entry, team: team)
            } catch {
                bot.logger.error("could not store entry", metadata: [
                    "team.id": "\(team.id)", "entry.type": "\(entry.type.rawValue)", "error": "\(error)"])
                await bot.transport.notify(Phrase.storageFailed.text(team.language), to: message.sender.nick)
                return
            }
            bot.logger.info("entry stored", metadata: ["team.id": "\(team.id)", "entry.type": "\(entry.type.rawValue)", "entry.id": "\(entry.id)"])
            await bot.transport.notify(ack, to: message.sender.nick)
        }
    }
}
