import HuddleCore
import Logging
import Metrics
import Prometheus
import Synchronization
import Webhooks

/// Serves what the bot counts in the Prometheus text format at `GET /metrics` (and `GET /healthz`),
/// on its own listener at `metrics.listen`.
public enum MetricsEndpoint {
    /// Makes swift-prometheus the process's swift-metrics backend; call once, before anything counts.
    public static func bootstrap() {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        shared.withLock { $0 = registry }
    }

    /// The registry `bootstrap()` made.
    static let shared = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The unit serving the metrics at `config`'s `metrics.listen`; nil when it has none, or
    /// when `bootstrap()` was not called (tests: one process, many bots).
    static func unit(_ config: HuddleConfig, logger: Logger) -> BotUnit? {
        guard let settings = config.metrics, let registry = shared.withLock({ $0 }) else { return nil }
        return unit(settings, registry: registry, logger: logger)
    }

    /// The unit serving `registry` at `settings`.
    public static func unit(_ settings: MetricsSettings, registry: PrometheusCollectorRegistry, logger: Logger) -> BotUnit {
        let server = HTTPServer(host: settings.host, port: settings.port, maxBodyBytes: 1024, logger: logger,
                                purpose: ("metrics endpoint", "metrics.listen")) { request in
            reply(to: request, registry: registry)
        }
        return BotUnit(id: BotAssembly.uniqueID("metrics"), services: [server])
    }

    /// The answer to one request.
    static func reply(to request: HTTPRequest, registry: PrometheusCollectorRegistry) -> HTTPReply {
        guard request.method == "GET" || request.method == "HEAD" else { return .text(405, "use GET") }
        switch request.path {
        case "/metrics":
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return HTTPReply(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: .init(buffer))
        case "/healthz":
            return .text(200, "ok")
        default:
            return .text(404, "no such route; metrics are at GET /metrics")
        }
    }
}
