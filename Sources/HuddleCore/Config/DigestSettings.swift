import Foundation

/// When and where a team's weekly digest is posted for its leaders.
public struct DigestSettings: Sendable, Hashable {
    /// The weekday and local time of the post (default Monday 08:00); it reports the week before.
    public var weekday: Weekday = .monday
    public var time = LocalTime(hour: 8, minute: 0)!
    /// A leaders' channel; without one each leader gets a private message.
    public var channel: String?
    /// Whether the first prompt of the week names last week's top pain and the open actions.
    public var recap = true
    /// Where the digest is mailed at `post_at`, if anywhere.
    public var email: EmailSettings?

    /// The defaults.
    public init() {}
}

/// Who gets the weekly digest by e-mail, and through which SMTP server.
public struct EmailSettings: Sendable, Hashable {
    public var to: [MailAddress]
    public var from: MailAddress
    /// The subject; the digest's title when nil.
    public var subject: String?
    public var smtp: SMTPSettings

    /// Creates the settings.
    public init(to: [MailAddress], from: MailAddress, subject: String? = nil, smtp: SMTPSettings) {
        self.to = to
        self.from = from
        self.subject = subject
        self.smtp = smtp
    }
}

/// How the bot reaches its mail server: `smtp://host:587` with STARTTLS, or `smtps://host:465`.
public struct SMTPSettings: Sendable, Hashable {
    /// Whether a plain `smtp://` connection must, may or must not switch to TLS with STARTTLS.
    public enum StartTLS: String, Sendable, Hashable, CaseIterable {
        case required, optional, off
    }

    public var url: String
    public var startTLS: StartTLS
    public var user: String?
    public var password: SecretSource?
    /// PEM file of the certificate authorities to trust instead of the system's (an internal CA).
    public var caFile: String?

    /// Creates the settings.
    public init(url: String, startTLS: StartTLS = .required, user: String? = nil, password: SecretSource? = nil, caFile: String? = nil) {
        self.url = url
        self.startTLS = startTLS
        self.user = user
        self.password = password
        self.caFile = caFile
    }
}
