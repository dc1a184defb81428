/// What differs between the configuration in force and a new one, as reload acts on it.
public struct ConfigChange: Sendable, Hashable {
    /// Teams only in the new configuration.
    public var added: [TeamConfig]
    /// Teams only in the old configuration.
    public var removed: [TeamConfig]
    /// Ids of teams in both whose settings differ (shifts, leaders, texts, channel …).
    public var changed: [String]
    /// Whether the IRC connection itself differs (server, TLS, nick, SASL, pacing): it must reconnect.
    public var ircConnection: Bool
    /// Whether the webhook side differs (the listener, or a team's platform, URLs or secrets): it must rebind.
    public var webhooks: Bool
    /// Whether the chat settings differ (prefix, confirmations, limits).
    public var chat: Bool
    /// Whether `metrics.listen` differs: the metrics endpoint must rebind.
    public var metrics: Bool

    /// Compares two configurations.
    public init(from old: HuddleConfig, to new: HuddleConfig) {
        let oldIDs = Set(old.teams.map(\.id)), newIDs = Set(new.teams.map(\.id))
        added = new.teams.filter { !oldIDs.contains($0.id) }
        removed = old.teams.filter { !newIDs.contains($0.id) }
        changed = new.teams.compactMap { team in
            old.team(id: team.id).flatMap { $0 == team ? nil : team.id }
        }
        ircConnection = old.irc != new.irc
        let oldHooks = old.teams.compactMap { team in team.webhook.map { WebhookTeam(id: team.id, channel: team.channel, webhook: $0) } }
        let newHooks = new.teams.compactMap { team in team.webhook.map { WebhookTeam(id: team.id, channel: team.channel, webhook: $0) } }
        // `/metrics` moving onto or off the webhook listener rebinds it too.
        webhooks = old.webhooks != new.webhooks || oldHooks != newHooks
            || (old.metrics != new.metrics && (old.metricsOnWebhookListener || new.metricsOnWebhookListener))
        chat = old.chat != new.chat
        metrics = old.metrics != new.metrics
    }

    /// Whether anything differs that the running bot acts on.
    public var isEmpty: Bool {
        added.isEmpty && removed.isEmpty && changed.isEmpty && !ircConnection && !webhooks && !chat && !metrics
    }

    /// The IRC channels to be in under `config`: those of its teams without a webhook.
    public static func ircChannels(_ config: HuddleConfig) -> [String] {
        config.teams.filter { $0.webhook == nil }.map(\.channel)
    }

    private struct WebhookTeam: Hashable {
        var id: String
        var channel: String
        var webhook: TeamWebhook
    }
}
