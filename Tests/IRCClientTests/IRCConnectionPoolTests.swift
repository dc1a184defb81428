import IRCProtocol
import Logging
import Synchronization
import Testing
@testable import IRCClient

/// What a pool passed on: each event with the nick of the connection it came from.
final class Heard: Sendable {
    let lines = Mutex<[String]>([])
}

/// The pool's bookkeeping without a server: its connections are created, never run, and are
/// told by the test what their servers would have said.
@Suite struct IRCConnectionPoolTests {
    func pool(channels: [String], connections: Int? = nil, max: Int,
              heard: Heard = Heard()) throws -> IRCConnectionPool {
        let configuration = IRCClientConfiguration(host: "127.0.0.1", port: 1, identity: IRCClientIdentity(nick: "huddle"), wording: catalogueWording)
        return try IRCConnectionPool(configuration: configuration, channels: channels, connections: connections,
                                     maxConnections: max, logger: Logger(label: "pool"),
                                     onEvent: { event, nick in heard.lines.withLock { $0.append("\(nick ?? "-") \(event)") } })
    }

    /// What the first connection's server says past its channel limit: the session drops the
    /// channels from its list, and the pool hears of them.
    func overLimit(_ pool: IRCConnectionPool, limit: Int, from index: Int = 0) {
        let client = pool.clients[index]
        let over = Array(client.channels.dropFirst(limit))
        client.forget(over)
        pool.handle(.overChannelLimit(limit: limit, channels: over), from: index)
    }

    /// `irc.connections` spreads the channels evenly from the start, each connection named after its place.
    @Test func connectionsFromTheStart() throws {
        let pool = try pool(channels: (1...7).map { "#t\($0)" }, connections: 3, max: 10)
        #expect(pool.clients.map(\.channels.count) == [3, 3, 1])
        #expect(pool.clients.map(\.configuration.identity.nick) == ["huddle", "huddle2", "huddle3"])
        #expect(pool.clients[2].configuration.identity.alternativeNicks == ["huddle3_"])
        #expect(try self.pool(channels: [], connections: 4, max: 10).clients.count == 1)
        #expect(try self.pool(channels: (1...9).map { "#t\($0)" }, connections: 5, max: 2).clients.count == 2)
    }

    /// Channels past the server's limit go to new connections, as many as the limit allows each.
    @Test func channelsPastTheLimitGetNewConnections() throws {
        let channels = (1...25).map { "#team\($0)" }
        let pool = try pool(channels: channels, max: 10)
        overLimit(pool, limit: 10)
        #expect(pool.clients.map(\.channels) == [Array(channels[0..<10]), Array(channels[10..<20]), Array(channels[20...])])
        #expect(pool.unservedChannels.isEmpty)
        #expect(pool.owner(of: "#TEAM23") === pool.clients[2])
    }

    /// At `maxConnections` the rest is unserved: prompts for those channels are not delivered.
    @Test func unservedAtTheMaximum() async throws {
        let channels = (1...25).map { "#team\($0)" }
        let pool = try pool(channels: channels, max: 2)
        overLimit(pool, limit: 10)
        #expect(pool.clients.count == 2)
        #expect(pool.unservedChannels == Array(channels[20...]))
        #expect(pool.owner(of: "#team21") == nil)
        #expect(await pool.deliver(["x"], privmsgTo: "#team21") == false)
        // A reload that drops those teams clears them.
        pool.setChannels(Array(channels[0..<20]), goodbye: { _ in nil })
        #expect(pool.unservedChannels.isEmpty)
    }

    /// A person is answered privately from the connection they last spoke on; notices do not count.
    @Test func privateRepliesFollowThePerson() throws {
        let heard = Heard()
        let pool = try pool(channels: ["#a", "#b"], connections: 2, max: 2, heard: heard)
        let anna = IRCSource(parsing: "Anna!a@host")
        #expect(pool.connection(for: "anna") === pool.clients[0])
        pool.handle(.registered(nick: "huddle2", capabilities: []), from: 1)
        pool.handle(.message(IRCIncomingMessage(sender: anna, account: nil, channel: "#b", text: "!help", isNotice: false, serverTime: nil)), from: 1)
        #expect(pool.connection(for: "anna") === pool.clients[1])
        pool.handle(.message(IRCIncomingMessage(sender: anna, account: nil, channel: nil, text: "hm", isNotice: true, serverTime: nil)), from: 0)
        #expect(pool.connection(for: "ANNA") === pool.clients[1])
        let said = heard.lines.withLock { $0 }
        #expect(said.count == 3)
        #expect(said[0].hasPrefix("huddle2 registered"))
        #expect(said[1].hasPrefix("huddle2 message"))
        #expect(said[2].hasPrefix("- message"))
    }

    /// New channels go to the connection with the fewest, within the limit; past it, to a new connection.
    @Test func setChannelsFillsConnectionsWithRoom() throws {
        let pool = try pool(channels: (1...12).map { "#t\($0)" }, max: 5)
        overLimit(pool, limit: 10)
        #expect(pool.clients.map(\.channels.count) == [10, 2])
        let change = pool.setChannels((3...22).map { "#t\($0)" }, goodbye: { "bye \($0)" })
        #expect(change.parted == ["#t1", "#t2"])
        #expect(Set(change.joined) == Set((13...22).map { "#t\($0)" }))
        #expect(pool.clients.map(\.channels.count) == [10, 10])
        #expect(pool.clients[0].pendingCount == 6)  // two goodbyes, two PARTs, two JOINs
    }

    /// Presence in a channel is what the connection serving it sees; nobody is present before any roster is known.
    @Test func presenceWithoutSessions() throws {
        let pool = try pool(channels: ["#a"], max: 2)
        #expect(!pool.isPresent("anna", in: "#a"))
        #expect(!pool.isPresent("anna"))
        #expect(!pool.isPresent("anna", in: "#unknown"))
    }
}
