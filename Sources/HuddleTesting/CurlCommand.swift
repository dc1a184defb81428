import Foundation

/// The `curl` command line tool as an HTTP client in tests: a real, independent client for the
/// bot's webhook endpoint.
public enum CurlCommand {
    /// Fetches `url` with GET and returns the status and body of the answer.
    public static func get(_ url: String) async throws -> (status: Int, body: String) {
        try await request(url, method: "GET", headers: [:], body: nil)
    }

    /// Posts `body` with `headers` and returns the status and body of the answer.
    public static func post(_ url: String, headers: [String: String] = [:], body: Data) async throws -> (status: Int, body: String) {
        try await request(url, method: "POST", headers: headers, body: body)
    }

    static func request(_ url: String, method: String, headers: [String: String], body: Data?) async throws -> (status: Int, body: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("body")
        let output = directory.appendingPathComponent("answer")
        try (body ?? Data()).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "--max-time", "30", "-o", output.path, "-w", "%{http_code}", "-X", method]
            + (body == nil ? [] : ["--data-binary", "@\(input.path)"])
            + headers.sorted { $0.key < $1.key }.flatMap { ["-H", "\($0.key): \($0.value)"] } + [url]
        let status = Pipe()
        process.standardOutput = status
        process.standardError = FileHandle.nullDevice
        let exit: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let code = String(decoding: status.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard exit == 0 || exit == 22, let number = Int(code.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestPeerError("curl exited with \(exit), printed '\(code)'")
        }
        return (number, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
