extension HuddleConfig {
    /// Whether `metrics.listen` names the webhook listener's address: one listener then serves
    /// replies, pages, `/healthz` and `/metrics`.
    public var metricsOnWebhookListener: Bool {
        guard let metrics, let webhooks else { return false }
        return metrics.host == webhooks.host && metrics.port == webhooks.port
    }
}
