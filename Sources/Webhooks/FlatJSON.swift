import Foundation

/// The generic route's body read without JSONSerialization, when it is the usual flat object:
/// string keys without escapes, and values that are strings, `true`, `false` or `null`. Anything
/// else (a number, a nested value, a repeated key, a control character, bytes that are not UTF-8,
/// a surrogate escape, text after the object) is left to JSONSerialization: nil then. Where this
/// reads a body, it reads what JSONSerialization reads (tested side by side).
enum FlatJSON {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case null
    }

    static func object(_ body: Data) -> [String: Value]? {
        body.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
            return reader.object()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func object() -> [String: Value]? {
            guard skipSpace() == UInt8(ascii: "{") else { return nil }
            index += 1
            var fields: [String: Value] = [:]
            fields.reserveCapacity(6)
            if skipSpace() == UInt8(ascii: "}") {
                index += 1
                return skipSpace() == nil ? fields : nil
            }
            while true {
                guard skipSpace() == UInt8(ascii: "\""), let key = string(), skipSpace() == UInt8(ascii: ":") else { return nil }
                index += 1
                let value: Value
                switch skipSpace() {
                case UInt8(ascii: "\""): guard let text = string() else { return nil }; value = .string(text)
                case UInt8(ascii: "t"): guard literal("true") else { return nil }; value = .bool(true)
                case UInt8(ascii: "f"): guard literal("false") else { return nil }; value = .bool(false)
                case UInt8(ascii: "n"): guard literal("null") else { return nil }; value = .null
                default: return nil
                }
                guard fields.updateValue(value, forKey: key) == nil else { return nil }
                switch skipSpace() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return skipSpace() == nil ? fields : nil
                default: return nil
                }
            }
        }

        /// The byte after JSON whitespace, nil at the end.
        mutating func skipSpace() -> UInt8? {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return bytes[index]
                }
            }
            return nil
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// A string at `index` (its opening quote), with the simple escapes and \u escapes of
        /// characters outside the surrogate range; nil for anything else.
        mutating func string() -> String? {
            index += 1
            let start = index
            var plain = true
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    let end = index
                    index += 1
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    return plain ? String(validating: slice, as: UTF8.self) : unescaped(slice)
                case UInt8(ascii: "\\"):
                    plain = false
                    index += 2
                case 0..<0x20:
                    return nil
                default:
                    index += 1
                }
            }
            return nil
        }

        static func hexValue(_ digit: UInt8) -> UInt32? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(digit - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        func unescaped(_ slice: UnsafeBufferPointer<UInt8>) -> String? {
            var out: [UInt8] = []
            out.reserveCapacity(slice.count)
            var position = 0
            while position < slice.count {
                let byte = slice[position]
                guard byte == UInt8(ascii: "\\") else {
                    out.append(byte)
                    position += 1
                    continue
                }
                guard position + 1 < slice.count else { return nil }
                switch slice[position + 1] {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard position + 6 <= slice.count else { return nil }
                    var code: UInt32 = 0
                    for digit in slice[position + 2..<position + 6] {
                        guard let value = Self.hexValue(digit) else { return nil }
                        code = code << 4 | value
                    }
                    // A surrogate (half of a pair) is not a scalar: left to JSONSerialization.
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    Unicode.UTF8.encode(scalar) { out.append($0) }
                    position += 6
                    continue
                default: return nil
                }
                position += 2
            }
            return String(validating: out, as: UTF8.self)
        }
    }
}
