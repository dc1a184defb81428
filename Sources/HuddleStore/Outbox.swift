import Foundation
import HuddleCore

/// A webhook message waiting to be delivered. It names its team and platform, never the URL:
/// webhook URLs are secrets and stay in the environment or a file.
public struct OutboxMessage: Sendable, Hashable, Codable {
    public var v: Int
    public var id: String
    public var createdAt: Date
    public var team: String
    /// Where it goes: nil for the team's channel, `leaders` for the leaders' webhook.
    public var target: String?
    /// What the message is (prompt, reminder, summary, digest, reply…), for the log.
    public var kind: String
    /// The JSON payload, as the platform wants it.
    public var body: String
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case v, id, createdAt = "created_at", team, target, kind, body, attempts, nextAttemptAt = "next_attempt_at", lastError = "last_error"
    }

    /// A new message, to be tried at once.
    public init(id: String, createdAt: Date, team: String, target: String? = nil, kind: String, body: String) {
        self.v = 1
        self.id = id
        self.createdAt = createdAt
        self.team = team
        self.target = target
        self.kind = kind
        self.body = body
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.lastError = nil
    }
}

/// The durable outbox: one file per message under `<data>/outbox/`, written before the first
/// attempt, rewritten after each failed one, removed after delivery, and moved to
/// `<data>/outbox/failed/` when the platform refuses it for good. File names keep the order.
public actor Outbox {
    public nonisolated let directory: String
    private var sequence = 0

    /// The outbox of a data directory: `outbox/` for webhook posts, `mail-outbox/` for e-mail.
    public init(dataDirectory: String, name: String = "outbox") {
        directory = (dataDirectory as NSString).appendingPathComponent(name)
    }

    /// Stores a new message; returns once it is on disk.
    public func add(_ message: OutboxMessage) throws {
        sequence += 1
        let millis = Int64(message.createdAt.timeIntervalSince1970 * 1000)
        func padded(_ number: Int64, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let name = "\(padded(millis, 15))-\(padded(Int64(sequence % 1_000_000), 6))-\(message.id).json"
        try DurableFile.replace("\(directory)/\(name)", with: try JSONLines.encode(message))
    }

    /// Every waiting message with its file name, oldest first. A file that cannot be read is
    /// moved, as it is, to `failed/` and named in `unreadable`, so it neither blocks nor vanishes.
    public func pending() throws -> [(file: String, message: OutboxMessage)] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        let decoder = HuddleJSON.decoder()
        var result: [(file: String, message: OutboxMessage)] = []
        for file in files {
            let path = "\(directory)/\(file)"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if let message = try? decoder.decode(OutboxMessage.self, from: data) {
                result.append((file, message))
            } else {
                try DurableFile.replace("\(directory)/failed/\(file)", with: data)
                try delivered(file)
                unreadable.append("\(directory)/failed/\(file)")
            }
        }
        return result
    }

    /// Files that could not be read and were moved to `failed/`, since the outbox was opened.
    public private(set) var unreadable: [String] = []

    /// Records a failed attempt (the file is rewritten in place).
    public func retry(_ file: String, _ message: OutboxMessage) throws {
        try DurableFile.replace("\(directory)/\(file)", with: try JSONLines.encode(message))
    }

    /// Removes a delivered message.
    public func delivered(_ file: String) throws {
        let path = "\(directory)/\(file)"
        guard unlink(path) == 0 || errno == ENOENT else { throw StoreError.errno(path, "unlink") }
        try DurableFile.syncDirectory(directory)
    }

    /// Moves a message the platform refused for good to `failed/`, with the reason.
    public func failed(_ file: String, _ message: OutboxMessage) throws {
        try DurableFile.replace("\(directory)/failed/\(file)", with: try JSONLines.encode(message))
        try delivered(file)
    }

    /// Messages in `failed/`.
    public func failures() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/failed")) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The messages in `failed/` with their file names; nil where a file cannot be read.
    public func failedMessages() -> [(file: String, message: OutboxMessage?)] {
        let decoder = HuddleJSON.decoder()
        return failures().map { file in
            (file, FileManager.default.contents(atPath: "\(directory)/failed/\(file)").flatMap { try? decoder.decode(OutboxMessage.self, from: $0) })
        }
    }

    /// Puts the readable messages of `failed/` back in the outbox, to be tried again from `now`
    /// (in their old place in the order); returns the files moved. Unreadable files stay.
    public func requeueFailed(now: Date) throws -> [String] {
        var moved: [String] = []
        for (file, message) in failedMessages() {
            guard var message else { continue }
            message.attempts = 0
            message.nextAttemptAt = now
            message.lastError = nil
            try DurableFile.replace("\(directory)/\(file)", with: try JSONLines.encode(message))
            let failedPath = "\(directory)/failed/\(file)"
            guard unlink(failedPath) == 0 || errno == ENOENT else { throw StoreError.errno(failedPath, "unlink") }
            try DurableFile.syncDirectory("\(directory)/failed")
            moved.append(file)
        }
        return moved
    }
}
