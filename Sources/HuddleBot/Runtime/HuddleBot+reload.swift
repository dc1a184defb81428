import Foundation
import HuddleCore
import Logging

/// A new configuration that the running bot cannot take; the old one stays in force.
public struct ReloadError: Error, CustomStringConvertible {
    public var description: String
}

extension HuddleBot {
    /// Puts `new` in force without a restart: joins the channels of added teams and leaves those
    /// of removed teams (with a goodbye), reconnects IRC or rebinds the webhook endpoint only
    /// when their own settings changed, and wakes the scheduler so changed shifts count at once.
    /// Open huddles keep their window; the ledger is untouched. Throws, changing nothing, when
    /// the new configuration cannot be used (another data directory, a secret that cannot be read).
    @discardableResult
    public func reload(to new: HuddleConfig) async throws -> ConfigChange {
        let old = config
        guard (new.dataDirectory as NSString).standardizingPath == (old.dataDirectory as NSString).standardizingPath else {
            throw ReloadError(description: "data_dir changed from \(old.dataDirectory) to \(new.dataDirectory); that needs a restart (the old configuration stays in force)")
        }
        let change = ConfigChange(from: old, to: new)
        let oldRoutes = routes
        let oldIRC = oldRoutes.first { !BotAssembly.isWebhook($0.id) }
        // Everything that can fail is built before anything changes.
        let newIRC: BotRoute?
        do {
            newIRC = change.ircConnection ? try BotAssembly.ircRoute(new, secrets: secrets, clock: clock, logger: logger) : nil
        } catch {
            throw ReloadError(description: "\(error) (the old configuration stays in force)")
        }
        let newWebhooks: (routes: [BotRoute], hub: BotUnit?)?
        do {
            newWebhooks = change.webhooks ? try BotAssembly.webhookSide(new, data: data, secrets: secrets, clock: clock, logger: logger) : nil
        } catch {
            throw ReloadError(description: "\(error) (the old configuration stays in force)")
        }
        let ircTeams = Set(new.teams.filter { $0.webhook == nil }.map(\.id))
        var routes: [BotRoute] = []
        if change.ircConnection {
            if let newIRC { routes.append(newIRC) }
        } else if var irc = oldIRC {
            irc.teams = ircTeams
            routes.append(irc)
        }
        routes += newWebhooks?.routes ?? oldRoutes.filter { BotAssembly.isWebhook($0.id) }
        let engine = change.chat ? HuddleEngine(settings: new.chat) : self.engine
        // Before the new schedule is in force: a huddle it brings in after its grace is skipped, not
        // missed, even if the bot dies right after this reload.
        await SchedulerService(bot: self).noteSchedules(new, now: clock.now())
        state.value.withLock { $0 = .init(config: new, engine: engine, routes: routes) }

        if !change.ircConnection, let transport = oldIRC?.transport as? IRCChatTransport {
            let goodbyes = Dictionary(change.removed.filter { $0.webhook == nil }.map { ($0.channel, Phrase.goodbye.text($0.language)) },
                                      uniquingKeysWith: { first, _ in first })
            let moved = transport.setChannels(ConfigChange.ircChannels(new), goodbye: { goodbyes[$0] })
            if !moved.joined.isEmpty || !moved.parted.isEmpty {
                logger.info("reload: IRC channels changed", metadata: [
                    "irc.joined": "\(moved.joined.joined(separator: ","))", "irc.parted": "\(moved.parted.joined(separator: ","))"])
            }
        }
        if change.ircConnection {
            logger.notice("reload: the IRC connection settings changed; reconnecting", metadata: [
                "irc.server": "\(new.irc.map { "\($0.host):\($0.port)" } ?? "none")"])
            if let oldIRC { await supervisor.stop(oldIRC.id) }
            if let newIRC { supervisor.start(unit(for: newIRC)) }
        }
        if let newWebhooks {
            logger.notice("reload: the webhook settings changed; rebinding the endpoint", metadata: [
                "webhooks.listen": "\(new.webhooks.map { "\($0.host):\($0.port)" } ?? "none")"])
            for id in supervisor.unitIDs where BotAssembly.isWebhook(id) { await supervisor.stop(id) }
            if let hub = newWebhooks.hub { start(companion: hub) }
            for route in newWebhooks.routes { supervisor.start(unit(for: route)) }
        }
        if change.metrics {
            logger.notice("reload: metrics.listen changed; rebinding the metrics endpoint", metadata: [
                "metrics.listen": "\(new.metrics.map { "\($0.host):\($0.port)" } ?? "none")"])
            for id in supervisor.unitIDs where id.hasPrefix("metrics#") { await supervisor.stop(id) }
            if let unit = BotAssembly.metricsUnit(new, logger: logger) { supervisor.start(unit) }
        }
        state.nudge.ring()
        state.feedsNudge.ring()
        logger.info("reload: configuration in force", metadata: [
            "config.path": "\(new.sourcePath)", "teams.added": "\(change.added.map(\.id).joined(separator: ","))",
            "teams.removed": "\(change.removed.map(\.id).joined(separator: ","))",
            "teams.changed": "\(change.changed.joined(separator: ","))"])
        return change
    }
}
