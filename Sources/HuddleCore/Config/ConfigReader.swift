import Foundation
import Yams

/// Walks the YAML node tree, collecting every error with its position.
struct ConfigReader {
    let file: String
    var errors: [ConfigIssue] = []
    var warnings: [ConfigIssue] = []

    mutating func fail(_ node: Node?, _ message: String, path: String? = nil, hint: String? = nil) {
        errors.append(ConfigIssue(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message, path: path, hint: hint))
    }

    mutating func warn(_ node: Node?, _ message: String) {
        warnings.append(ConfigIssue(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    /// The entries of a mapping; unknown keys are errors naming the key and what is allowed.
    mutating func mapping(_ node: Node, path: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            fail(node, "'\(path)' must be a mapping of keys (\(allowed.joined(separator: ", ")))")
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                fail(key, "keys in '\(path)' must be plain names")
                continue
            }
            if allowed.contains(name) {
                result[name] = value
            } else {
                let place = path.isEmpty ? "at the top level" : "in '\(path)'"
                let hint = Self.closest(to: name, in: allowed).map { "did you mean '\($0)'?" }
                    ?? "expected one of: \(allowed.joined(separator: ", "))"
                fail(key, "unknown key '\(name)' \(place); expected one of: \(allowed.joined(separator: ", "))",
                     path: path.isEmpty ? name : "\(path).\(name)", hint: hint)
            }
        }
        return result
    }

    /// The allowed key nearest to a misspelt one by edit distance, if it is near enough to be meant.
    static func closest(to name: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(name.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= (best.count <= 3 ? 1 : best.count <= 6 ? 2 : 3), distance < name.count else { return nil }
        return best
    }

    /// Levenshtein distance between two strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : b.isEmpty ? a.count : previous[b.count]
    }

    mutating func string(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            fail(node, "'\(path)' must be text")
            return nil
        }
        if node.tag == Tag(.null) && (scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null") {
            fail(node, "'\(path)' has no value")
            return nil
        }
        return scalar.string
    }

    mutating func nonEmptyString(_ node: Node, path: String) -> String? {
        guard let text = string(node, path: path) else { return nil }
        if text.trimmingSpaces.isEmpty {
            fail(node, "'\(path)' must not be empty")
            return nil
        }
        return text
    }

    mutating func int(_ node: Node, path: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), range.contains(value) else {
            fail(node, "'\(path)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(node.string ?? "…")'")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, path: String) -> Bool? {
        guard case .scalar(let scalar) = node else {
            fail(node, "'\(path)' must be true or false")
            return nil
        }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(node, "'\(path)' must be true or false, not '\(scalar.string)'")
            return nil
        }
    }

    mutating func list(_ node: Node, path: String) -> [Node]? {
        if case .sequence(let sequence) = node { return Array(sequence) }
        fail(node, "'\(path)' must be a list")
        return nil
    }

    mutating func stringList(_ node: Node, path: String) -> [(String, Node)]? {
        guard let items = list(node, path: path) else { return nil }
        return items.enumerated().compactMap { index, item in
            nonEmptyString(item, path: "\(path)[\(index)]").map { ($0, item) }
        }
    }

    mutating func language(_ node: Node, path: String) -> Language? {
        guard let text = string(node, path: path) else { return nil }
        guard let language = Language(rawValue: text.lowercased()) else {
            fail(node, "'\(path)' must be nl or en, not '\(text)'")
            return nil
        }
        return language
    }

    mutating func timeZone(_ node: Node, path: String) -> TimeZone? {
        guard let text = string(node, path: path) else { return nil }
        guard text.contains("/") || text == "UTC", let zone = TimeZone(identifier: text) else {
            fail(node, "'\(path)' must be an IANA time zone such as Europe/Amsterdam, not '\(text)'")
            return nil
        }
        return zone
    }

    /// One of an enum's values, named by its raw value.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node?, path: String, default value: T) -> T where T.RawValue == String {
        guard let node, let text = string(node, path: path) else { return value }
        if let found = T(rawValue: text.lowercased()) { return found }
        fail(node, "'\(path)' must be \(T.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
        return value
    }

    mutating func holidays(_ node: Node, path: String) -> HolidayCalendar? {
        guard let value = string(node, path: path) else { return nil }
        if value.lowercased() == "none" { return nil }
        guard let calendar = HolidayCalendar(rawValue: value.lowercased()) else {
            fail(node, "'\(path)' must be nl (Dutch public holidays) or none, not '\(value)'")
            return nil
        }
        return calendar
    }

    mutating func days(_ node: Node, path: String) -> Set<CalendarDay> {
        var result: Set<CalendarDay> = []
        for (value, itemNode) in stringList(node, path: path) ?? [] {
            if let day = CalendarDay(parsing: value) { result.insert(day) } else {
                fail(itemNode, "'\(path)' holds '\(value)'; expected a date YYYY-MM-DD")
            }
        }
        return result
    }

    /// Placeholders a prompt text may use.
    static let placeholders = ["{team}", "{shift}", "{date}", "{top_pain}", "{open_actions}"]

    /// A text in both languages: `{nl: …, en: …}`; placeholders must be known.
    mutating func localized(_ node: Node, path: String) -> LocalizedText? {
        guard let map = mapping(node, path: path, allowed: ["nl", "en"]) else { return nil }
        return localized(in: map, node: node, path: path)
    }

    /// The `nl` and `en` texts of a mapping that may hold other keys too.
    mutating func localized(in map: [String: Node], node: Node, path: String) -> LocalizedText? {
        var texts: [String: String] = [:]
        for language in ["nl", "en"] {
            guard let textNode = map[language] else {
                fail(node, "'\(path)' needs a text in both languages (nl and en); '\(language)' is missing")
                continue
            }
            guard let text = nonEmptyString(textNode, path: "\(path).\(language)") else { continue }
            for placeholder in Self.placeholderPattern(in: text) where !Self.placeholders.contains(placeholder) {
                fail(textNode, "'\(path).\(language)' uses unknown placeholder \(placeholder); known: \(Self.placeholders.joined(separator: ", "))")
            }
            texts[language] = text
        }
        guard let nl = texts["nl"], let en = texts["en"] else { return nil }
        return LocalizedText(nl: nl, en: en)
    }

    /// A list of 1 to 9 questions, each `{nl: …, en: …}` and optionally `handover: true` (its
    /// answers open the next shift's huddle); the numbers (from 1) of those go in `handover`.
    mutating func questionList(_ node: Node, path: String, handover: inout Set<Int>, checks: inout [Int: QuickCheck]) -> [LocalizedText]? {
        guard let items = list(node, path: path) else { return nil }
        guard (1...9).contains(items.count) else {
            fail(node, "'\(path)' must hold 1 to 9 questions, not \(items.count)")
            return nil
        }
        var questions: [LocalizedText] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let map = mapping(item, path: itemPath, allowed: ["nl", "en", "handover", "type"]) else { continue }
            if let flag = map["handover"], bool(flag, path: "\(itemPath).handover") == true { handover.insert(index + 1) }
            if let typeNode = map["type"], let type = string(typeNode, path: "\(itemPath).type"), type.lowercased() != "text" {
                if let check = QuickCheck(rawValue: type.lowercased()) { checks[index + 1] = check } else {
                    fail(typeNode, "'\(itemPath).type' must be text, scale (1 to 5) or traffic (groen/oranje/rood), not '\(type)'")
                }
            }
            if let question = localized(in: map, node: item, path: itemPath) { questions.append(question) }
        }
        return questions.count == items.count ? questions : nil
    }

    static func placeholderPattern(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    /// A secret named by exactly one of an environment variable or a file (relative to the config).
    mutating func secretSource(_ map: [String: Node], env: String, file: String, path: String, node: Node,
                               required: Bool, what: String) -> SecretSource? {
        let name = map[env].flatMap { nonEmptyString($0, path: "\(path).\(env)") }
        let filePath = map[file].flatMap { nonEmptyString($0, path: "\(path).\(file)") }.map(resolve)
        switch (name, filePath) {
        case (let name?, nil): return .environment(name)
        case (nil, let filePath?): return .file(filePath)
        case (.some, .some):
            fail(map[file], "'\(path)' has both '\(env)' and '\(file)'; give one")
        case (nil, nil):
            if required && map[env] == nil && map[file] == nil {
                fail(node, "'\(path)' needs '\(env)' (an environment variable) or '\(file)' holding \(what); it never goes in this file")
            }
        }
        return nil
    }

    /// `<section>.listen`: an address and port; a warning when it is reachable from other machines.
    mutating func listenAddress(_ map: [String: Node], node: Node, section: String, example: String) -> (String, Int)? {
        guard let listenNode = map["listen"] else {
            fail(node, "missing '\(section).listen'; expected an address and port such as \(example)")
            return nil
        }
        guard let value = string(listenNode, path: "\(section).listen") else { return nil }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let port = Int(parts.last!), (0...65535).contains(port),
              case let host = parts.dropLast().joined(separator: ":").trimmingCharacters(in: CharacterSet(charactersIn: "[]")), !host.isEmpty else {
            fail(listenNode, "'\(section).listen' must be an address and port such as \(example), not '\(value)'")
            return nil
        }
        if !(host == "localhost" || host == "::1" || host.hasPrefix("127.")) {
            warn(listenNode, "'\(section).listen' is \(host), reachable from other machines over plain HTTP; put a reverse proxy with HTTPS in front of it, or listen on 127.0.0.1 behind one")
        }
        return (host, port)
    }

    /// A path relative to the config file's folder (absolute paths stay as they are).
    /// A path under `${CREDENTIALS_DIRECTORY}` (systemd's `LoadCredential=`) stays as written and
    /// is expanded when the secret is read.
    func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), !path.hasPrefix("$") else { return path }
        let base = (file as NSString).deletingLastPathComponent
        return base.isEmpty ? path : ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
