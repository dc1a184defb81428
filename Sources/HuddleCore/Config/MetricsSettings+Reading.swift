import Foundation
import Yams

extension MetricsSettings {
    /// The `metrics:` section: where Prometheus scrapes `/metrics`.
    static func read(_ node: Node, reader: inout ConfigReader) -> MetricsSettings? {
        guard let map = reader.mapping(node, path: "metrics", allowed: ["listen"]),
              let (host, port) = reader.listenAddress(map, node: node, section: "metrics", example: "127.0.0.1:9464") else { return nil }
        return MetricsSettings(host: host, port: port)
    }
}
