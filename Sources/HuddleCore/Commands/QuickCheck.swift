import Foundation

/// A question answered with one value instead of words (`type:` in the config): a scale from 1
/// to 5, or a traffic light. The value is stored as the answer's first word, in one form for both
/// languages (`1`…`5`; `groen`, `oranje`, `rood`), so the digest can count them.
public enum QuickCheck: String, Sendable, Hashable, CaseIterable, Codable {
    case scale
    case traffic

    /// The stored values, in order.
    public var values: [String] {
        switch self {
        case .scale: ["1", "2", "3", "4", "5"]
        case .traffic: ["groen", "oranje", "rood"]
        }
    }

    /// Words people may answer a traffic light with, by the value they stand for.
    static let trafficWords: [String: String] = ["groen": "groen", "green": "groen", "oranje": "oranje", "orange": "oranje",
                                                 "amber": "oranje", "geel": "oranje", "yellow": "oranje", "rood": "rood", "red": "rood"]

    /// The value an answer gives (its first word, without punctuation), and the words after it; nil when it is no value of this check.
    public func read(_ answer: String) -> (value: String, comment: String)? {
        let (word, rest) = answer.splitFirstWord()
        let plain = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
        let value: String? = switch self {
        case .scale: values.contains(plain) ? plain : nil
        case .traffic: Self.trafficWords[plain]
        }
        return value.map { ($0, rest) }
    }

    /// A value as the team reads it: `3`, `groen` or `green`.
    public func label(_ value: String, _ language: Language) -> String {
        guard self == .traffic, language == .en else { return value }
        return ["groen": "green", "oranje": "amber", "rood": "red"][value] ?? value
    }

    /// What the prompt adds to the question: `(1–5)`, `(groen, oranje of rood)`.
    public func hint(_ language: Language) -> String {
        switch self {
        case .scale: "(1–5)"
        case .traffic: language == .nl ? "(groen, oranje of rood)" : "(green, amber or red)"
        }
    }
}
