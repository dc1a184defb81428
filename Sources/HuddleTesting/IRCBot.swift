import HuddleBot
import HuddleCore
import HuddleStore
import Logging

extension HuddleBot {
    /// A bot whose teams all talk through the IRC server `config` names (the test's ngircd), on
    /// files in its data directory (`journal`: one the test filled first).
    public static func onIRC(_ config: HuddleConfig, clock: any HuddleClock = SystemClock(), journal: FileJournal? = nil,
                             logger: Logger = Logger(label: "bot")) throws -> HuddleBot {
        guard let settings = config.irc else { throw TestPeerError("the configuration names no IRC server") }
        let data = config.dataDirectory
        let transport = try IRCChatTransport(settings: settings, channels: config.teams.map(\.channel), clock: clock, logger: logger,
                                             secrets: Secrets(environment: [:]))
        return HuddleBot(config: config, transport: transport, journal: journal ?? FileJournal(dataDirectory: data),
                         ledger: try FileLedger(dataDirectory: data), digests: DigestFiles(dataDirectory: data), clock: clock, logger: logger)
    }
}
