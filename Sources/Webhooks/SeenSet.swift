import Foundation

/// Keys seen lately (signatures, post ids), forgotten once older than the time they are kept:
/// in the order they came, so forgetting takes only the oldest instead of looking at them all.
struct SeenSet<Key: Hashable> {
    private var times: [Key: Date] = [:]
    private var order: [(key: Key, at: Date)] = []
    private var head = 0

    /// Notes `key` at `now`; false when it was seen within `keep` seconds before.
    mutating func insert(_ key: Key, now: Date, keep: TimeInterval) -> Bool {
        while head < order.count, now.timeIntervalSince(order[head].at) > keep {
            let old = order[head]
            if times[old.key] == old.at { times[old.key] = nil }
            head += 1
        }
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        if let seen = times[key], now.timeIntervalSince(seen) <= keep { return false }
        times[key] = now
        order.append((key, now))
        return true
    }
}

/// Keys as text: `signature <hex>` (Discord), `post <id>`.
typealias SeenKeys = SeenSet<String>

/// An HMAC-SHA256 signature (Slack, Teams' form aside, the generic route) as a key of its own:
/// its 32 bytes, so the same signature in either case of hex is the same key, as its lower-case
/// text was, without writing and hashing that text.
struct SignatureKey: Hashable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    init?(_ code: [UInt8]) {
        guard code.count == 32 else { return nil }
        words = code.withUnsafeBytes { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                                        $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) }
    }

    static func == (lhs: SignatureKey, rhs: SignatureKey) -> Bool { lhs.words == rhs.words }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
