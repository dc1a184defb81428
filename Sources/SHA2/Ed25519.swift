/// Ed25519 signature verification (RFC 8032), for Discord's signed interactions. The field and
/// group arithmetic follows TweetNaCl: 16 limbs of 16 bits in `Int64`, constant-time selects.
public enum Ed25519 {
    /// Whether `signature` (64 bytes) is `publicKey`'s (32 bytes) signature of `message`.
    public static func isValid(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, publicKey.count == 32 else { return false }
        let s = Array(signature[32...])
        guard isBelowOrder(s), var q = unpackNegated(publicKey) else { return false }
        var h = SHA512.hash(Array(signature[..<32]) + publicKey + message)
        h = reduce(h)
        var p = scalarMultiply(&q, h)
        var base = basePoint()
        var sb = scalarMultiply(&base, s)
        add(&p, &sb)
        return HMACSHA256.constantTimeEqual(pack(p), Array(signature[..<32]))
    }

    typealias Field = [Int64]
    typealias Point = [Field]

    static let zero: Field = [Int64](repeating: 0, count: 16)
    static let one: Field = [1] + [Int64](repeating: 0, count: 15)
    static let d: Field = [0x78a3, 0x1359, 0x4dca, 0x75eb, 0xd8ab, 0x4141, 0x0a4d, 0x0070, 0xe898, 0x7779, 0x4079, 0x8cc7, 0xfe73, 0x2b6f, 0x6cee, 0x5203]
    static let d2: Field = [0xf159, 0x26b2, 0x9b94, 0xebd6, 0xb156, 0x8283, 0x149a, 0x00e0, 0xd130, 0xeef3, 0x80f2, 0x198e, 0xfce7, 0x56df, 0xd9dc, 0x2406]
    static let x: Field = [0xd51a, 0x8f25, 0x2d60, 0xc956, 0xa7b2, 0x9525, 0xc760, 0x692c, 0xdc5c, 0xfdd6, 0xe231, 0xc0a4, 0x53fe, 0xcd6e, 0x36d3, 0x2169]
    static let y: Field = [0x6658, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666]
    static let sqrtMinusOne: Field = [0xa0b0, 0x4a0e, 0x1b27, 0xc4ee, 0xe478, 0xad2f, 0x1806, 0x2f43, 0xd7a7, 0x3dfb, 0x0099, 0x2b4d, 0xdf0b, 0x4fc1, 0x2480, 0x2b83]
    /// The group order L, little-endian.
    static let order: [Int64] = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]

    static func carry(_ o: inout Field) {
        for i in 0..<16 {
            o[i] += 1 << 16
            let c = o[i] >> 16
            if i < 15 { o[i + 1] += c - 1 } else { o[0] += 38 * (c - 1) }
            o[i] -= c << 16
        }
    }

    /// Swaps `p` and `q` when `b` is 1, in constant time.
    static func select(_ p: inout Field, _ q: inout Field, _ b: Int64) {
        let c = ~(b - 1)
        for i in 0..<16 {
            let t = c & (p[i] ^ q[i])
            p[i] ^= t
            q[i] ^= t
        }
    }

    static func pack25519(_ n: Field) -> [UInt8] {
        var t = n
        carry(&t)
        carry(&t)
        carry(&t)
        var m = zero
        for _ in 0..<2 {
            m[0] = t[0] - 0xffed
            for i in 1..<15 {
                m[i] = t[i] - 0xffff - ((m[i - 1] >> 16) & 1)
                m[i - 1] &= 0xffff
            }
            m[15] = t[15] - 0x7fff - ((m[14] >> 16) & 1)
            let b = (m[15] >> 16) & 1
            m[14] &= 0xffff
            select(&t, &m, 1 - b)
        }
        var o = [UInt8](repeating: 0, count: 32)
        for i in 0..<16 {
            o[2 * i] = UInt8(truncatingIfNeeded: t[i] & 0xff)
            o[2 * i + 1] = UInt8(truncatingIfNeeded: t[i] >> 8)
        }
        return o
    }

    static func unpack25519(_ n: [UInt8]) -> Field {
        var o = zero
        for i in 0..<16 { o[i] = Int64(n[2 * i]) + (Int64(n[2 * i + 1]) << 8) }
        o[15] &= 0x7fff
        return o
    }

    static func parity(_ a: Field) -> UInt8 { pack25519(a)[0] & 1 }

    static func plus(_ a: Field, _ b: Field) -> Field { (0..<16).map { a[$0] + b[$0] } }
    static func minus(_ a: Field, _ b: Field) -> Field { (0..<16).map { a[$0] - b[$0] } }

    static func times(_ a: Field, _ b: Field) -> Field {
        var t = [Int64](repeating: 0, count: 31)
        for i in 0..<16 {
            for j in 0..<16 { t[i + j] += a[i] * b[j] }
        }
        for i in 0..<15 { t[i] += 38 * t[i + 16] }
        var o = Array(t[0..<16])
        carry(&o)
        carry(&o)
        return o
    }

    static func square(_ a: Field) -> Field { times(a, a) }

    static func invert(_ i: Field) -> Field {
        var c = i
        for a in stride(from: 253, through: 0, by: -1) {
            c = square(c)
            if a != 2 && a != 4 { c = times(c, i) }
        }
        return c
    }

    static func pow2523(_ i: Field) -> Field {
        var c = i
        for a in stride(from: 250, through: 0, by: -1) {
            c = square(c)
            if a != 1 { c = times(c, i) }
        }
        return c
    }

    /// p += q, in extended coordinates.
    static func add(_ p: inout Point, _ q: inout Point) {
        let a = times(minus(p[1], p[0]), minus(q[1], q[0]))
        let b = times(plus(p[0], p[1]), plus(q[0], q[1]))
        let c = times(times(p[3], q[3]), d2)
        var dd = times(p[2], q[2])
        dd = plus(dd, dd)
        let e = minus(b, a), f = minus(dd, c), g = plus(dd, c), h = plus(b, a)
        p = [times(e, f), times(h, g), times(g, f), times(e, h)]
    }

    static func swap(_ p: inout Point, _ q: inout Point, _ b: Int64) {
        for i in 0..<4 { select(&p[i], &q[i], b) }
    }

    static func pack(_ p: Point) -> [UInt8] {
        let zi = invert(p[2])
        let tx = times(p[0], zi), ty = times(p[1], zi)
        var r = pack25519(ty)
        r[31] ^= parity(tx) << 7
        return r
    }

    /// [s]q, with the ladder of TweetNaCl (q is used as scratch).
    static func scalarMultiply(_ q: inout Point, _ s: [UInt8]) -> Point {
        var p: Point = [zero, one, one, zero]
        for i in stride(from: 255, through: 0, by: -1) {
            let b = Int64((s[i / 8] >> UInt8(i & 7)) & 1)
            swap(&p, &q, b)
            add(&q, &p)
            var doubled = p
            add(&p, &doubled)
            swap(&p, &q, b)
        }
        return p
    }

    static func basePoint() -> Point { [x, y, one, times(x, y)] }

    /// The scalar `r` (64 bytes) reduced modulo the group order, as 32 bytes.
    static func reduce(_ r: [UInt8]) -> [UInt8] {
        var x = r.map(Int64.init)
        for i in stride(from: 63, through: 32, by: -1) {
            var carry: Int64 = 0
            var j = i - 32
            while j < i - 12 {
                x[j] += carry - 16 * x[i] * order[j - (i - 32)]
                carry = (x[j] + 128) >> 8
                x[j] -= carry << 8
                j += 1
            }
            x[j] += carry
            x[i] = 0
        }
        var carry: Int64 = 0
        for j in 0..<32 {
            x[j] += carry - (x[31] >> 4) * order[j]
            carry = x[j] >> 8
            x[j] &= 255
        }
        for j in 0..<32 { x[j] -= carry * order[j] }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            x[i + 1] += x[i] >> 8
            out[i] = UInt8(truncatingIfNeeded: x[i] & 255)
        }
        return out
    }

    /// Whether the little-endian scalar `s` is below the group order (RFC 8032 requires it).
    static func isBelowOrder(_ s: [UInt8]) -> Bool {
        for i in stride(from: 31, through: 0, by: -1) {
            if Int64(s[i]) < order[i] { return true }
            if Int64(s[i]) > order[i] { return false }
        }
        return false
    }

    /// The negation of the point encoded in `p`, or nil when `p` is not a point.
    static func unpackNegated(_ p: [UInt8]) -> Point? {
        let z = one
        let yy = unpack25519(p)
        var num = square(yy)
        var den = times(num, d)
        num = minus(num, z)
        den = plus(z, den)
        let den2 = square(den), den4 = square(den2), den6 = times(den4, den2)
        var t = times(times(den6, num), den)
        t = pow2523(t)
        t = times(times(times(t, num), den), den)
        var xx = times(t, den)
        var check = times(square(xx), den)
        if pack25519(check) != pack25519(num) { xx = times(xx, sqrtMinusOne) }
        check = times(square(xx), den)
        guard pack25519(check) == pack25519(num) else { return nil }
        if parity(xx) == p[31] >> 7 { xx = minus(zero, xx) }
        return [xx, yy, z, times(xx, yy)]
    }
}
