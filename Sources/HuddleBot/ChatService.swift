import Foundation
import HuddleCore
import HuddleStore
import IRCProtocol
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// An entry handed to the journal, waiting to be on disk before it is confirmed.
struct PendingEntry: Sendable {
    var entry: JournalEntry
    var write: JournalWrite
    var ack: String?
    var message: ChatMessage
    var team: TeamConfig
    var received: ContinuousClock.Instant
}

/// Handles every chat line of one transport: runs the engine, stores entries, and confirms only
/// after they are on disk.
struct ChatService: Service, CustomStringConvertible {
    let bot: HuddleBot
    /// Which of the bot's routes this handler serves.
    let route: String
    let transport: any ChatTransport
    let memory: ChatMemory
    var description: String { "ChatService(\(transport))" }

    /// The handler of the route named `routeID`, through `transport` when not the route's own
    /// (a form's submission).
    init(bot: HuddleBot, routeID: String, transport: (any ChatTransport)? = nil) {
        self.bot = bot
        self.route = routeID
        self.transport = transport ?? bot.routes.first { $0.id == routeID }!.transport
        self.memory = bot.chatMemories.memory(route: routeID)
    }

    /// The handler of the bot's route at `index`.
    init(bot: HuddleBot, route index: Int) {
        self.init(bot: bot, routeID: bot.routes[index].id)
    }
    func run() async throws {
        // Confirmations wait for their entries to reach the disk, in order, while the next lines
        // are handled: entries that arrive together share one fsync.
        let settling = BatchQueue<PendingEntry>()
        // A webhook transport's lines come through a queue of their own, taken by a task of their
        // own (see `receive`); other transports' lines come in their events.
        let webhook = transport as? WebhookChatTransport
        let lines = webhook.map { _ in BatchQueue<ChatMessage>() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while let batch = await settling.next() {
                    for pending in batch {
                        await settle(pending)
                        await transport.finished(pending.message)
                    }
                }
            }
            if let lines {
                group.addTask {
                    while let batch = await lines.next() {
                        for message in batch { await handle(message, settling: settling) }
                    }
                    settling.finish()
                }
            }
            // Ends at graceful shutdown (cancelled then: the lines already come are still handled,
            // later ones are not).
            await cancelWhenGracefulShutdown { await receive(settling: settling, lines: lines) }
            if let webhook, let lines {
                webhook.deliverMessages(to: nil)
                lines.finish()
            } else {
                settling.finish()
            }
        }
    }

    /// Takes a line up to its entry, which goes to `settling` to be confirmed once on disk (and its
    /// request answered then); a line without one is finished at once.
    private func handle(_ message: ChatMessage, settling: BatchQueue<PendingEntry>) async {
        if await transport.stillWanted(message), let pending = await take(message) {
            settling.add(pending)
        } else {
            await transport.finished(message)
        }
    }

    /// Handles the transport's events until it ends or the bot stops; lines are handled here, or
    /// (a webhook transport's, from when it is connected) put in `lines` for their own task.
    private func receive(settling: BatchQueue<PendingEntry>, lines: BatchQueue<ChatMessage>?) async {
        for await event in transport.events {
            switch event {
            case .connected(let nick, let accountsAvailable):
                let report = memory.state.withLock { state -> Bool in
                    state.botNick = nick
                    state.accountsAvailable = accountsAvailable
                    defer { if !accountsAvailable { state.reportedBareLeaders = true } }
                    return !accountsAvailable && !state.reportedBareLeaders
                }
                if report { reportBareLeaders() }
                // From now on a webhook request hands its line straight to the queue, without
                // this loop in between (lines that came before are in the events, and follow).
                if let lines { (transport as? WebhookChatTransport)?.deliverMessages { lines.add($0) } }
                // Prompts that could not go out while disconnected may go out now.
                bot.state.nudge.ring()
            case .disconnected:
                bot.leaderSightings.forgetAll()
            case .nickGone(let nick):
                bot.leaderSightings.forget(nick)
            case .arrived(let nick):
                await deliverHeld(to: nick, privately: transport.hasPrivateMessages)
            case .message(let message):
                if let lines { lines.add(message) } else { await handle(message, settling: settling) }
            }
        }
    }

    /// Handles a line completely: what it records is on disk and confirmed when this returns.
    func handle(_ message: ChatMessage) async {
        if let pending = await take(message) { await settle(pending) }
    }

    /// Handles a line up to its entry, if it records one: that is submitted to the journal (so
    /// the next line sees it) and returned, to be confirmed once it is on disk.
    func take(_ message: ChatMessage) async -> PendingEntry? {
        await ChatMessage.$inReplyTo.withValue(message.requestID) { await taking(message) }
    }

    private func taking(_ incoming: ChatMessage) async -> PendingEntry? {
        let received = ContinuousClock.now
        // Control characters, IRC formatting and bidi controls are neither stored nor relayed.
        var message = incoming
        message.text = UserText.clean(incoming.text)
        message.sender.nick = UserText.clean(incoming.sender.nick)
        await deliverHeld(to: message.sender.nick, privately: transport.hasPrivateMessages || !transport.repliesAreSeenByAll(message))
        let (botNick, accountsAvailable, accounts) = memory.state.withLock { state in
            if let account = message.sender.account { state.accounts[message.sender.nick.lowercased()] = account }
            return (message.botNick ?? state.botNick, state.accountsAvailable, state.accounts)
        }
        let engine = bot.engine
        let parsed = engine.parse(message.text, botNick: botNick)
        let isChatter = if case .chatter = parsed { true } else { false }
        // Every line the bot may answer counts against the sender's rate limit, before any answer.
        let channelTeam = message.channel.flatMap { bot.team(forChannel: $0, route: route) }
        let language = channelTeam?.language ?? bot.config.language
        if !isChatter {
            guard await allowed(message, language: language) else { return nil }
            if message.text.utf8.count > UserText.maxLength, message.text.count > UserText.maxLength {
                await transport.notify(Phrase.tooLong(UserText.maxLength).text(language), to: message.sender.nick)
                return nil
            }
        } else if message.text.utf8.count > UserText.maxLength, message.text.count > UserText.maxLength {
            return nil
        }
        if message.channel == nil {
            // A leader code, a group's digest, help: decided before any "which team?".
            let context = TeamlessContext(sender: message.sender, at: message.at, senderMask: message.senderMask,
                                          casemapping: message.casemapping, language: personalLanguage(of: message.sender) ?? bot.config.language,
                                          groups: bot.config.groups,
                                          teamUnknown: bot.teams(route: route).count > 1, settings: engine.settings, registry: engine.registry)
            if let decision = engine.decideWithoutTeam(parsed, in: context) {
                return await carryOut(decision, message: message, team: nil, received: received)
            }
        }
        guard let (team, text) = await resolveTeam(message, parsed: parsed, channelTeam: channelTeam) else { return nil }
        // The line the person sent before naming the team is read now.
        let line = text == message.text ? parsed : engine.parse(text, botNick: botNick)
        let grants = message.senderMask == nil ? [] : bot.leaderCodes.grants(team: team.id)
        if team.webhook == nil, team.isLeader(message.sender, mask: message.senderMask, casemapping: message.casemapping, grants: grants) {
            bot.leaderSightings.saw(message.sender.nick, team: team.id, at: message.at)
        }
        let (command, arguments): (ChatCommand?, String) = if case .command(let found, let arguments) = line { (found, arguments) } else { (nil, "") }
        let open = await bot.openHuddle(of: team, at: message.at)
        // Ordinary chat matters only as a note of an open huddle.
        if case .chatter = line, open == nil || message.channel == nil { return nil }
        let history: TeamHistory
        do {
            history = try await bot.history(of: team, need: command?.needs(arguments: arguments, team: team) ?? .none, at: message.at)
        } catch {
            bot.logger.error("could not read the journal", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
            await transport.notify(Phrase.storageFailed.text(team.language), to: message.sender.nick)
            return nil
        }
        var situation = ChatSituation(
            team: team, sender: message.sender, at: message.at, isPrivate: message.channel == nil, openHuddle: open,
            nextHuddle: command?.needsNextHuddle == true ? await bot.nextHuddle(of: team, after: message.at) : nil,
            history: history, accounts: accounts, accountsAvailable: accountsAvailable, botNick: botNick)
        situation.senderMask = message.senderMask
        situation.casemapping = message.casemapping
        situation.leaderGrants = grants
        situation.whereabouts = { [transport, channel = team.channel] person in transport.whereabouts(of: person, channel: channel) }
        do {
            situation.people = try await bot.peopleSettings(of: team)
        } catch {
            bot.logger.error("could not read people's settings from the journal", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
        }
        if command?.needsOpening == true {
            // Today's huddle: the open one, else the next one if it is today's.
            let today = CalendarDay(message.at, in: team.timeZone)
            let next = open == nil ? await bot.nextHuddle(of: team, after: message.at) : nil
            situation.opening = await bot.opening(of: team, key: open?.key ?? next.flatMap { $0.key.day == today ? $0.key : nil }, at: message.at)
        }
        if command?.needs == .all, !team.counters.isEmpty { situation.firstDay = try? await bot.firstDay(of: team) }
        if command?.needsQuestions(arguments, open != nil) == true { situation.questions = await bot.questionBoard(of: team) }
        if command?.needsStories == true { situation.stories = await bot.storyBoard(of: team, at: message.at) }
        return await carryOut(engine.handle(text, parsed: line, in: situation), message: message, team: team, received: received)
    }

    /// The language a person chose with `!taal` in one of this route's teams whose settings are
    /// read already (for what is said to them before a team is chosen; reading every team's
    /// journal for one private line would cost too much on a bot with hundreds of teams).
    func personalLanguage(of sender: Author) -> Language? {
        bot.people.language(of: sender.identity, teams: bot.routes.first { $0.id == route }?.teams ?? [])
    }

    /// Carries out what the engine decided: replies, digests and leader codes now; an entry
    /// submitted and returned, to be confirmed once on disk. `team` is nil for what was decided
    /// before a team was chosen (never an entry or a team digest).
    func carryOut(_ decision: HuddleEngine.Decision, message: ChatMessage, team: TeamConfig?,
                  received: ContinuousClock.Instant) async -> PendingEntry? {
        let person = message.sender.nick
        let language = team?.language ?? bot.config.language
        switch decision {
        case .ignore:
            break
        case .reply(let lines):
            for line in lines { await transport.notify(line, to: person) }
        case .digest(let week):
            guard let team else { break }
            guard !transport.repliesAreSeenByAll(message) else {
                await transport.notify(Phrase.digestOnlyPrivately.text(language), to: person)
                break
            }
            do {
                let written = try await bot.writeDigest(team: team, week: week)
                for line in transport.digestLines(written.digest, path: written.location, language: language) {
                    await transport.notify(line, to: person)
                }
            } catch {
                bot.logger.error("could not build the digest", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
                await transport.notify(Phrase.storageFailed.text(language), to: person)
            }
        case .groupDigest(let group, let week):
            await groupDigest(group, week: week, to: person)
        case .claimLeader(let code):
            await claimLeader(code, message: message, language: language)
        case .record(let draft, let ack):
            guard let team else { break }
            return await record(draft, ack: ack, message: message, team: team, received: received)
        case .ask(let to, let draft, let language):
            guard let asked = bot.config.team(id: to) else { break }
            return await ask(draft, of: asked, language: language, message: message, received: received)
        case .form(let huddle):
            guard let team else { break }
            await bot.sendFormLink(huddle, message: message, team: team, transport: transport)
        }
        return nil
    }

    /// Submits a question to another team, numbered there, to be confirmed once on disk.
    func ask(_ draft: EntryDraft, of asked: TeamConfig, language: Language, message: ChatMessage,
             received: ContinuousClock.Instant) async -> PendingEntry? {
        do {
            let (entry, write) = try await bot.submitQuestion(draft, to: asked, message: message)
            let ack = Phrase.question(.asked(entry.number ?? 0, team: asked.name)).text(language)
            return PendingEntry(entry: entry, write: write, ack: ack, message: message, team: asked, received: received)
        } catch {
            bot.logger.error("could not read the journal", metadata: ["team.id": "\(asked.id)", "error": "\(error)"])
            await transport.notify(Phrase.storageFailed.text(language), to: message.sender.nick)
            return nil
        }
    }

    /// The team a line is for: the channel's team, the only team, or the one the person names
    /// when asked. Nil when the line is not for a team, or when the bot has just asked which.
    /// `channelTeam`: the team of the line's channel, already looked up.
    func resolveTeam(_ message: ChatMessage, parsed: ParsedLine, channelTeam: TeamConfig?) async -> (TeamConfig, String)? {
        if message.channel != nil { return channelTeam.map { ($0, message.text) } }
        let teams = bot.teams(route: route)
        if teams.count <= 1 { return teams.first.map { ($0, message.text) } }
        let person = message.sender.identity
        if let chosen = TeamChoice.team(named: message.text, among: teams),
           let waiting = memory.state.withLock({ $0.teamChoice.take(for: person, at: message.at) }) {
            return (chosen, waiting)
        }
        if case .chatter = parsed { return nil }
        memory.state.withLock { $0.teamChoice.wait(message.text, from: person, at: message.at) }
        await transport.notify(Phrase.whichTeam(teams.map(\.id)).text(bot.config.language), to: message.sender.nick)
        return nil
    }

    /// The per-person rate limit on what the bot answers; refuses politely, once a minute at most.
    func allowed(_ message: ChatMessage, language: Language) async -> Bool {
        let settings = bot.engine.settings
        switch memory.state.withLock({ $0.rateLimiter.check(message.sender.identity, at: message.at, burst: settings.rateBurst,
                                                            perMinute: settings.ratePerMinute) }) {
        case .allowed:
            return true
        case .refused(let warn):
            if warn { await transport.notify(Phrase.slowDown.text(language), to: message.sender.nick) }
            return false
        }
    }

    /// Submits the entry a command made (after the ledger's note of a skipped huddle).
    /// The draft goes to the journal of its own `team` when it names one (a second of another
    /// team's compliment), else to the line's team.
    func record(_ draft: EntryDraft, ack: String?, message: ChatMessage, team lineTeam: TeamConfig,
                received: ContinuousClock.Instant = .now) async -> PendingEntry? {
        let team = draft.team.flatMap(bot.config.team(id:)) ?? lineTeam
        var entry = JournalEntry(draft: draft, id: HuddleBot.newID(), at: message.at, team: team.id, author: message.sender)
        entry.via = message.via
        var write: JournalWrite
        do {
            if entry.type == .huddleSkipped, let ref = entry.huddle {
                try await bot.ledger.record(LedgerRecord(at: message.at, key: HuddleKey(team: team.id, shift: ref.shift, day: ref.day),
                                                         state: .skipped, reason: "\(message.sender.identity): \(entry.text ?? "")"))
            }
            write = bot.submit(entry, team: team)
        } catch {
            write = JournalWrite(.failure(error))
        }
        return PendingEntry(entry: entry, write: write, ack: ack, message: message, team: team, received: received)
    }

    /// Waits for an entry to be on disk, then confirms it (or says it could not be stored).
    func settle(_ pending: PendingEntry) async {
        await ChatMessage.$inReplyTo.withValue(pending.message.requestID) { await settling(pending) }
    }

    private func settling(_ pending: PendingEntry) async {
        let (entry, message, team) = (pending.entry, pending.message, pending.team)
        do {
            try await pending.write.wait()
        } catch {
            bot.logger.error("could not store entry", metadata: [
                "team.id": "\(team.id)", "entry.type": "\(entry.type.rawValue)", "error": "\(error)"])
            await transport.notify(Phrase.storageFailed.text(team.language), to: message.sender.nick)
            return
        }
        // The journal is the record of entries; the log names each only when asked (debug).
        bot.people.stored(entry)
        if EntryType.betweenTeams.contains(entry.type) { await bot.questions.stored(entry) }
        bot.stories.stored(entry, week: entry.week(in: team.timeZone))
        bot.logger.debug("entry stored", metadata: ["team.id": "\(team.id)", "entry.type": "\(entry.type.rawValue)", "entry.id": "\(entry.id)"])
        BotMetrics.stored(entry.type).increment()
        if let ack = pending.ack {
            await confirm(ack, message: message)
            BotMetrics.confirmation.record(duration: ContinuousClock.now - pending.received)
        }
        await followUp(entry, message: message, team: team)
    }

    /// Confirms to the author in the configured style (privately for private messages).
    func confirm(_ ack: String, message: ChatMessage) async {
        let nick = message.sender.nick
        guard let channel = message.channel else {
            await transport.notify(ack, to: nick)
            return
        }
        await transport.confirm(ack, to: nick, in: channel, style: bot.engine.settings.confirm)
    }
}
