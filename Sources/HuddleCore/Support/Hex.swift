/// Lower-case hexadecimal text.
public enum Hex {
    /// The bytes as lower-case hex.
    public static func encode(_ bytes: [UInt8]) -> String {
        func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10 }
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = digit(byte >> 4)
                out[2 * index + 1] = digit(byte & 0xf)
            }
            return bytes.count * 2
        }
    }

    /// The bytes of hex text, or nil if it is not an even number of hex digits.
    public static func decode(_ text: String) -> [UInt8]? { decode(utf8: text.utf8) }

    /// The same for part of a text (a header's value after its prefix), without copying it first.
    public static func decode(_ text: Substring) -> [UInt8]? { decode(utf8: text.utf8) }

    private static func decode<Digits: Collection<UInt8>>(utf8: Digits) -> [UInt8]? {
        // A native string's bytes are contiguous: read them directly.
        if let decoded = utf8.withContiguousStorageIfAvailable({ decode(bytes: $0) }) { return decoded }
        return decode(bytes: utf8)
    }

    private static func decode<Digits: Collection<UInt8>>(bytes utf8: Digits) -> [UInt8]? {
        let count = utf8.count
        guard count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count / 2)
        var digits = utf8.makeIterator()
        while let first = digits.next(), let second = digits.next() {
            guard let high = value(first), let low = value(second) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}
