import Crypto
import Foundation
import HuddleCore

/// The signature checks of the webhook platforms, on swift-crypto: HMAC-SHA256 (Slack, Teams,
/// the generic route), Ed25519 (Discord), and token comparison, all in constant time.
public enum Signatures {
    /// The HMAC-SHA256 of `message` under `key`.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// Whether `code` is the HMAC-SHA256 of `message` under `key`, compared in constant time.
    public static func isValidHMACSHA256(_ code: [UInt8], key: [UInt8], message: [UInt8]) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: SymmetricKey(data: key))
    }

    /// An HMAC-SHA256 keyed once: each check under the same key copies it instead of hashing
    /// the key again.
    public static func keyedHMACSHA256(_ key: [UInt8]) -> HMAC<SHA256> {
        HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    /// Whether `code` is the HMAC-SHA256 of `message` under the key of `keyed`, compared in constant time.
    public static func isValidHMACSHA256(_ code: [UInt8], keyed: HMAC<SHA256>, message: [UInt8]) -> Bool {
        var mac = keyed
        mac.update(data: message)
        return mac.finalize() == code
    }

    /// Whether `code` is the HMAC-SHA256, under the key of `keyed`, of `prefix` followed by `body`
    /// (hashed in turn, never copied into one message), compared in constant time.
    public static func isValidHMACSHA256(_ code: [UInt8], keyed: HMAC<SHA256>, prefix: String, body: Data) -> Bool {
        var mac = keyed
        var prefix = prefix
        prefix.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        body.withUnsafeBytes { mac.update(data: $0) }
        // Compared in constant time, byte by byte, as swift-crypto's own comparison does.
        return mac.finalize().withUnsafeBytes { computed in
            guard computed.count == code.count else { return false }
            var difference: UInt8 = 0
            for index in 0..<code.count { difference |= computed[index] ^ code[index] }
            return difference == 0
        }
    }

    /// Whether `hex` (either case) is the HMAC-SHA256 of `message` under `key`.
    public static func isValidHMACSHA256(hex: String, key: [UInt8], message: [UInt8]) -> Bool {
        guard let code = Hex.decode(hex) else { return false }
        return isValidHMACSHA256(code, key: key, message: message)
    }

    /// Whether `signature` (64 bytes) is `publicKey`'s (32 bytes) Ed25519 signature of `message`.
    public static func isValidEd25519(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// Whether two tokens are equal, in time that does not depend on where they differ: the
    /// given one is checked as an HMAC of the expected one under a fresh key.
    public static func tokensEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        let key = SymmetricKey(size: .bits256)
        return HMAC<SHA256>.isValidAuthenticationCode(HMAC<SHA256>.authenticationCode(for: given, using: key),
                                                      authenticating: expected, using: key)
    }
}
