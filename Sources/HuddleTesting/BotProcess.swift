import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `huddle run` as an admin runs it: a process of its own, as the unprivileged user `nobody`
/// (through setpriv, when the tests run as root), with a data directory owned by that user,
/// its configuration in a folder it cannot write to, and its JSON log kept for the test.
public final class BotProcess: @unchecked Sendable {
    public let process = Process()
    /// The folder holding the configuration (root's, read-only for the bot) and `data/` (the bot's).
    public let directory: String
    public let configPath: String
    public var dataDirectory: String { directory + "/data" }
    public let logPath: String

    /// Writes `yaml` as the configuration (with `data_dir: data`) and starts the bot on it.
    public init(executable: String, yaml: String, environment: [String: String] = [:], extraFiles: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-bot-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        chmod(directory, 0o755)
        // As an admin's `mkdir` under umask 022 makes it, or an older version of the bot did.
        chmod(directory + "/data", 0o755)
        configPath = directory + "/huddle.yaml"
        try ("data_dir: data\n" + yaml).write(toFile: configPath, atomically: true, encoding: .utf8)
        chmod(configPath, 0o644)
        for (name, text) in extraFiles {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            chmod(directory + "/" + name, 0o644)
        }
        logPath = TestLogs.file("bot")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let arguments = ["run", "--config", configPath, "--log-format", "json", "--log-level", "debug"]
        if getuid() == 0 {
            guard let nobody = getpwnam("nobody") else { throw TestPeerError("no user nobody on this machine") }
            chown(directory + "/data", nobody.pointee.pw_uid, nobody.pointee.pw_gid)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"].merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
    }

    /// The log so far, one JSON object per line.
    public var log: [[String: Any]] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Log messages so far.
    public var messages: [String] { log.compactMap { $0["message"] as? String } }

    /// Waits until a log message contains `text`; false after `seconds`.
    public func waitForLog(_ text: String, seconds: TimeInterval = 20) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if messages.contains(where: { $0.contains(text) }) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Warnings and errors about connecting (what an unprivileged start gets wrong first).
    public var connectionErrors: [String] {
        log.filter { ["warning", "error", "critical"].contains($0["level"] as? String ?? "") }
            .compactMap { entry -> String? in
                let message = entry["message"] as? String ?? ""
                let reason = entry["irc.reason"] as? String ?? entry["error"] as? String ?? ""
                let text = "\(message) \(reason)"
                return ["connection", "cannot listen", "Permission denied", "errno", "setsockopt"].contains { text.contains($0) } ? text : nil
            }
    }

    /// Sends a signal to the bot (through setpriv, which passes it on).
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Sends SIGTERM and waits up to `seconds` for the bot to exit; returns how long it took, or nil.
    public func terminate(within seconds: TimeInterval = 10) async -> TimeInterval? {
        let start = Date()
        process.terminate()
        while process.isRunning && Date().timeIntervalSince(start) < seconds { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : Date().timeIntervalSince(start)
    }

    /// `data/` and what is in it that another local user could read, enter or write (any group or
    /// other permission bit), with its mode: the bot keeps it all to its own user.
    public var openToOthers: [String] {
        let paths = [""] + (FileManager.default.enumerator(atPath: dataDirectory)?.allObjects as? [String] ?? [])
        return paths.compactMap { path in
            var info = stat()
            guard lstat(dataDirectory + "/" + path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
            return "\(path.isEmpty ? "data" : "data/" + path) \(String(info.st_mode & 0o7777, radix: 8))"
        }
    }

    /// Files and folders in the bot's folder outside `data/` (it must write nowhere else).
    public var strayFiles: [String] {
        let known = Set(["huddle.yaml", "data"])
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !known.contains($0) && !$0.hasSuffix(".pem") && !$0.hasSuffix(".txt") }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Where the tests keep logs of the bots they run and the secrets they use, so that one check
/// at the end of `Scripts/test` can show that no secret reached any log
/// (`HUDDLE_TEST_LOGS`; a temporary folder when unset).
public enum TestLogs {
    /// The folder.
    public static let directory: String = {
        let path = ProcessInfo.processInfo.environment["HUDDLE_TEST_LOGS"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("huddle-test-logs").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// A new log file's path in the folder.
    public static func file(_ prefix: String) -> String {
        directory + "/\(prefix)-\(UUID().uuidString).log"
    }

    /// Notes a secret a test hands the bot; returns it.
    @discardableResult
    public static func secret(_ value: String) -> String {
        let fd = open(directory + "/secrets.txt", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            let line = Array((value + "\n").utf8)
            _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        return value
    }
}
