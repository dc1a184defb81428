/// The simulator's one source of chance: xoshiro256** seeded through SplitMix64, so a seed
/// names a whole run (never `SystemRandomNumberGenerator`).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose every draw follows from `seed`.
    public init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        state = (mix.next(), mix.next(), mix.next(), mix.next())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 { (value << count) | (value >> (64 - count)) }

    /// Whether an event of probability `p` happens.
    public mutating func chance(_ p: Double) -> Bool { p > 0 && Double.random(in: 0..<1, using: &self) < p }

    /// A whole number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// A number of seconds in `range`.
    public mutating func seconds(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }

    /// One of `items` (which must not be empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A generator of its own for one part of the run, so that part's draws do not shift the others'.
    public mutating func fork() -> SeededRandom { SeededRandom(seed: next()) }
}

/// SplitMix64: spreads one seed over the generator's state.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A hash of a few values that is the same in every process (Swift's `Hasher` is seeded per
/// process): the simulator's decisions that must not depend on the order of concurrent work.
public func stableHash(_ parts: [UInt64]) -> UInt64 {
    var mix = SplitMix64(seed: 0x6875_6464_6C65)
    var value: UInt64 = 0
    for part in parts {
        mix.state ^= part
        value = mix.next() ^ (value &* 31)
    }
    return value
}

/// FNV-1a over UTF-8: a stable 64-bit hash of text.
public func fnv1a(_ text: String, into hash: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    var hash = hash
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}
