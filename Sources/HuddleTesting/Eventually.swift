import Foundation

/// Waits until `condition` holds, polling every 100 ms; throws after `seconds` naming `what`.
public func eventually(_ seconds: TimeInterval, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try await !condition() {
        guard Date() < deadline else { throw TestPeerError("timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// A JSON object's fields, or none when `text` is not a JSON object.
public func jsonObject(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
}
