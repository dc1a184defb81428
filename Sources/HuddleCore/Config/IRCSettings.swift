import Foundation

/// How the bot reaches the IRC server.
public struct IRCSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var tls: Bool
    public var nick: String
    public var alternativeNicks: [String]
    public var username: String?
    public var realname: String?
    /// Environment variable holding the server password (PASS), if the server needs one.
    public var passwordEnv: String?
    /// SHA-256 fingerprints of server certificates to trust instead of the system store.
    public var tlsFingerprints: [String] = []
    /// PEM client certificate and key (for SASL EXTERNAL).
    public var clientCertificate: String?
    public var clientKey: String?
    public var sasl: SASLSettings?
    /// Lines sent at once, then lines per second.
    public var floodBurst = 4
    public var floodPerSecond = 1.0
    /// `irc.flood: off`: no pacing at all, for servers that exempt the bot from flood limits.
    public var floodOff = false
    /// Seconds of silence from the server before the bot sends a PING, and how long it then
    /// waits for any reply before it drops the connection and reconnects.
    public var pingInterval = 30
    public var pingTimeout = 30
    /// Connections to open from the start; nil (`auto`): one, and more when the server's channel
    /// limit leaves team channels out.
    public var connections: Int?
    /// The most connections the bot opens to the server.
    public var maxConnections = 10

    /// Creates IRC settings; only host and nick have no default.
    public init(host: String, port: Int = 6667, tls: Bool = false, nick: String, alternativeNicks: [String] = [],
                username: String? = nil, realname: String? = nil, passwordEnv: String? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
        self.nick = nick
        self.alternativeNicks = alternativeNicks
        self.username = username
        self.realname = realname
        self.passwordEnv = passwordEnv
    }
}

/// How the bot logs in to its account. The password is never in the file itself.
public struct SASLSettings: Sendable, Hashable {
    public enum Mechanism: String, Sendable, Hashable, CaseIterable { case plain = "PLAIN", external = "EXTERNAL" }
    public var mechanism: Mechanism
    public var account: String?
    /// Environment variable holding the password.
    public var passwordEnv: String?
    /// File holding the password (first line).
    public var passwordFile: String?

    /// Creates SASL settings.
    public init(mechanism: Mechanism, account: String? = nil, passwordEnv: String? = nil, passwordFile: String? = nil) {
        self.mechanism = mechanism
        self.account = account
        self.passwordEnv = passwordEnv
        self.passwordFile = passwordFile
    }
}
