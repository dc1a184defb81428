import HuddleCore
import Logging
import Metrics
import Prometheus
import Synchronization
import Webhooks

/// Serves what the bot counts in the Prometheus text format at `GET /metrics`: on its own
/// listener at `metrics.listen` (with `GET /healthz`), or on the webhook listener's router when
/// `metrics.listen` is the same address as `webhooks.listen`.
public enum MetricsEndpoint {
    /// Makes swift-prometheus the process's swift-metrics backend; call once, before anything counts.
    public static func bootstrap() {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        shared.withLock { $0 = registry }
    }

    /// The registry `bootstrap()` made.
    static let shared = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The unit serving the metrics at `config`'s `metrics.listen`; nil when it has none, when
    /// that is the webhook listener's address (which then serves `/metrics` too, see `route`), or
    /// when `bootstrap()` was not called (tests: one process, many bots).
    static func unit(_ config: HuddleConfig, logger: Logger) -> BotUnit? {
        guard let settings = config.metrics, !config.metricsOnWebhookListener, let registry = shared.withLock({ $0 }) else { return nil }
        return unit(settings, registry: registry, logger: logger)
    }

    /// `GET /metrics` for the webhook listener when `metrics.listen` names its address; nil otherwise.
    static func route(_ config: HuddleConfig) -> HTTPRouter.Handler? {
        guard config.metricsOnWebhookListener, let registry = shared.withLock({ $0 }) else { return nil }
        return handler(registry: registry)
    }

    /// The unit serving `registry` at `settings`: a listener of its own with `/metrics` and `/healthz`.
    public static func unit(_ settings: MetricsSettings, registry: PrometheusCollectorRegistry, logger: Logger) -> BotUnit {
        var router = HTTPRouter { request in
            guard request.method == "GET" || request.method == "HEAD" else { return .text(405, "use GET") }
            return .text(404, "no such route; metrics are at GET /metrics")
        }
        router.route("/metrics", to: handler(registry: registry))
        router.route("/healthz", to: HTTPRouter.healthz(refusals: nil))
        let server = HTTPServer(host: settings.host, port: settings.port, maxBodyBytes: 1024, logger: logger,
                                purpose: ("metrics endpoint", "metrics.listen"), handler: router.answer)
        return BotUnit(id: BotAssembly.uniqueID("metrics"), services: [server])
    }

    /// `GET /metrics`: what the bot counts, in the Prometheus text format.
    static func handler(registry: PrometheusCollectorRegistry) -> HTTPRouter.Handler {
        { request in
            guard request.method == "GET" || request.method == "HEAD" else { return .text(405, "use GET") }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return HTTPReply(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: .init(buffer))
        }
    }
}
