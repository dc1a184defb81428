import Foundation
import HuddleBot
import HuddleCore
import HuddleStore
import Logging
import Synchronization
import Webhooks

/// The parts of one bot process: thrown away whole when it crashes.
struct Incarnation {
    let process: SimProcess
    let bot: HuddleBot
    let stepper: SteppedBot
    let journal: FaultyJournal
    let ledger: FaultyLedger
    let irc: SimIRC
    let courier: SimCourier
    let webhooks: [String: SimWebhookTransport]
}

/// Entry ids numbered from the seed, shaped like the random ones (`RandomID.source`).
final class IDSource: Sendable {
    private let counter = Mutex<UInt64>(0)
    let seed: UInt64

    init(seed: UInt64) { self.seed = seed }

    func next() -> String {
        let number = counter.withLock { $0 += 1; return $0 }
        let high = stableHash([seed, number, 1]), low = stableHash([seed, number, 2])
        let hex = String(high, radix: 16).leftPadded(16) + String(low, radix: 16).leftPadded(16)
        let digits = Array(hex)
        return "\(String(digits[0..<8]))-\(String(digits[8..<12]))-4\(String(digits[13..<16]))-8\(String(digits[17..<20]))-\(String(digits[20..<32]))"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Huddle's runtime under a seeded schedule of staff lines and faults, in simulated time, with
/// its invariants checked step by step and at the end.
final class Simulation {
    /// Numbers the runs of this process, so runs side by side (tests) never share a directory.
    static let runs = Atomic<Int>(0)
    let options: SimOptions
    var staffRandom: SeededRandom
    var faultRandom: SeededRandom
    var worldRandom: SeededRandom
    var world: World
    let clock: SimClock
    let start: Date
    let end: Date
    let calmAt: Date
    var queue = EventQueue()
    let observer: Observer
    let platforms: Platforms
    let storeFaults: StoreFaults
    let mirror: JournalMirror
    let logger: Logger
    var live: Incarnation?
    var processes = 0
    /// Every configuration that was in force, from when.
    var configs: [(from: Date, config: HuddleConfig)] = []
    var config: HuddleConfig { configs[configs.count - 1].config }
    var step = 0
    var traceHash: UInt64 = 0xCBF2_9CE4_8422_2325
    var report: SimReport
    var mainTickAt: Date?
    var outboxAt: Date?
    var calm = false
    var ircDownUntil = Date.distantPast
    var usedTimes: Set<Int64> = []
    var lines = 0
    var promptsSeen = 0
    /// Huddles left at `posting` by a process that died before their prompt went out.
    var excused: Set<HuddleKey> = []
    /// Forgotten people: the names that must not remain, and the lines of theirs to expect no more.
    var forgotten: [String] = []
    var interesting: [Date] = []
    /// Prompt attribution: how many times each huddle was posted.
    var posted: [HuddleKey: Int] = [:]
    var confirmedChecked = 0
    var promptsChecked = 0
    /// Spam waves: when, and how many strangers each brought (its last line two minutes per ten later).
    var strangers: [(at: Date, count: Int)] = []
    var recentStrangers: Int {
        let since = clock.now().addingTimeInterval(-86_400)
        return strangers.filter { $0.at > since }.reduce(0) { $0 + $1.count }
    }
    var finished = false
    var profile: [String: Duration] = [:]

    init(options: SimOptions) throws {
        self.options = options
        var random = SeededRandom(seed: options.seed)
        worldRandom = random.fork()
        staffRandom = random.fork()
        faultRandom = random.fork()
        let storeRandom = random.fork()
        let directory = "\(options.root)/huddle-sim-\(options.seed)-\(getpid())-\(Self.runs.add(1, ordering: .relaxed).newValue)"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: "\(directory)/data", withIntermediateDirectories: true)
        world = World(teams: options.teams, dataDirectory: "\(directory)/data", random: &worldRandom)
        observer = Observer(dataDirectory: directory)
        start = Self.startDate(random: &worldRandom, days: options.days)
        end = start.addingTimeInterval(TimeInterval(options.days) * 86_400)
        calmAt = end.addingTimeInterval(-TimeInterval(max(1, options.days / 10)) * 86_400)
        clock = SimClock(start: start)
        platforms = Platforms(seed: options.seed, observer: observer)
        storeFaults = StoreFaults(random: storeRandom, planted: options.planted)
        mirror = JournalMirror(directory: "\(directory)/data/journal")
        logger = Logger(label: "huddle-sim") { _ in SwiftLogNoOpLogHandler() }
        report = SimReport(seed: options.seed)
        report.dataDirectory = directory
    }

    /// A start that puts a daylight-saving change of Europe or America inside the run.
    static func startDate(random: inout SeededRandom, days: Int) -> Date {
        let changes = ["2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01", "2027-03-14", "2027-03-28", "2027-10-31", "2027-11-07"]
        let change = CalendarDay(parsing: random.pick(changes))!
        let day = change.adding(days: -random.int(0...max(0, min(days - 1, 20))))
        return day.start(in: TimeZone(identifier: "UTC")!)
    }

    /// Runs until the end (or the first violation, or `--until`), then checks the end state.
    func run() async -> SimReport {
        do {
            configs = [(start, try world.config())]
        } catch {
            fail("config", "the simulated configuration does not load: \(error)")
            return report
        }
        rebuildInteresting()
        queue.add(.plan, at: start)
        queue.add(.calm, at: calmAt)
        queue.add(.end, at: end)
        if options.days >= 3 { queue.add(.forget, at: start.addingTimeInterval(Double(options.days) * 86_400 * 0.6 + 3_600)) }
        await startProcess()
        while let (at, event) = queue.next() {
            if case .tick(let main) = event, main, at != mainTickAt { continue }
            if case .outbox = event, at != outboxAt { continue }
            clock.set(at)
            step += 1
            var handling: LineInFlight?
            if case .line(let line) = event {
                handling = LineInFlight(team: line.team, nick: line.nick, identity: line.account, channel: line.channel, at: line.at)
            }
            observer.begin(step: step, handling: handling)
            let t0 = ContinuousClock.now
            let outcome = await perform(event)
            let t1 = ContinuousClock.now
            await afterStep()
            let t2 = ContinuousClock.now
            let kind = String(event.name.split(separator: " ").prefix(1).joined(separator: " "))
            profile[kind, default: .zero] += t1 - t0
            profile["checks after each step", default: .zero] += t2 - t1
            let said = observer.endStep()
            let hash = said.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { fnv1a($1 + "\n", into: $0) }
            let line = "\(step) \(HuddleJSON.timestamp(at)) \(event.name)\(outcome.isEmpty ? "" : " — \(outcome)") [\(said.count) said \(String(hash, radix: 16))]"
            traceHash = fnv1a(line + "\n", into: traceHash)
            if options.trace { print(line) }
            if options.said { for text in said { print("    \(text)") } }
            report.tail.append(line)
            if report.tail.count > 25 { report.tail.removeFirst() }
            if !report.violations.isEmpty { break }
            if let until = options.until, step >= until { break }
            if finished { break }
        }
        if options.profile {
            for (kind, time) in profile.sorted(by: { $0.value > $1.value }) { print("  \(kind): \(time)") }
        }
        report.steps = step
        report.traceHash = traceHash
        report.counts["prompts"] = observer.state.withLock { $0.prompts.count }
        report.counts["confirmations"] = observer.state.withLock { $0.confirmations.count }
        report.counts["processes"] = processes
        return report
    }

    func fail(_ invariant: String, _ detail: String) {
        report.violations.append(Violation(step: step, invariant: invariant, detail: detail))
    }

    func count(_ fault: String) { report.faults[fault, default: 0] += 1 }

    /// Carries out one event; returns what the trace says of it.
    func perform(_ event: SimEvent) async -> String {
        let now = clock.now()
        switch event {
        case .tick(let main):
            if main { mainTickAt = nil }
            guard let live else { return "bot down" }
            await live.stepper.tick(now: now)
            await planTick(after: now)
            return ""
        case .line(let line):
            return await deliver(line)
        case .outbox:
            outboxAt = nil
            guard let live else { return "bot down" }
            if let next = await live.courier.deliver(now: now) { scheduleOutbox(at: max(next, now.addingTimeInterval(1))) }
            if platforms.takeCrash() { live.process.die("crash after the platform took a message") }
            return ""
        case .plan:
            planDay(from: now)
            if !calm { planFaults(from: now) }
            if now.addingTimeInterval(86_400) < end { queue.add(.plan, at: now.addingTimeInterval(86_400)) }
            return ""
        case .ircDown(let seconds, let cut):
            guard !calm else { return "calm" }
            ircDownUntil = max(ircDownUntil, now.addingTimeInterval(seconds))
            if cut {
                live?.irc.cutNextPrompt(after: staffRandom.int(1...3))
                count("IRC drop mid-prompt")
            } else {
                live?.irc.disconnect()
                await live?.stepper.handle(.disconnected(reason: "simulated"), route: "irc#sim")
                count("IRC disconnect")
            }
            queue.add(.ircUp, at: now.addingTimeInterval(seconds))
            return ""
        case .ircUp:
            guard now >= ircDownUntil else { return "still down" }
            return await connectIRC()
        case .platform(let team, let mood, let seconds):
            guard !calm, config.team(id: team)?.webhook != nil else { return "" }
            platforms.set(team, mood)
            switch mood {
            case .down: count("webhook platform down (503)")
            case .silent: count("webhook platform silent (no answer)")
            case .throttled: count("webhook platform throttling (429, Retry-After)")
            case .up: break
            }
            queue.add(.platformUp(team), at: now.addingTimeInterval(seconds))
            return ""
        case .platformUp(let team):
            platforms.set(team, .up)
            scheduleOutbox(at: now)
            return ""
        case .diskFull(let seconds):
            guard !calm else { return "" }
            storeFaults.diskFull(until: now.addingTimeInterval(seconds))
            count("disk full")
            return ""
        case .crash:
            return crashFault()
        case .restart:
            guard live == nil else { return "running" }
            await startProcess()
            return "process \(processes)"
        case .reload:
            return await reload()
        case .forget:
            return await forget()
        case .calm:
            calm = true
            storeFaults.diskFull(until: now)
            storeFaults.cancelCrash()
            platforms.setCrashAfterDelivery(0)
            for team in world.teams where team.platform != nil { platforms.set(team.id, .up) }
            ircDownUntil = now
            if live == nil { queue.add(.restart, at: now) } else { _ = await connectIRC() }
            scheduleOutbox(at: now)
            return ""
        case .end:
            await finish()
            finished = true
            return ""
        }
    }

    /// What follows every step: a process that died is buried, new prompts get answers, the
    /// outbox is rung, and the step's invariants are checked.
    func afterStep() async {
        if let live {
            _ = live.process.stepEnded()
            if !live.process.alive { await bury(live) }
        }
        if live?.courier.takeRing() == true { scheduleOutbox(at: clock.now()) }
        if let live, live.irc.takeLostMidPrompt() {
            // The transport reconnects by itself, with its backoff.
            await live.stepper.handle(.disconnected(reason: "lost in the middle of a prompt"), route: "irc#sim")
            queue.add(.ircUp, at: clock.now().addingTimeInterval(faultRandom.seconds(1...60)))
        }
        await checkStep()
        reactToPrompts()
    }

    /// Starts a bot process on the data directory as `huddle run` does: the journal's torn
    /// lines moved aside, the ledger opened (its torn line too), the routes built.
    func startProcess() async {
        processes += 1
        let process = SimProcess(number: processes)
        let path = world.dataDirectory
        do {
            let plain = DataDirectory(path)
            let torn = try await plain.recoverJournal()
            report.counts["torn journal lines moved aside", default: 0] += torn.count
            let fileLedger = try plain.openLedger()
            report.counts["torn ledger lines moved aside", default: 0] += fileLedger.problems.count
            let newConfig = try world.config()
            if ConfigChange(from: config, to: newConfig).isEmpty == false { configs.append((clock.now(), newConfig)); rebuildInteresting() }
            let journal = FaultyJournal(inner: FileJournal(dataDirectory: path), process: process, faults: storeFaults, clock: clock)
            let data = DataDirectory(path, journal: journal)
            let ledger = try FaultyLedger(inner: fileLedger, process: process, faults: storeFaults, clock: clock)
            let irc = SimIRC(process: process, observer: observer, clock: clock)
            let courier = SimCourier(outbox: data.outbox, platforms: platforms, process: process, clock: clock, logger: logger)
            var routes = [BotRoute(id: "irc#sim", transport: irc, teams: Set(config.teams.filter { $0.webhook == nil }.map(\.id)))]
            var webhooks: [String: SimWebhookTransport] = [:]
            for team in config.teams {
                guard let webhook = team.webhook else { continue }
                let transport = SimWebhookTransport(team: team.id, channel: team.channel, platform: webhook.platform, courier: courier, observer: observer)
                webhooks[team.id] = transport
                routes.append(BotRoute(id: "webhook.\(team.id)#sim", transport: transport, teams: [team.id]))
            }
            let bot = HuddleBot(config: config, routes: routes, companions: [], data: data, ledger: ledger,
                                secrets: Secrets(environment: [:]), clock: clock, logger: logger)
            let incarnation = Incarnation(process: process, bot: bot, stepper: SteppedBot(bot: bot), journal: journal, ledger: ledger, irc: irc,
                                          courier: courier, webhooks: webhooks)
            live = incarnation
            irc.setPeople(Set(world.teams.flatMap { $0.people.map { $0.nick.lowercased() } }))
            for id in webhooks.keys.sorted() {
                await incarnation.stepper.handle(.connected(botNick: "huddle", accountsAvailable: true), route: "webhook.\(id)#sim")
            }
        } catch {
            fail("start", "the bot cannot start on its data directory: \(error)")
            return
        }
        let now = clock.now()
        scheduleTick(at: now, main: false)
        scheduleOutbox(at: now)
        queue.add(.ircUp, at: now.addingTimeInterval(staffRandom.seconds(1...20)))
    }

    /// The IRC connection comes (back): registered, in every channel.
    func connectIRC() async -> String {
        guard let live, !live.irc.isConnected else { return live == nil ? "bot down" : "connected" }
        live.irc.connect()
        await live.stepper.handle(.connected(botNick: "huddle", accountsAvailable: true), route: "irc#sim")
        // `ChatService` rings the scheduler's nudge on a connection: prompts that waited go out now.
        scheduleTick(at: clock.now(), main: false)
        return "connected"
    }

    /// A crash between steps: now, or in the middle of one of the next writes to the journal or the ledger.
    func crashFault() -> String {
        guard !calm, let live else { return "" }
        if faultRandom.chance(0.5) {
            live.process.die("crash between steps")
            return "now"
        }
        let writes = faultRandom.int(0...30)
        storeFaults.crash(afterWrites: writes)
        return "within \(writes) writes"
    }

    /// Throws a dead process away: what it was writing is torn on disk, and it starts again a little later.
    func bury(_ dead: Incarnation) async {
        await dead.journal.drain()
        let reason = dead.process.reason
        count(dead.process.torn != nil ? "crash in the middle of a write" : reason.contains("platform") ? "crash after a webhook delivery"
              : "crash between steps")
        if let torn = dead.process.torn { appendTorn(torn) }
        // A huddle left at `posting` may or may not have gone out: it is never posted again (at
        // most once), so one that had not is closed without its prompt. Noted, not a failure.
        // (The file ledger's index holds what reached the disk; the record being torn never did.)
        for record in dead.ledger.inner.unclosed() where record.kind == "prompt" && record.state == .posting && (posted[record.key] ?? 0) == 0 {
            excused.insert(record.key)
        }
        live = nil
        mainTickAt = nil
        outboxAt = nil
        queue.add(.restart, at: clock.now().addingTimeInterval(calm ? 1 : faultRandom.seconds(1...600)))
    }

    func appendTorn(_ torn: TornWrite) {
        guard torn.kept > 0 else { return }
        try? FileManager.default.createDirectory(atPath: (torn.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: torn.path) { _ = FileManager.default.createFile(atPath: torn.path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: torn.path) else { return }
        handle.seekToEndOfFile()
        handle.write(torn.bytes.prefix(torn.kept))
        try? handle.close()
    }
}
