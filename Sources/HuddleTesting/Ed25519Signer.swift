import Foundation

/// Signs like a Discord application does, with a fresh Ed25519 key made by the `openssl` tool:
/// an independent signer for the bot's signature check.
public final class Ed25519Signer: Sendable {
    let directory: URL
    /// The public key as 64 hex digits, as Discord's developer portal shows it.
    public let publicKeyHex: String

    /// Makes a new key pair (blocking: call it through `offThePool`, or use `make()`).
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-ed25519-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem").path
        _ = try NgircdServer.run("/usr/bin/openssl", ["genpkey", "-algorithm", "ed25519", "-out", key])
        let der = directory.appendingPathComponent("public.der").path
        _ = try NgircdServer.run("/usr/bin/openssl", ["pkey", "-in", key, "-pubout", "-outform", "DER", "-out", der])
        publicKeyHex = try Data(contentsOf: URL(fileURLWithPath: der)).suffix(32).map { String(format: "%02x", $0) }.joined()
    }

    /// A new key pair, made off the cooperative pool.
    public static func make() async throws -> Ed25519Signer {
        try await offThePool { try Ed25519Signer() }
    }

    /// The 64-byte signature of `message`.
    public func sign(_ message: Data) async throws -> Data {
        let directory = directory
        return try await offThePool {
            let input = directory.appendingPathComponent("message-\(UUID().uuidString)")
            let output = directory.appendingPathComponent("signature-\(UUID().uuidString)")
            try message.write(to: input)
            _ = try NgircdServer.run("/usr/bin/openssl", ["pkeyutl", "-sign", "-inkey", directory.appendingPathComponent("key.pem").path,
                                                           "-rawin", "-in", input.path, "-out", output.path])
            return try Data(contentsOf: output)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}
