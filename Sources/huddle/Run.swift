import ArgumentParser
import Foundation
import NIOCore
import HuddleBot
import HuddleCore
import HuddleStore
import Logging

extension HuddleCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connects to the chat and runs the huddles until stopped (SIGINT or SIGTERM); SIGHUP reloads the configuration.")

        @OptionGroup var options: ConfigOptions

        @Option(help: "Log level: trace, debug, info, notice, warning, error.")
        var logLevel: String = "info"

        @Option(help: "Log format: text, or json (one object per line with time, level, message and metadata).")
        var logFormat: LogFormat = .text

        func validate() throws {
            guard Logger.Level(rawValue: logLevel) != nil else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error")
            }
        }

        func run() async throws {
            // One network thread: the bot's IRC connections and HTTP requests are many but light,
            // and a second thread only adds hand-overs between threads (measured: webhook replies).
            NIOSingletons.groupLoopCountSuggestion = 1
            let level = Logger.Level(rawValue: logLevel) ?? .info
            let format = logFormat
            LoggingSystem.bootstrap { label in
                switch format {
                case .text:
                    var handler = StreamLogHandler.standardError(label: label)
                    handler.logLevel = level
                    return handler
                case .json:
                    var handler = JSONLogHandler(label: label)
                    handler.logLevel = level
                    return handler
                }
            }
            MetricsEndpoint.bootstrap()
            let logger = Logger(label: "huddle")
            let config: HuddleConfig
            do {
                config = try ConfigFile.load(options.config)
            } catch {
                for issue in error.issues { logger.error("\(issue)") }
                printError("huddle: \(error.issues.count) error\(error.issues.count == 1 ? "" : "s") in \(options.config); not started")
                throw ExitCode(2)
            }
            for warning in config.warnings { logger.warning("\(warning)") }
            let lock: DataDirectoryLock
            let ledger: FileLedger
            let data = DataDirectory(config.dataDirectory)
            let secrets = Secrets.process()
            let clock = SystemClock()
            var routes: [BotRoute] = []
            var companions: [BotUnit] = []
            do {
                lock = try data.lock()
                if let old = try FileModes.restrict(directory: config.dataDirectory) {
                    logger.notice("data directory was mode \(String(old, radix: 8)), open to other local users; it is now 700 (new files are 600, new folders 700)",
                                  metadata: ["data.dir": "\(config.dataDirectory)"])
                }
                for torn in try await data.recoverJournal() { logger.warning("journal repaired: \(torn)") }
                ledger = try data.openLedger()
                for problem in ledger.problems { logger.warning("ledger: \(problem)") }
                if let irc = try BotAssembly.ircRoute(config, secrets: secrets, clock: clock, logger: logger) { routes.append(irc) }
                let webhooks = try BotAssembly.webhookSide(config, data: data, secrets: secrets, clock: clock, logger: logger)
                routes += webhooks.routes
                if let hub = webhooks.hub { companions.append(hub) }
                if let metrics = BotAssembly.metricsUnit(config, logger: logger) { companions.append(metrics) }
            } catch {
                logger.error("cannot start: \(error)")
                printError("huddle: \(error)")
                throw ExitCode(1)
            }
            let bot = HuddleBot(config: config, routes: routes, companions: companions, data: data, ledger: ledger, secrets: secrets,
                                clock: clock, logger: logger)
            logger.info("huddle starting", metadata: [
                "huddle.version": "\(HuddleVersion.number)",
                "irc.server": "\(config.irc.map { "\($0.host):\($0.port)" } ?? "none")",
                "webhooks.listen": "\(config.webhooks.map { "\($0.host):\($0.port)" } ?? "none")",
                "metrics.listen": "\(config.metrics.map { "\($0.host):\($0.port)" } ?? "none")",
                "teams": "\(config.teams.map(\.id).joined(separator: ","))", "data.dir": "\(config.dataDirectory)",
                "irc.channels": "\(config.teams.filter { $0.webhook == nil }.count)",
                "irc.connections.max": "\(config.irc?.maxConnections ?? 0)"])
            try await bot.serviceGroup(adding: [ReloadService(bot: bot, path: options.config)]).run()
            logger.info("huddle stopped")
            withExtendedLifetime(lock) {}
        }
    }
}

extension LogFormat: ExpressibleByArgument {}
