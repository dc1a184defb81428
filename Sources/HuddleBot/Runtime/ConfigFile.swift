import Feeds
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
        let config = try ConfigLoader.load(yaml: text, path: path)
        let issues = sourceIssues(config, file: path)
        guard issues.isEmpty else { throw ConfigError(issues: issues) }
        return config
    }

    /// What the configuration reader cannot check itself: the JSON paths of sources, which the
    /// reader of `Feeds` parses.
    static func sourceIssues(_ config: HuddleConfig, file: String) -> [ConfigIssue] {
        let owners = config.teams.map { ("teams.\($0.id)", $0.today) } + config.groups.map { ("groups.\($0.id)", $0.today) }
        return owners.flatMap { owner, sources in
            sources.enumerated().compactMap { index, source -> ConfigIssue? in
                guard source.format == .json, let problem = JSONFeedReader.problem(inPath: source.rows) else { return nil }
                return ConfigIssue(file: file, line: nil, column: nil, message: "'\(owner).today[\(index)].rows' (\(source.rows)): \(problem)",
                                   path: "\(owner).today[\(index)].rows")
            }
        }
    }
}
