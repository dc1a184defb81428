import HuddleCore
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration file on SIGHUP: a file that does not validate is refused with
/// every problem logged (file:line:column) and the old configuration stays in force.
public struct ReloadService: Service, CustomStringConvertible {
    let bot: HuddleBot
    let path: String
    public var description: String { "ReloadService(\(path))" }

    /// Reloads `bot` from the file at `path` on each SIGHUP.
    public init(bot: HuddleBot, path: String) {
        self.bot = bot
        self.path = path
    }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            await reload()
        }
    }

    /// Reads, validates and applies the file once.
    public func reload() async {
        bot.logger.info("reload: reading the configuration", metadata: ["config.path": "\(path)"])
        let config: HuddleConfig
        do {
            config = try ConfigFile.load(path)
        } catch {
            for issue in error.issues {
                bot.logger.error("reload refused: \(issue)", metadata: ["config.path": "\(path)"])
            }
            bot.logger.error("reload refused: \(error.issues.count) error(s); the old configuration stays in force",
                             metadata: ["config.path": "\(path)"])
            return
        }
        for warning in config.warnings { bot.logger.warning("\(warning)") }
        do {
            try await bot.reload(to: config)
        } catch {
            bot.logger.error("reload refused: \(error)", metadata: ["config.path": "\(path)"])
        }
    }
}
