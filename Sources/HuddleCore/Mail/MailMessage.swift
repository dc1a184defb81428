import Foundation

/// An e-mail address with an optional display name: `Naam <naam@example.org>` or `naam@example.org`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public var name: String?
    public var address: String

    /// An address as it is; use `init?(parsing:)` for text from a config.
    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Parses `addr@domain` or `Display Name <addr@domain>`; nil when it is not an address a
    /// mail server would take (no line breaks, no spaces or brackets in the address itself).
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.contains(where: { $0.isNewline || $0 == "\0" }) else { return nil }
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            name = trimmed[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            if name?.isEmpty == true { name = nil }
        }
        guard Self.isValid(address) else { return nil }
        self.name = name
        self.address = address
    }

    /// An ASCII `local@domain` without the characters that would end or split an address.
    static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              address.utf8.count <= 254 else { return false }
        return address.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    /// The address as written in a header: the name encoded where it is not plain ASCII.
    public var header: String {
        guard let name else { return address }
        return "\(MailMessage.phrase(name)) <\(address)>"
    }

    public var description: String { header }
}

/// One e-mail, composed per RFC 5322 with a MIME multipart/alternative body (plain text and
/// HTML, UTF-8, base64), ready for SMTP. Header values never carry the caller's line breaks.
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var text: String
    public var html: String
    public var date: Date
    public var messageID: String

    /// A message; `messageID` is made from a random id and the sender's domain when nil.
    public init(from: MailAddress, to: [MailAddress], subject: String, text: String, html: String, date: Date, messageID: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.date = date
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "huddle.invalid"
        self.messageID = messageID ?? "<\(RandomID.uuid())@\(domain)>"
    }

    /// The whole message with CRLF line ends.
    public var rendered: String {
        let boundary = "huddle-" + String(UInt64(date.timeIntervalSince1970 * 1000), radix: 36) + "-"
            + messageID.filter { $0.isLetter || $0.isNumber }.prefix(16)
        var lines = [
            "Date: \(Self.dateHeader(date))",
            "From: \(from.header)",
            Self.folded("To: " + to.map(\.header).joined(separator: ", ")),
            "Message-ID: \(messageID)",
            Self.folded("Subject: " + Self.encoded(subject)),
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "Auto-Submitted: auto-generated",
            "",
            "This is a message in MIME format: a plain text part and an HTML part.",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines.append(Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]))
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A header text as is when it is printable ASCII, else as RFC 2047 encoded words (UTF-8,
    /// base64), each at most 75 characters and never splitting a character.
    static func encoded(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) && !clean.contains("=?") { return clean }
        var words: [String] = []
        var chunk = Data()
        for character in clean {
            let bytes = Data(String(character).utf8)
            // "=?utf-8?B?" + base64 + "?=" is 64 characters with 39 bytes of text: a line with
            // the header's name and one word stays within 78.
            if chunk.count + bytes.count > 39 {
                words.append("=?utf-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: " ")
    }

    /// A display name: encoded words where needed, a quoted string where it holds specials.
    static func phrase(_ name: String) -> String {
        let value = encoded(name)
        if value != name.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") { return value }
        if value.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) {
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return value
    }

    /// Folds a header line at spaces so that no line is longer than 78 characters where it can be helped.
    static func folded(_ line: String) -> String {
        var result: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > 78 && current.contains(" ") {
                result.append(current)
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        result.append(current)
        return result.joined(separator: "\r\n")
    }

    /// RFC 5322 date-time in UTC, such as `Tue, 01 Dec 2026 08:00:00 +0000`.
    static func dateHeader(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}

/// A group's weekly digest as an e-mail to its leaders.
public enum GroupMail {
    /// The message for `digest`, dated `date`, with the link to its page when there is one.
    public static func message(_ digest: GroupDigest, email: EmailSettings, language: Language, date: Date, link: String? = nil) -> MailMessage {
        let (text, html) = DigestMail.withLink(link, text: digest.render(language: language, format: .text), html: digest.html(language: language),
                                               language: language)
        return MailMessage(from: email.from, to: email.to, subject: email.subject ?? digest.title(language), text: text, html: html, date: date)
    }
}

/// The weekly digest as an e-mail to a team's leaders: the text view as the plain part, the page
/// (with bars instead of SVG charts) as the HTML part.
public enum DigestMail {
    /// The message for `digest`, dated `date`, with the link to its page when there is one.
    public static func message(_ digest: WeeklyDigest, email: EmailSettings, language: Language, date: Date, link: String? = nil) -> MailMessage {
        let (text, html) = withLink(link, text: DigestBuilder.render(digest, language: language, format: .text),
                                    html: DigestHTML.render(digest, language: language, medium: .mail), language: language)
        return MailMessage(from: email.from, to: email.to,
                           subject: email.subject ?? Phrase.digestTitle(team: digest.teamName, week: digest.week).text(language),
                           text: text, html: html, date: date)
    }

    /// The text and HTML parts with the link to the page at their end, when there is one.
    static func withLink(_ link: String?, text: String, html: String, language: Language) -> (String, String) {
        guard let link else { return (text, html) }
        let line = Phrase.digestWhere(link).text(language)
        let anchor = "<p><a href=\"\(DigestHTML.escape(link))\">\(DigestHTML.escape(line))</a></p>"
        return (text + "\n" + line + "\n", html.replacingOccurrences(of: "</body>", with: anchor + "</body>"))
    }
}
