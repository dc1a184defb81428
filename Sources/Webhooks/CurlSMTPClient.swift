import CCurl
import Foundation
import HuddleCore
import HuddleStore
import Logging

/// Why a message did not go out: libcurl's error and the mail server's last reply code (0 when
/// it never answered).
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    public var curlCode: Int
    public var reply: Int
    public var message: String
    public var description: String { reply > 0 ? "SMTP \(reply): \(message)" : "SMTP: \(message)" }

    /// Whether trying again later may help: a 4xx reply or no reply at all; not a 5xx, a refused
    /// login, a missing STARTTLS or a certificate that does not verify.
    public var isTransient: Bool {
        if reply >= 500 { return false }
        if reply >= 400 { return true }
        let permanent: [CURLcode] = [CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
                                     CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_SSL_CERTPROBLEM]
        return !permanent.map { Int($0.rawValue) }.contains(curlCode)
    }
}

/// Sends e-mail with libcurl's SMTP (STARTTLS or implicit TLS, AUTH), on the shared worker threads.
public final class CurlSMTPClient: Sendable {
    let workers: CurlWorkers

    /// Creates a client.
    public init(workers: CurlWorkers = .shared) {
        self.workers = workers
    }

    /// Sends `message` (a whole RFC 5322 message with CRLF line ends) from `from` to `recipients`.
    public func send(_ message: String, from: String, to recipients: [String], smtp: SMTPSettings, password: String?,
                     timeout: Duration = .seconds(60)) async throws {
        try await workers.run { try Self.perform(Data(message.utf8), from: from, to: recipients, smtp: smtp, password: password, timeout: timeout) }
    }

    /// The message being uploaded, read by libcurl's read callback.
    final class Reader {
        let data: Data
        var offset = 0
        init(_ data: Data) { self.data = data }
    }

    static func perform(_ data: Data, from: String, to recipients: [String], smtp: SMTPSettings, password: String?, timeout: Duration) throws {
        if let reason = CurlWorkers.unavailable { throw SMTPError(curlCode: -1, reply: 0, message: reason) }
        guard let handle = huddle_curl_easy_init() else { throw SMTPError(curlCode: -1, reply: 0, message: "curl_easy_init failed") }
        defer { huddle_curl_easy_cleanup(handle) }
        let reader = Reader(data)
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = huddle_curl_slist_append(list, "<\(recipient)>") }
        defer { huddle_curl_slist_free_all(list) }
        let milliseconds = Int(timeout.components.seconds * 1000)
        _ = huddle_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = huddle_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = huddle_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 15_000))
        _ = huddle_curl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = huddle_curl_setopt_long(handle, CURLOPT_INFILESIZE, data.count)
        let level: curl_usessl = switch smtp.startTLS {
        case .required: CURLUSESSL_ALL
        case .optional: CURLUSESSL_TRY
        case .off: CURLUSESSL_NONE
        }
        _ = huddle_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(level.rawValue))
        _ = "smtp,smtps".withCString { huddle_curl_setopt_pointer(handle, CURLOPT_PROTOCOLS_STR, $0) }
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_MAIL_RCPT, list)
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(reader).toOpaque())
        _ = huddle_curl_setopt_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, context in
            let reader = Unmanaged<Reader>.fromOpaque(context!).takeUnretainedValue()
            let length = min(size * count, reader.data.count - reader.offset)
            guard length > 0, let buffer else { return 0 }
            reader.data.withUnsafeBytes { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + reader.offset, byteCount: length)
            }
            reader.offset += length
            return length
        }
        let strings = [(CURLOPT_URL, smtp.url), (CURLOPT_MAIL_FROM, "<\(from)>"), (CURLOPT_USERNAME, smtp.user),
                       (CURLOPT_PASSWORD, smtp.user == nil ? nil : password), (CURLOPT_CAINFO, smtp.caFile)]
        let code = withCStrings(strings.map(\.1)) { pointers -> CURLcode in
            for ((option, _), pointer) in zip(strings, pointers) where pointer != nil { _ = huddle_curl_setopt_pointer(handle, option, pointer) }
            return huddle_curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            var reply = 0
            _ = huddle_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &reply)
            throw SMTPError(curlCode: Int(code.rawValue), reply: reply, message: String(cString: huddle_curl_easy_strerror(code)))
        }
    }

    /// Calls `body` with C copies of the strings (nil stays nil), valid for the call.
    static func withCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}

extension OutboxSender {
    /// A sender of e-mail: each message (a whole RFC 5322 text in `body`) through the SMTP server
    /// `settings` gives for its team, with the sender and recipients they name and the password
    /// the runtime read for it; none where it gives nil. A password that cannot be read refuses the message.
    public static func mail(client: CurlSMTPClient, outbox: Outbox, logger: Logger,
                            settings: @escaping @Sendable (OutboxMessage) -> (email: EmailSettings, password: () throws -> String?)?) -> OutboxSender {
        OutboxSender(outbox: outbox, logger: logger, what: "email") { message, now, fallback in
            guard let (email, readPassword) = settings(message) else { return nil }
            do {
                let password = try readPassword()
                try await client.send(message.body, from: email.from.address, to: email.to.map(\.address), smtp: email.smtp, password: password)
                return .delivered
            } catch let error as SMTPError where error.isTransient {
                return .retry(at: now.addingTimeInterval(fallback), reason: "\(error)")
            } catch {
                return .refused(reason: "\(error)")
            }
        }
    }
}
