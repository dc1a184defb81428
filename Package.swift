// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Huddle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "huddle", targets: ["huddle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(name: "IRCProtocol"),
        // Snowball's stemmers for the digest's themes (libstemmer-dev, installed by Scripts/bootstrap).
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(name: "HuddleCore", dependencies: [
            "IRCProtocol", "CStemmer",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "HuddleStore", dependencies: [
            "HuddleCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "IRCClient", dependencies: [
            "IRCProtocol",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // libcurl's headers at build time (libcurl4-openssl-dev, installed by Scripts/bootstrap);
        // the library itself is loaded on first use.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        // libical for the calendar reader (libical-dev, installed by Scripts/bootstrap), linked as usual.
        .systemLibrary(name: "CLibical", pkgConfig: "libical", providers: [.apt(["libical-dev"])]),
        .target(name: "Feeds", dependencies: ["CLibical"]),
        .target(name: "Webhooks", dependencies: [
            "CCurl", "HuddleCore", "HuddleStore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "HuddleBot", dependencies: [
            "Feeds", "HuddleCore", "HuddleStore", "IRCClient", "IRCProtocol", "Webhooks",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        .target(name: "HuddleCoreTesting", dependencies: ["HuddleCore"]),
        .target(name: "HuddleTesting", dependencies: [
            "HuddleCore", "HuddleCoreTesting", "HuddleStore", "HuddleBot", "IRCClient", "IRCProtocol",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "huddle", dependencies: [
            "HuddleBot", "HuddleCore", "HuddleStore", "Webhooks",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .executableTarget(name: "huddle-bench", dependencies: ["HuddleCore", "HuddleStore", "IRCProtocol"]),
        // The deterministic simulation (Scripts/simulate): the runtime under seeded faults in simulated time.
        .target(name: "HuddleSim", dependencies: [
            "HuddleBot", "HuddleCore", "HuddleStore", "Webhooks",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "huddle-sim", dependencies: [
            "HuddleSim", "HuddleCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "IRCProtocolTests", dependencies: ["IRCProtocol", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "HuddleCoreTests", dependencies: ["HuddleCore", "HuddleCoreTesting"]),
        .testTarget(name: "HuddleStoreTests", dependencies: ["HuddleStore", "HuddleCore", "HuddleTesting"]),
        .testTarget(name: "IRCClientTests", dependencies: [
            "IRCClient", "IRCProtocol", "HuddleTesting",
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "HuddleBotTests", dependencies: [
            "HuddleBot", "HuddleCore", "HuddleStore", "HuddleTesting", "IRCProtocol", "Webhooks",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "WebhooksTests", dependencies: [
            "Webhooks", "HuddleTesting", "HuddleStore", "HuddleCore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "MetricsTestKit", package: "swift-metrics"),
        ]),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HuddleSimTests", dependencies: ["HuddleSim"]),
        .testTarget(name: "HuddleCLITests", dependencies: ["huddle", "HuddleCore", "HuddleTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
