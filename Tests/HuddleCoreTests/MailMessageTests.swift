import Foundation
import Testing
@testable import HuddleCore

@Suite struct MailMessageTests {
    /// Line breaks in a subject or a name never start a header of their own; non-ASCII text is
    /// encoded per RFC 2047 in words that decode back to the text.
    @Test func headersCannotBeInjected() throws {
        let message = MailMessage(from: MailAddress(name: "Huddle\r\nBcc: evil@example.org", address: "huddle@hotel.example"),
                                  to: [MailAddress(address: "leiding@hotel.example")],
                                  subject: "Weekoverzicht\r\nBcc: evil@example.org", text: "t", html: "<p>h</p>",
                                  date: Date(timeIntervalSince1970: 0), messageID: "<x@hotel.example>")
        let headers = message.rendered.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") })
        #expect(headers.contains("Subject: Weekoverzicht  Bcc: evil@example.org"))
        #expect(headers.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
    }

    @Test func encodedWords() throws {
        let text = "Keuken & Bediening — Zuid, week 48: één overzicht voor de leidinggevenden van het hele hotel"
        let encoded = MailMessage.encoded(text)
        let words = encoded.split(separator: " ")
        #expect(words.allSatisfy { $0.hasPrefix("=?utf-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word in
            String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded == text)
        #expect(MailMessage.encoded("Plain subject") == "Plain subject")
        #expect(MailMessage.phrase("de Vries, Monique") == "\"de Vries, Monique\"")
    }

    @Test func addresses() {
        #expect(MailAddress(parsing: "Monique de Vries <monique@hotel.example>") == MailAddress(name: "Monique de Vries", address: "monique@hotel.example"))
        #expect(MailAddress(parsing: "joost@hotel.example")?.name == nil)
        for bad in ["joost", "joost@", "@hotel.example", "jo ost@hotel.example", "a@b", "x@hotel.example\r\nBcc: y@z.nl", "<a@b.nl", "a,b@c.nl"] {
            #expect(MailAddress(parsing: bad) == nil, "\(bad)")
        }
    }
}
