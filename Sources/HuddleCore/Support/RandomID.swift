/// Random version-4 UUIDs as lower-case text, from the system's random generator (getrandom):
/// Foundation's `UUID()` opens and reads /dev/urandom each time, which costs more than the rest
/// of storing an entry.
public enum RandomID {
    /// A fresh `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` in lower-case hex.
    public static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        var high = generator.next() as UInt64, low = generator.next() as UInt64
        high = (high & ~0xF000) | 0x4000                      // version 4
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)        // variant 10xx
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            for (word, groups) in [(high, [8, 4, 4]), (low, [4, 12])] {
                var shift = 64
                for length in groups {
                    if index > 0 { buffer[index] = UInt8(ascii: "-"); index += 1 }
                    for _ in 0..<length {
                        shift -= 4
                        buffer[index] = digits[Int((word >> UInt64(shift)) & 0xF)]
                        index += 1
                    }
                }
            }
            return index
        }
    }
}
