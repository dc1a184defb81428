import IRCClient
import Testing

@Suite struct SHA256Tests {
    /// Certificate pins are SHA-256 (swift-crypto): the FIPS 180-4 example digests.
    @Test func vectors() {
        #expect(TLSSettings.fingerprint(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TLSSettings.fingerprint(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(TLSSettings.fingerprint(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}

