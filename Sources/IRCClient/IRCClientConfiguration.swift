import IRCProtocol

/// How the client connects and behaves on the wire.
public struct IRCClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var identity: IRCClientIdentity
    /// Lines sent at once before pacing starts.
    public var floodBurst: Int = 4
    /// Lines per second once the burst is used.
    public var floodPerSecond: Double = 1
    /// Whether lines are paced at all; off only for servers that exempt the bot from flood limits.
    public var paced = true
    /// Silence after which the client sends a PING.
    public var pingInterval: Duration = .seconds(60)
    /// How long to wait for any reply to that PING before giving up on the connection.
    public var pingTimeout: Duration = .seconds(60)
    public var connectTimeout: Duration = .seconds(10)
    /// First reconnect delay; it doubles up to `reconnectMaxDelay`, with jitter.
    public var reconnectDelay: Duration = .seconds(1)
    public var reconnectMaxDelay: Duration = .seconds(60)
    public var rejoinDelay: Duration = .seconds(5)
    public var quitMessage: String = "Huddle stopping"
    /// How long a graceful shutdown waits for queued lines to go out before the QUIT.
    public var shutdownDrain: Duration = .seconds(3)
    /// TLS, when the server is reached over TLS.
    public var tls: TLSSettings?
    /// How long a SASL exchange may take before it is given up.
    public var saslTimeout: Duration = .seconds(30)
    /// How often the client asks for its configured nick back while it has another.
    public var regainInterval: Duration = .seconds(60)
    /// The answer to CTCP VERSION.
    public var version: String = "Huddle shift bot"
    /// The marks between texts merged into one line (confirmations, notices, packed prompts).
    public var wording: ConfirmationWording

    /// Creates a configuration with sane defaults; the bot gives the wording of merged lines.
    public init(host: String, port: Int, identity: IRCClientIdentity, wording: ConfirmationWording) {
        self.host = host
        self.port = port
        self.identity = identity
        self.wording = wording
    }
}
