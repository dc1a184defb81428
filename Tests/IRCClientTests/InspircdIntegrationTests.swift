import Foundation
import HuddleTesting
import IRCProtocol
import Logging
import Testing
@testable import IRCClient

@Suite(.serialized) struct InspircdIntegrationTests {
    func makeClient(port: Int, sasl: SASLCredentials?, channels: [String]) throws -> IRCClient {
        var configuration = IRCClientConfiguration(host: "127.0.0.1", port: port,
                                                   identity: IRCClientIdentity(nick: "huddlebot", channels: channels, sasl: sasl), wording: catalogueWording)
        configuration.reconnectDelay = .milliseconds(300)
        return try IRCClient(configuration: configuration, logger: Logger(label: "irc"))
    }

    /// Against InspIRCd + Anope: SASL PLAIN logs the bot in, account-tag names who speaks, and the
    /// rfc1459 casemapping makes #Team[1] and #team{1} one channel. A wrong password registers without an account.
    @Test func saslAndAccounts() async throws {
        let server = try await InspircdServer.started()
        try await IRCTestClient.withRegisteredUser(port: server.port, nick: "huddlebot", password: TestLogs.secret("bot-secret-123")) { _ in }
        let client = try makeClient(port: server.port, sasl: .plain(account: "huddlebot", password: TestLogs.secret("bot-secret-123")), channels: ["#Team[1]"])
        try await withRunningClient(client) { events in
            let registered = try await nextEvent(events, timeout: 40) { if case .registered = $0 { true } else { false } }
            guard case .registered(_, let capabilities) = registered else { return }
            #expect(capabilities.isSuperset(of: ["account-tag", "server-time", "message-tags", "sasl"]))
            try await nextEvent(events) { if case .joined = $0 { true } else { false } }
            try await IRCTestClient.withRegisteredUser(port: server.port, nick: "anna", password: "anna-secret-123") { anna in
                try await anna.send("JOIN #team{1}")
                try await anna.waitFor(timeout: 30) { $0.command == "366" }
                try await anna.send("PRIVMSG #team{1} :!blij goed")
            }
            let message = try await nextEvent(events) { if case .message = $0 { true } else { false } }
            guard case .message(let incoming) = message else { return }
            #expect(incoming.account == "anna" && incoming.text == "!blij goed" && incoming.serverTime != nil)
            #expect(Casemapping.rfc1459.equal(incoming.channel ?? "", "#Team[1]"))
        }
        let wrong = try makeClient(port: server.port, sasl: .plain(account: "huddlebot", password: TestLogs.secret("wrong-password")), channels: [])
        try await withRunningClient(wrong) { events in
            let first = try await nextEvent(events, timeout: 40) { if case .registered = $0 { true } else if case .loggedIn = $0 { true } else { false } }
            guard case .registered = first else {
                Issue.record("logged in with a wrong password: \(first)")
                return
            }
        }
    }

    /// SASL EXTERNAL over TLS: the account knows the bot's client certificate (NickServ CERT ADD), and the
    /// bot logs in with the certificate alone.
    @Test func saslExternal() async throws {
        let server = try await InspircdServer.started()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await offThePool { try InspircdServer.makeCertificate(in: folder, name: "bot", commonName: "huddlebot") }
        let tls = TLSSettings(fingerprints: [server.certificateFingerprint], clientCertificate: folder.appendingPathComponent("bot.pem").path,
                              clientKey: folder.appendingPathComponent("bot.key").path)
        // Register the account over TLS with the certificate, and add the certificate to it.
        var plain = IRCClientConfiguration(host: "127.0.0.1", port: server.tlsPort, identity: IRCClientIdentity(nick: "huddlebot"), wording: catalogueWording)
        plain.tls = tls
        let registrar = try IRCClient(configuration: plain, logger: Logger(label: "irc"))
        try await withRunningClient(registrar) { events in
            try await nextEvent(events, timeout: 20) { if case .registered = $0 { true } else { false } }
            registrar.send(IRCOutgoing(.privmsg, to: "NickServ", text: "REGISTER bot-secret-123"))
            try await nextEvent(events, timeout: 30) { if case .message(let m) = $0 { m.text.contains("registered") } else { false } }
            registrar.send(IRCOutgoing(.privmsg, to: "NickServ", text: "CERT ADD"))
            try await nextEvent(events, timeout: 30) { if case .message(let m) = $0 { m.text.lowercased().contains("added") } else { false } }
        }
        var configuration = IRCClientConfiguration(host: "127.0.0.1", port: server.tlsPort,
                                                   identity: IRCClientIdentity(nick: "huddlebot", channels: [], sasl: .external), wording: catalogueWording)
        configuration.tls = tls
        let client = try IRCClient(configuration: configuration, logger: Logger(label: "irc"))
        try await withRunningClient(client) { events in
            let first = try await nextEvent(events, timeout: 40) { if case .loggedIn = $0 { true } else if case .registered = $0 { true } else { false } }
            #expect(first == .loggedIn(account: "huddlebot"))
        }
    }
}
