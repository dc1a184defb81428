import Foundation

/// Finds text that looks like personal data, so observations about customers stay about
/// situations, not people: citizen service numbers (BSN, with the 11-check), phone numbers,
/// e-mail addresses and dates of birth (dates before 2020).
public enum PersonalData {
    /// A kind of personal data.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case bsn, phone, email, birthDate = "birth_date"

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The name of the kind for a person.
        public func name(_ language: Language) -> String {
            switch self {
            case .bsn: return language == .nl ? "BSN" : "citizen service number (BSN)"
            case .phone: return language == .nl ? "telefoonnummer" : "phone number"
            case .email: return language == .nl ? "e-mailadres" : "e-mail address"
            case .birthDate: return language == .nl ? "geboortedatum" : "date of birth"
            }
        }
    }

    /// One finding: what it is and where.
    public struct Match: Sendable, Hashable {
        public var kind: Kind
        public var range: Range<String.Index>
    }

    /// Every finding in a text, in order.
    public static func find(in text: String) -> [Match] {
        var matches: [Match] = []
        // Every pattern needs an `@` (e-mail) or at least six ASCII digits (the others): text
        // without them is not searched, which spares most lines the regular expressions.
        var digits = 0, at = false
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { digits += 1 } else if byte == UInt8(ascii: "@") { at = true }
        }
        guard at || digits >= 6 else { return matches }
        for (kind, pattern) in patterns where kind == .email ? at : digits >= 6 {
            for match in text.matches(of: pattern) {
                let range = match.range
                if !standsAlone(range, in: text) { continue }
                let candidate = String(text[range])
                if kind == .bsn && !passesElevenCheck(candidate) { continue }
                if matches.contains(where: { $0.range.overlaps(range) }) { continue }
                matches.append(Match(kind: kind, range: range))
            }
        }
        return matches.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The kinds found in a text.
    public static func kinds(in text: String) -> [Kind] {
        let found = find(in: text)
        return found.isEmpty ? [] : Array(Set(found.map(\.kind))).sorted()
    }

    /// The text with every finding replaced by `[…]`.
    public static func masked(_ text: String) -> String {
        var result = text
        for match in find(in: text).reversed() {
            result.replaceSubrange(match.range, with: "[…]")
        }
        return result
    }

    /// The Dutch BSN 11-check: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11.
    public static func passesElevenCheck(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == 9, digits.contains(where: { $0 != 0 }) else { return false }
        let sum = (0..<8).reduce(0) { $0 + digits[$1] * (9 - $1) } - digits[8]
        return sum % 11 == 0
    }

    /// A match counts only when no digit (or `+`) touches it on either side.
    static func standsAlone(_ range: Range<String.Index>, in text: String) -> Bool {
        if range.lowerBound > text.startIndex {
            let before = text[text.index(before: range.lowerBound)]
            if before.isNumber || before == "+" { return false }
        }
        if range.upperBound < text.endIndex, text[range.upperBound].isNumber { return false }
        return true
    }

    nonisolated(unsafe) static let patterns: [(Kind, Regex<Substring>)] = [
        (.email, try! Regex(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)),
        (.birthDate, try! Regex(#"(?:0?[1-9]|[12][0-9]|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19[0-9]{2}|20[01][0-9])|(?:19[0-9]{2}|20[01][0-9])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"#)),
        (.bsn, try! Regex(#"[0-9]{4}[ .][0-9]{2}[ .][0-9]{3}|[0-9]{3}[ .]?[0-9]{2}[ .]?[0-9]{2}[ .]?[0-9]{2}"#)),
        (.phone, try! Regex(#"(?:\+|00)[1-9][0-9](?:[ -]?[0-9]){7,12}|0[1-9](?:[ -]?[0-9]){8}"#)),
    ]
}
