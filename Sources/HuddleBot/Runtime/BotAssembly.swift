import Foundation
import HuddleCore
import HuddleStore
import Logging
import Webhooks

/// Builds the bot's routes from a configuration, its data directory and its secrets: the IRC
/// transport for the teams without a webhook, and the webhook hub with a transport per webhook
/// team. The one assembly of the start and of every reload.
public enum BotAssembly {
    /// The IRC route for `config`'s IRC teams, or nil when it has no `irc:` section.
    public static func ircRoute(_ config: HuddleConfig, secrets: Secrets, clock: any HuddleClock, logger: Logger) throws -> BotRoute? {
        guard let irc = config.irc else { return nil }
        let teams = config.teams.filter { $0.webhook == nil }
        let transport = try IRCChatTransport(settings: irc, channels: teams.map(\.channel), clock: clock, logger: logger, secrets: secrets)
        return BotRoute(id: uniqueID("irc"), transport: transport, teams: Set(teams.map(\.id)))
    }

    /// The webhook teams' routes and the hub they share (nil when no team uses webhooks).
    public static func webhookSide(_ config: HuddleConfig, data: DataDirectory, secrets: Secrets, clock: any HuddleClock,
                                   logger: Logger) throws -> (routes: [BotRoute], hub: BotUnit?) {
        guard config.webhooks != nil || config.teams.contains(where: { $0.webhook != nil }) else { return ([], nil) }
        let webhooks = try WebhookChatTransport.make(config: config, data: data, secrets: secrets, clock: clock, logger: logger)
        let routes = webhooks.transports.map { BotRoute(id: uniqueID("webhook.\($0.team.id)"), transport: $0, teams: [$0.team.id]) }
        return (routes, BotUnit(id: uniqueID("webhooks.hub"), services: [webhooks.hub]))
    }

    /// The metrics endpoint of `config`, when it names one (see `MetricsEndpoint`).
    public static func metricsUnit(_ config: HuddleConfig, logger: Logger) -> BotUnit? {
        MetricsEndpoint.unit(config, logger: logger)
    }

    /// `prefix` with a suffix that no earlier route had, so a replaced route never shares its id.
    static func uniqueID(_ prefix: String) -> String {
        "\(prefix)#\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Whether a route or unit id is one of the webhook side's.
    static func isWebhook(_ id: String) -> Bool { id.hasPrefix("webhook.") || id.hasPrefix("webhooks.") }
}
