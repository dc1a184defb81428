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

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)
    private let threads: Int
    /// Set once the threads run: a bot that never posts or mails never starts them (nor
    /// libcurl), and keeps their memory.
    private let started = Mutex(false)

    /// Workers on `threads` threads, started with the first job; they live as long as the process.
    init(threads: Int) {
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

/// Posts over HTTP(S) with libcurl, on the shared worker threads.
public final class CurlHTTPClient: Sendable {
    let workers: CurlWorkers

    /// Creates a client.
    public init(workers: CurlWorkers = .shared) {
        self.workers = workers
    }

    /// Sends a POST and returns the response, whatever its status.
    public func post(url: String, headers: [String: String], body: Data, timeout: Duration = .seconds(30)) async throws -> HTTPResponse {
        try await workers.run { try Self.perform(url: url, headers: headers, body: body, timeout: timeout) }
    }

    /// What a transfer collects through libcurl's callbacks.
    final class Collector {
        var body = Data()
        var headers: [String: String] = [:]
    }

    static func perform(url: String, headers: [String: String], body: Data, timeout: Duration) throws -> HTTPResponse {
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
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = huddle_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = huddle_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = huddle_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(milliseconds, 10_000))
        _ = huddle_curl_setopt_long(handle, CURLOPT_POST, 1)
        _ = huddle_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
        _ = huddle_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = "http,https".withCString { huddle_curl_setopt_pointer(handle, CURLOPT_PROTOCOLS_STR, $0) }
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, list)
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = huddle_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = huddle_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            collector.body.append(UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        }
        _ = huddle_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            if let colon = line.firstIndex(of: ":") {
                collector.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return size * count
        }
        let code: CURLcode = url.withCString { urlPointer in
            _ = huddle_curl_setopt_pointer(handle, CURLOPT_URL, urlPointer)
            return body.withUnsafeBytes { bytes in
                _ = huddle_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
                return huddle_curl_easy_perform(handle)
            }
        }
        guard code == CURLE_OK else {
            throw HTTPTransportError(code: Int(code.rawValue), message: String(cString: huddle_curl_easy_strerror(code)))
        }
        var status = 0
        _ = huddle_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: collector.headers, body: collector.body)
    }
}
