@testable import SHA2
import Testing

@Suite struct SHA256Tests {
    /// Known digests from FIPS 180-4 examples.
    @Test func vectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}

@Suite struct HMACTests {
    /// RFC 4231 test cases 1, 2 and 6 (a key longer than the block is hashed first).
    @Test func rfc4231() {
        let case1 = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        #expect(Hex.encode(case1) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let case2 = HMACSHA256.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(case2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let case6 = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0xaa, count: 131),
                                                  message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(Hex.encode(case6) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// Signatures are checked in any hex case; a changed byte, wrong length or non-hex fails.
    @Test func validation() {
        let key = Array("8f742231b10e8888abcd99yyyzzz85a5".utf8)
        let message = Array("v0:1531420618:token=xyz".utf8)
        let good = Hex.encode(HMACSHA256.authenticationCode(key: key, message: message))
        #expect(HMACSHA256.isValid(signature: good, key: key, message: message))
        #expect(HMACSHA256.isValid(signature: good.uppercased(), key: key, message: message))
        #expect(!HMACSHA256.isValid(signature: good, key: key, message: message + [0x20]))
        #expect(!HMACSHA256.isValid(signature: String(good.dropLast(2)), key: key, message: message))
        #expect(!HMACSHA256.isValid(signature: "zz" + good.dropFirst(2), key: key, message: message))
        #expect(Hex.decode("0aFf") == [0x0a, 0xff] && Hex.decode("abc") == nil)
    }
}

@Suite struct SHA512Tests {
    /// FIPS 180-4 examples, one and two blocks.
    @Test func vectors() {
        #expect(Hex.encode(SHA512.hash(Array("abc".utf8))) == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(Hex.encode(SHA512.hash([])) == "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        let long = Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        #expect(Hex.encode(SHA512.hash(long)) == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
                + "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
    }
}

@Suite struct Ed25519Tests {
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
            #expect(Ed25519.isValid(signature: s, message: m, publicKey: k))
            #expect(!Ed25519.isValid(signature: s, message: m + [0], publicKey: k))
            var flipped = s
            flipped[5] ^= 1
            #expect(!Ed25519.isValid(signature: flipped, message: m, publicKey: k))
            var otherKey = k
            otherKey[0] ^= 1
            #expect(!Ed25519.isValid(signature: s, message: m, publicKey: otherKey))
        }
        // S + L: the same point, but not a canonical signature.
        let s = Hex.decode(cases[0].2)!
        var scalar = s[32...].map { Int($0) }
        var carry = 0
        for i in 0..<32 {
            let sum = scalar[i] + Int(Ed25519.order[i]) + carry
            scalar[i] = sum & 0xff
            carry = sum >> 8
        }
        #expect(!Ed25519.isValid(signature: Array(s[..<32]) + scalar.map(UInt8.init), message: [], publicKey: Hex.decode(cases[0].0)!))
        #expect(!Ed25519.isValid(signature: [1, 2, 3], message: [], publicKey: Hex.decode(cases[0].0)!))
    }
}
