import Foundation
import HuddleCore

/// Reads the configuration file from disk (HuddleCore itself never touches the disk).
public enum ConfigFile {
    /// The validated configuration at `path`; every problem, a missing or unreadable file too,
    /// comes as a `ConfigError` naming the file.
    public static func load(_ path: String) throws(ConfigError) -> HuddleConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw ConfigError(issues: [ConfigIssue(file: path, line: nil, column: nil,
                                                   message: "\(reason); pass --config PATH or create Config/huddle.yaml (see docs/configuration.md)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(issues: [ConfigIssue(file: path, line: nil, column: nil, message: "the file is not UTF-8 text")])
        }
        return try ConfigLoader.load(yaml: text, path: path)
    }
}
