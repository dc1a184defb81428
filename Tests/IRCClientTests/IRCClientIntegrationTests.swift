import Foundation
import HuddleTesting
import IRCProtocol
import Logging
import ServiceLifecycle
import Testing
@testable import IRCClient

/// Runs a client against a real server while `body` runs, then shuts it down gracefully.
/// The body gets the client's events through a queue it can wait on with a timeout.
func withRunningClient(_ client: IRCClient, _ body: @Sendable (AsyncQueue<IRCClientEvent>) async throws -> Void) async throws {
    let events = AsyncQueue<IRCClientEvent>()
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { for await event in client.events { events.push(event) } }
        try await withRunningServices([client]) { try await body(events) }
        try await tasks.waitForAll()
    }
}

/// Waits up to `timeout` seconds for a client event that matches.
@discardableResult
func nextEvent(_ events: AsyncQueue<IRCClientEvent>, timeout: TimeInterval = 30,
               _ matches: (IRCClientEvent) -> Bool) async throws -> IRCClientEvent {
    let deadline = Date().addingTimeInterval(timeout)
    while let event = await events.pop(within: deadline.timeIntervalSinceNow) {
        if matches(event) { return event }
    }
    throw TestPeerError("no matching client event within \(timeout) s")
}

@Suite(.serialized) struct IRCClientIntegrationTests {
    func makeClient(port: Int, channels: [String] = ["#team"], tls: TLSSettings? = nil, host: String = "127.0.0.1",
                    flood: (Int, Double)? = nil) throws -> IRCClient {
        var configuration = IRCClientConfiguration(host: host, port: port,
                                                   identity: IRCClientIdentity(nick: "huddlebot", channels: channels), wording: catalogueWording)
        configuration.reconnectDelay = .milliseconds(200)
        configuration.reconnectMaxDelay = .seconds(1)
        configuration.tls = tls
        if let flood {
            configuration.floodBurst = flood.0
            configuration.floodPerSecond = flood.1
        }
        return try IRCClient(configuration: configuration, logger: Logger(label: "irc"))
    }

    /// Against ngircd: the client registers, joins, delivers a queued message and receives one.
    @Test func registersJoinsAndTalks() async throws {
        let server = try await NgircdServer.started()
        let client = try makeClient(port: server.port)
        client.send(IRCOutgoing(.privmsg, to: "#team", text: "queued before connect\r\nQUIT :injected"))
        try await withRunningClient(client) { events in
            _ = try await nextEvent(events) { if case .joined("#team") = $0 { true } else { false } }
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                try await anna.join("#team")
                client.send(IRCOutgoing(.privmsg, to: "#team", text: "hallo team"))
                let hello = try await anna.waitFor(timeout: 10) { $0.command == "PRIVMSG" && $0.params.last == "hallo team" }
                #expect(hello.sourceParts?.nick == "huddlebot")
                try await anna.send("PRIVMSG #team :!blij goed")
            }
            let message = try await nextEvent(events) { if case .message = $0 { true } else { false } }
            guard case .message(let incoming) = message else { return }
            #expect(incoming.text == "!blij goed" && incoming.channel == "#team" && incoming.sender.nick == "anna")
        }
    }

    /// Text with line breaks and text longer than a line arrive as separate, complete PRIVMSGs.
    @Test func longAndMultilineText() async throws {
        let server = try await NgircdServer.started()
        let client = try makeClient(port: server.port)
        try await withRunningClient(client) { events in
            _ = try await nextEvent(events) { if case .joined = $0 { true } else { false } }
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                try await anna.join("#team")
                let long = (1...120).map { "woord\($0)" }.joined(separator: " ") + " éénderde"
                client.send(IRCOutgoing(.privmsg, to: "#team", text: "regel een\r\nQUIT :nee"))
                client.send(IRCOutgoing(.privmsg, to: "#team", text: long))
                let first = try await anna.waitFor(timeout: 10) { $0.command == "PRIVMSG" }
                #expect(first.params.last == "regel een  QUIT :nee")
                var received: [String] = []
                while received.joined(separator: " ").count < long.count {
                    received.append(try await anna.waitFor(timeout: 10) { $0.command == "PRIVMSG" }.params.last ?? "")
                }
                #expect(received.count >= 2)
                #expect(received.joined(separator: " ") == long)
            }
        }
    }

    /// When the server dies and comes back, the client reconnects and rejoins by itself.
    @Test func reconnectsAfterServerRestart() async throws {
        let server = try await NgircdServer.started()
        let client = try makeClient(port: server.port)
        try await withRunningClient(client) { events in
            _ = try await nextEvent(events) { if case .joined = $0 { true } else { false } }
            try await offThePool { server.stop() }
            _ = try await nextEvent(events) { if case .disconnected = $0 { true } else { false } }
            try await server.restart()
            _ = try await nextEvent(events, timeout: 20) { if case .joined("#team") = $0 { true } else { false } }
            client.send(IRCOutgoing(.privmsg, to: "#team", text: "terug"))
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                try await anna.send("NAMES #team")
                let names = try await anna.waitFor(timeout: 10) { $0.command == "353" }
                #expect(names.params.last?.split(separator: " ").contains { $0.hasSuffix("huddlebot") } == true)
            }
        }
    }

    /// Over TLS with the self-signed certificate pinned by fingerprint, the client registers and joins.
    @Test func tlsWithPinnedCertificate() async throws {
        let server = try await NgircdServer.started(tls: true)
        let fingerprint = try #require(server.certificateFingerprint)
        let client = try makeClient(port: try #require(server.tlsPort), tls: TLSSettings(fingerprints: [fingerprint]))
        try await withRunningClient(client) { events in
            try await nextEvent(events) { if case .joined("#team") = $0 { true } else { false } }
        }
    }

    /// A certificate that matches no pin is refused: the client never registers.
    @Test func tlsWrongPinIsRefused() async throws {
        let server = try await NgircdServer.started(tls: true)
        let client = try makeClient(port: try #require(server.tlsPort), tls: TLSSettings(fingerprints: [String(repeating: "ab", count: 32)]))
        try await withRunningClient(client) { events in
            let event = try await nextEvent(events, timeout: 10) { _ in true }
            guard case .disconnected(let reason) = event else {
                Issue.record("expected a refused connection, got \(event)")
                return
            }
            #expect(reason.lowercased().contains("certificate") || reason.lowercased().contains("handshake") || reason.contains("SSL"))
        }
    }

    /// Without pins, the system trust store refuses a self-signed certificate.
    @Test func tlsSelfSignedWithoutPinIsRefused() async throws {
        let server = try await NgircdServer.started(tls: true)
        let client = try makeClient(port: try #require(server.tlsPort), tls: TLSSettings(), host: "localhost")
        try await withRunningClient(client) { events in
            let event = try await nextEvent(events, timeout: 10) { _ in true }
            guard case .disconnected = event else {
                Issue.record("expected a refused connection, got \(event)")
                return
            }
        }
    }

    /// A bot paced at `flood` (burst, lines a second) in #team on a fresh ngircd, with anna in #team too.
    func withPacedBotAndAnna(flood: (Int, Double) = (1, 1), _ body: @Sendable (IRCClient, IRCTestClient) async throws -> Void) async throws {
        let server = try await NgircdServer.started()
        let client = try makeClient(port: server.port, flood: flood)
        try await withRunningClient(client) { events in
            try await nextEvent(events) { if case .joined("#team") = $0 { true } else { false } }
            try await IRCTestClient.withClient(port: server.port, nick: "anna") { anna in
                try await anna.join("#team")
                try await body(client, anna)
            }
        }
    }

    /// The bot sends 200 lines in a row and the server does not disconnect it for flooding.
    @Test func floodIsPaced() async throws {
        try await withPacedBotAndAnna(flood: (4, 8)) { client, anna in
            for index in 1...200 { client.send(IRCOutgoing(.privmsg, to: "#team", text: "regel \(index)")) }
            try await anna.waitFor(timeout: 90) { $0.command == "PRIVMSG" && $0.params.last == "regel 200" }
            #expect(anna.transcript.filter { $0.contains("PRIVMSG #team :regel ") }.count == 200)
            #expect(client.pendingCount == 0)
        }
    }

    /// Notices queued for the same person go out merged into one line where they fit, so a burst
    /// of answers does not wait a second per confirmation; a prompt goes ahead of queued lines.
    @Test func confirmationsAreMerged() async throws {
        try await withPacedBotAndAnna { client, anna in
            for index in 1...12 { client.send(IRCOutgoing(.notice, to: "anna", text: "Genoteerd \(index)")) }
            #expect(await client.deliver(["Huddle ochtend"], privmsgTo: "#team"))
            try await anna.waitFor(timeout: 20) { $0.command == "NOTICE" && $0.params.last?.contains("Genoteerd 12") == true }
            let notices = anna.transcript.filter { $0.contains("NOTICE anna :") }
            #expect(notices.count <= 3, "\(notices)")
            let texts = notices.flatMap { $0.components(separatedBy: " :").last!.components(separatedBy: " · ") }
            #expect(texts == (1...12).map { "Genoteerd \($0)" })
            // The prompt may have come between the notices, before the wait above ended.
            if !anna.transcript.contains(where: { $0.hasSuffix("PRIVMSG #team :Huddle ochtend") }) {
                try await anna.waitFor(timeout: 10) { $0.command == "PRIVMSG" && $0.params.last == "Huddle ochtend" }
            }
            // A prompt goes ahead of the lines already waiting.
            for index in 1...6 { client.send(IRCOutgoing(.privmsg, to: "#team", text: "regel \(index)")) }
            #expect(await client.deliver(["Huddle middag"], privmsgTo: "#team"))
            try await anna.waitFor(timeout: 20) { $0.command == "PRIVMSG" && $0.params.last == "regel 6" }
            let order = anna.transcript.filter { $0.contains("PRIVMSG #team :") }.map { $0.components(separatedBy: " :").last! }
            #expect(order.firstIndex(of: "Huddle middag")! < order.firstIndex(of: "regel 6")!, "\(order)")
        }
    }

    /// Confirmations for several people of one channel that wait to go out are sent together
    /// as one line in that channel; one person's alone still reach them as a notice.
    @Test func confirmationsForAChannelAreMerged() async throws {
        try await withPacedBotAndAnna { client, anna in
            client.send(.confirmation("Genoteerd 0", to: "anna", in: "#team", publicly: false))
            try await anna.waitFor(timeout: 10) { $0.command == "NOTICE" && $0.params == ["anna", "Genoteerd 0"] }
            let people = (1...30).map { "p\($0)" }
            for round in 1...3 {
                for person in people { client.send(.confirmation("Genoteerd \(round)", to: person, in: "#team", publicly: false)) }
            }
            client.send(.confirmation("klaar", to: "anna", in: "#team", publicly: false))
            try await anna.waitFor(timeout: 60) { $0.params.last?.hasSuffix("klaar") == true }
            let lines = anna.transcript.filter { $0.contains("PRIVMSG #team :") }.map { $0.components(separatedBy: " :").dropFirst().joined(separator: " :") }
            #expect(lines.count <= 10, "\(lines)")
            var seen: [String: [String]] = [:]
            for line in lines {
                for group in line.components(separatedBy: " | ") {
                    let parts = group.components(separatedBy: ": ")
                    seen[parts[0], default: []] += parts[1].components(separatedBy: " · ")
                }
            }
            for person in people { #expect(seen[person] == ["Genoteerd 1", "Genoteerd 2", "Genoteerd 3"], "\(person): \(lines)") }
            #expect(seen["anna"] == ["klaar"] || anna.transcript.last { $0.contains("NOTICE anna :") }?.hasSuffix(":klaar") == true)
            #expect(client.pendingCount == 0)
        }
    }

    /// Prompts that wait behind another go out packed into fewer lines, every line of each in
    /// its order; a prompt alone keeps its lines.
    @Test func waitingPromptsArePacked() async throws {
        try await withPacedBotAndAnna { client, anna in
            let prompts = (1...4).map { n in ["Huddle \(n)", "1. Wie? (\(n))", "2. Wat? (\(n))", "3. Hoe? (\(n))", "Tussendoor (\(n))"] }
            let delivered = await withTaskGroup(of: Bool.self) { group in
                for lines in prompts { group.addTask { await client.deliver(lines, privmsgTo: "#team") } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(delivered == [true, true, true, true])
            // A prompt alone keeps its lines; once it is in, so is everything before it.
            #expect(await client.deliver(["Huddle 5", "1. Wie?"], privmsgTo: "#team"))
            try await anna.waitFor(timeout: 10) { $0.params.last == "1. Wie?" }
            let lines = anna.transcript.filter { $0.contains("PRIVMSG #team :") }.map { $0.components(separatedBy: " :").dropFirst().joined(separator: " :") }
            #expect(lines.count <= 12 + 2, "\(lines)")  // the first and the last may go alone
            #expect(lines.suffix(2) == ["Huddle 5", "1. Wie?"])
            let pieces = lines.flatMap { $0.components(separatedBy: " · ") }
            for lines in prompts {
                let mine = pieces.filter { piece in lines.contains(piece) }
                #expect(mine == lines, "\(pieces)")
            }
        }
    }
}
