import Foundation
import HuddleCore

/// The secrets the configuration refers to (`*_env`, `*_file`: passwords, webhook URLs, tokens),
/// read in this one place, by the runtime, when the bot starts or reloads (and by a command that
/// needs one): the configuration only names where they are, and nothing below the runtime reads them.
public struct Secrets: Sendable {
    let environment: [String: String]

    /// Secrets from `environment` and the files the configuration names.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The process's environment, read once.
    public static func process() -> Secrets { Secrets(environment: ProcessInfo.processInfo.environment) }

    /// The secret, trimmed of surrounding white space; throws naming the source when it is missing or empty.
    public func read(_ source: SecretSource) throws -> String {
        let value: String?
        switch source {
        case .environment(let name): value = environment[name]
        case .file(let path): value = try? String(contentsOfFile: expand(path), encoding: .utf8)
        }
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SecretError(description: "cannot read a secret from \(source): it is missing or empty")
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A password in an environment variable, as it is (IRC's `password_env`, SASL's).
    public func password(env name: String) throws -> String {
        guard let value = environment[name], !value.isEmpty else {
            throw TransportSetupError("the environment variable \(name) is not set; it holds a password the config refers to")
        }
        return value
    }

    /// The first line of a password file, as it is (SASL's `password_file`); nil when it cannot be read or is empty.
    public func firstLine(ofFile path: String) -> String? {
        guard let text = try? String(contentsOfFile: expand(path), encoding: .utf8),
              let line = text.split(separator: "\n", omittingEmptySubsequences: false).first, !line.isEmpty else { return nil }
        return String(line)
    }

    /// `path` with a leading `$CREDENTIALS_DIRECTORY` or `${CREDENTIALS_DIRECTORY}` (systemd's
    /// `LoadCredential=`) replaced from the environment; other paths as they are. An unset
    /// variable leaves the path unreadable.
    func expand(_ path: String) -> String {
        for name in SecretSource.pathVariables {
            for form in ["${\(name)}", "$\(name)"] where path.hasPrefix(form) {
                guard let value = environment[name], !value.isEmpty else { return path }
                return value + path.dropFirst(form.count)
            }
        }
        return path
    }
}
