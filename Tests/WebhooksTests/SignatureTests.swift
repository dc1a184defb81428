import Foundation
import HuddleCore
import Testing
import Webhooks

@Suite struct HMACTests {
    /// RFC 4231 test cases 1, 2 and 6 (a key longer than the block is hashed first), through our use of swift-crypto.
    @Test func rfc4231() {
        let case1 = Signatures.hmacSHA256(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        #expect(Hex.encode(case1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let case2 = Signatures.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(case2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let case6 = Signatures.hmacSHA256(key: [UInt8](repeating: 0xaa, count: 131),
                                                  message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(Hex.encode(case6) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// Signatures are checked in any hex case; a changed byte, wrong length or non-hex fails.
    @Test func validation() {
        let key = Array("8f742231b10e8888abcd99yyyzzz85a5".utf8)
        let message = Array("v0:1531420618:token=xyz".utf8)
        let good = Hex.encode(Signatures.hmacSHA256(key: key, message: message))
        #expect(Signatures.isValidHMACSHA256(hex: good, key: key, message: message))
        #expect(Signatures.isValidHMACSHA256(hex: good.uppercased(), key: key, message: message))
        #expect(!Signatures.isValidHMACSHA256(hex: good, key: key, message: message + [0x20]))
        #expect(!Signatures.isValidHMACSHA256(hex: String(good.dropLast(2)), key: key, message: message))
        #expect(!Signatures.isValidHMACSHA256(hex: "zz" + good.dropFirst(2), key: key, message: message))
        #expect(Hex.decode("0aFf") == [0x0a, 0xff] && Hex.decode("abc") == nil)
        #expect(Hex.decode("sha256=0aFf".dropFirst(7)) == [0x0a, 0xff] && Hex.decode("x=0g".dropFirst(2)) == nil)
        #expect(Hex.decode("") == [] && Hex.encode([]) == "" && Hex.encode([0x00, 0x9f, 0xa0, 0xff]) == "009fa0ff")
        // A prefix and a body hashed in turn are the message they make together.
        let keyed = Signatures.keyedHMACSHA256(key)
        let code = Signatures.hmacSHA256(key: key, message: message)
        #expect(Signatures.isValidHMACSHA256(code, keyed: keyed, prefix: "v0:1531420618:", body: Data("token=xyz".utf8)))
        #expect(!Signatures.isValidHMACSHA256(code, keyed: keyed, prefix: "v0:1531420618", body: Data(Array(":token=xyz".utf8) + [0x20])))
    }
}

@Suite struct Ed25519Tests {
    /// The order L of the Ed25519 group, little-endian.
    let order: [UInt8] = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]

    /// RFC 8032 section 7.1, tests 1 to 3: each signature verifies; a changed message, signature or
    /// key does not, nor does a signature whose S is not below the group order.
    @Test func rfc8032() {
        let cases = [
            ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
             "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
            ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
             "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
            ("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
             "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
        ]
        for (key, message, signature) in cases {
            let k = Hex.decode(key)!, m = Hex.decode(message)!, s = Hex.decode(signature)!
            #expect(Signatures.isValidEd25519(signature: s, message: m, publicKey: k))
            #expect(!Signatures.isValidEd25519(signature: s, message: m + [0], publicKey: k))
            var flipped = s
            flipped[5] ^= 1
            #expect(!Signatures.isValidEd25519(signature: flipped, message: m, publicKey: k))
            var otherKey = k
            otherKey[0] ^= 1
            #expect(!Signatures.isValidEd25519(signature: s, message: m, publicKey: otherKey))
        }
        // S + L: the same point, but not a canonical signature.
        let s = Hex.decode(cases[0].2)!
        var scalar = s[32...].map { Int($0) }
        var carry = 0
        for i in 0..<32 {
            let sum = scalar[i] + Int(order[i]) + carry
            scalar[i] = sum & 0xff
            carry = sum >> 8
        }
        #expect(!Signatures.isValidEd25519(signature: Array(s[..<32]) + scalar.map(UInt8.init), message: [], publicKey: Hex.decode(cases[0].0)!))
        #expect(!Signatures.isValidEd25519(signature: [1, 2, 3], message: [], publicKey: Hex.decode(cases[0].0)!))
    }
}

@Suite struct TokenTests {
    /// Tokens compare equal only when they are.
    @Test func tokens() {
        #expect(Signatures.tokensEqual(Array("t0ken".utf8), Array("t0ken".utf8)))
        #expect(!Signatures.tokensEqual(Array("t0ken".utf8), Array("t0kem".utf8)))
        #expect(!Signatures.tokensEqual(Array("t0ke".utf8), Array("t0ken".utf8)))
        #expect(!Signatures.tokensEqual([], Array("t0ken".utf8)))
    }
}
