import SHA2
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
