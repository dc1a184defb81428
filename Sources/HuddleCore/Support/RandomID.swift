#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Random version-4 UUIDs as lower-case text, from the system's random generator (getrandom):
/// Foundation's `UUID()` opens and reads /dev/urandom each time, which costs more than the rest
/// of storing an entry.
public enum RandomID {
    /// Ids made some other way than at random.
    public final class Source: Sendable {
        let make: @Sendable () -> String

        /// A source whose ids `make` makes.
        public init(_ make: @escaping @Sendable () -> String) { self.make = make }
    }

    /// Where ids come from instead, in the task that binds it and its child tasks: the
    /// deterministic simulator (`huddle-sim`) numbers them from its seed. Nil everywhere else.
    @TaskLocal public static var source: Source?

    /// A fresh `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` in lower-case hex.
    public static func uuid() -> String {
        if let source { return source.make() }
        var (high, low) = randomBits()
        high = (high & ~0xF000) | 0x4000                      // version 4
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)        // variant 10xx
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            // 32 hex digits, most significant first, with dashes after the 8th, 12th, 16th and 20th.
            for digit in 0..<32 {
                if digit == 8 || digit == 12 || digit == 16 || digit == 20 { buffer[index] = UInt8(ascii: "-"); index += 1 }
                let word = digit < 16 ? high : low
                let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * (digit % 16))) & 0xF
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                index += 1
            }
            return index
        }
    }

    /// Random bits the system gave, not handed out yet: one getrandom(2) call fills them for 16
    /// ids (a call per id, as the generator makes, cost more than writing the id).
    private struct Pool {
        var words = [UInt64](repeating: 0, count: 32)
        var next = 32
    }
    private static let pool = Mutex(Pool())

    /// getrandom(2), looked up in libc (Glibc's module map leaves it out); nil where it is missing.
    private static let getrandom: (@convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int)? = {
        #if canImport(Glibc)
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "getrandom").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutableRawPointer?, Int, UInt32) -> Int).self)
        }
        #else
        nil
        #endif
    }()

    /// 128 bits from the system's random generator.
    private static func randomBits() -> (UInt64, UInt64) {
        pool.withLock { pool in
            if pool.next + 2 > pool.words.count {
                let filled = pool.words.withUnsafeMutableBytes { bytes in getrandom?(bytes.baseAddress, bytes.count, 0) == bytes.count }
                if !filled {
                    var generator = SystemRandomNumberGenerator()
                    for index in pool.words.indices { pool.words[index] = generator.next() }
                }
                pool.next = 0
            }
            defer { pool.next += 2 }
            return (pool.words[pool.next], pool.words[pool.next + 1])
        }
    }
}
