import CCurl
import Dispatch
import Foundation
import Synchronization

/// An HTTP response: status, headers (names in lower case) and body.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
}

/// Why a request got no HTTP response at all (connection refused, timeout, bad URL…).
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var description: String { "libcurl error \(code): \(message)" }
}

/// A fixed set of threads for libcurl's blocking transfers, never the cooperative pool, a NIO
/// event loop or the CPU-sized dispatch pool: a platform that hangs until its timeout holds one
/// of these threads, and a thousand prompts at once queue here instead of starting a thousand threads.
public final class CurlWorkers: Sendable {
    /// The threads every client shares.
    public static let shared = CurlWorkers(threads: 16)
    /// The threads that fetch the day's sources: a slow report never holds a thread a prompt needs.
    public static let feeds = CurlWorkers(threads: 8)

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)
    private let threads: Int
    /// Set once the threads run: a bot that never posts or mails never starts them (nor
    /// libcurl), and keeps their memory.
    private let started = Mutex(false)

    /// Workers on `threads` threads, started with the first job; they live as long as the process.
    public init(threads: Int) {
        self.threads = threads
    }

    private func start() {
        guard !started.withLock({ started in defer { started = true }; return started }) else { return }
        for index in 0..<threads {
            let thread = Thread { [self] in
                while true {
                    waiting.wait()
                    let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    job?()
                }
            }
            thread.name = "huddle.curl.\(index)"
            thread.start()
        }
    }

    /// Why libcurl cannot be used (it is loaded, and its global state set up, on first use), or nil.
    static var unavailable: String? { huddle_curl_load().map { String(cString: $0) } }

    /// Runs `work` on a worker thread and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        start()
        return try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(with: Result { try work() }) } }
            waiting.signal()
        }
    }
}

/// Posts and fetches over HTTP(S) with libcurl, on the shared worker threads.
public final class CurlHTTPClient: Sendable {
    let workers: CurlWorkers

    /// Creates a client.
    public init(workers: CurlWorkers = .shared) {
        self.workers = workers
    }

    /// Sends a POST and returns the response, whatever its status.
    public func post(url: String, headers: [String: String], body: Data, timeout: Duration = .seconds(30)) async throws -> HTTPResponse {
        try await workers.run { try Self.perform(.post(body), url: url, headers: headers, timeout: timeout) }
    }

    /// Fetches `url` with a GET and returns the response, whatever its status. TLS certificates are
    /// verified; at most 3 redirects are followed, only to http or https (only to https from an https
    /// URL); gzip and the other encodings libcurl knows are accepted and decoded. A body over `maxBytes`
    /// (decoded), a server that sends less than 1 KiB/s for 30 s, and a transfer that takes longer than
    /// `timeout` end it with an `HTTPTransportError` that says so.
    public func get(url: String, headers: [String: String], timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
        try await workers.run { try Self.perform(.get(maxBytes: maxBytes), url: url, headers: headers, timeout: timeout) }
    }

    /// What a transfer does: a POST of a body, or a GET whose body may not pass a size.
    enum Method: Sendable {
        case post(Data)
        case get(maxBytes: Int)
    }

    /// Below this speed (bytes per second) for `seconds`, a GET is dropped: a server that trickles
    /// does not hold a worker thread until the whole timeout has passed when that timeout is long.
    struct LowSpeed: Sendable {
        var bytesPerSecond = 1024
        var seconds = 30
    }

    /// What a transfer collects through libcurl's callbacks.
    final class Collector {
        var body = Data()
        var headers: [String: String] = [:]
        /// The most body bytes to keep; more aborts the transfer.
        var limit = Int.max
        /// Set when the body passed `limit`.
        var overLimit = false
    }

    static func perform(_ method: Method, url: String, headers: [String: String], timeout: Duration,
                        lowSpeed: LowSpeed = LowSpeed()) throws -> HTTPResponse {
        if let reason = CurlWorkers.unavailable { throw HTTPTransportError(code: -1, message: reason) }
        guard let handle = huddle_curl_easy_init() else { throw HTTPTransportError(code: -1, message: "curl_easy_init failed") }
        defer { huddle_curl_easy_cleanup(handle) }
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            list = huddle_curl_slist_append(list, "\(name): \(value)")
        }
        defer { huddle_curl_slist_free_all(list) }
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorText.deallocate() }
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = huddle_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = huddle_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = huddle_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 10_000))
        _ = huddle_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = huddle_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        guard "http,https".withCString({ huddle_curl_setopt_pointer(handle, CURLOPT_PROTOCOLS_STR, $0) }) == CURLE_OK else {
            throw HTTPTransportError(code: -1, message: "this libcurl cannot be limited to http and https (7.85 or later is needed)")
        }
        switch method {
        case .post(let body):
            _ = huddle_curl_setopt_long(handle, CURLOPT_POST, 1)
            _ = huddle_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            _ = huddle_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
            // A zero-length body still needs a pointer, or libcurl reads the body from stdin.
            _ = body.withUnsafeBytes { huddle_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)) }
        case .get(let maxBytes):
            let redirects = url.lowercased().hasPrefix("https:") ? "https" : "http,https"
            guard redirects.withCString({ huddle_curl_setopt_pointer(handle, CURLOPT_REDIR_PROTOCOLS_STR, $0) }) == CURLE_OK else {
                throw HTTPTransportError(code: -1, message: "this libcurl cannot limit where redirects go (7.85 or later is needed)")
            }
            _ = huddle_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            _ = huddle_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            _ = huddle_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 3)
            _ = "".withCString { huddle_curl_setopt_pointer(handle, CURLOPT_ACCEPT_ENCODING, $0) }
            _ = huddle_curl_setopt_long(handle, CURLOPT_MAXFILESIZE, maxBytes)
            _ = huddle_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, lowSpeed.bytesPerSecond)
            _ = huddle_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, lowSpeed.seconds)
            collector.limit = maxBytes
        }
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, list)
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = huddle_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            guard collector.body.count + size * count <= collector.limit else {
                collector.overLimit = true
                return 0
            }
            collector.body.append(UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        }
        _ = huddle_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                // A status line starts a response: after a redirect, only the last response's headers count.
                collector.headers = [:]
            } else if let colon = line.firstIndex(of: ":") {
                collector.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return size * count
        }
        let started = ContinuousClock.now
        let code: CURLcode = url.withCString { urlPointer in
            _ = huddle_curl_setopt_pointer(handle, CURLOPT_URL, urlPointer)
            return huddle_curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let wholeTimeout = ContinuousClock.now - started >= timeout - .milliseconds(50)
            let message = failure(code, errorText: String(cString: errorText), url: url, wholeTimeout: wholeTimeout, timeout: timeout,
                                  collector: collector)
            throw HTTPTransportError(code: Int(code.rawValue), message: message)
        }
        var status = 0
        _ = huddle_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: collector.headers, body: collector.body)
    }

    /// Why a transfer failed, in words a person can act on: the body over its limit, the whole
    /// timeout gone, or libcurl's own message (its detailed one where it gave it). The URL never
    /// appears in it (a webhook URL is a secret).
    static func failure(_ code: CURLcode, errorText: String, url: String, wholeTimeout: Bool, timeout: Duration,
                        collector: Collector) -> String {
        if collector.overLimit || code == CURLE_FILESIZE_EXCEEDED {
            return "the response is larger than the limit of \(collector.limit) bytes"
        }
        if code == CURLE_OPERATION_TIMEDOUT && wholeTimeout {
            return "timed out after \(seconds(timeout)) s"
        }
        let text = errorText.isEmpty ? String(cString: huddle_curl_easy_strerror(code)) : errorText
        return text.replacingOccurrences(of: url, with: "<url>").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `20`, or `0.5` for half a second.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
    }
}
