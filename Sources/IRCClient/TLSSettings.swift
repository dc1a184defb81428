import Crypto
import NIOSSL

/// How the client talks TLS: which certificates it trusts and how it proves who it is.
public struct TLSSettings: Sendable, Hashable {
    /// SHA-256 fingerprints (hex, colons allowed) of server certificates to accept instead
    /// of the system trust store; empty means the system trust store and the host name.
    public var fingerprints: [String]
    /// PEM client certificate and key, for SASL EXTERNAL.
    public var clientCertificate: String?
    public var clientKey: String?

    /// Creates TLS settings.
    public init(fingerprints: [String] = [], clientCertificate: String? = nil, clientKey: String? = nil) {
        self.fingerprints = fingerprints
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }

    /// The SHA-256 fingerprint of a DER certificate, as compared: lower-case hex.
    public static func fingerprint(of der: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(SHA256.hash(data: der).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xf)]] })
    }

    /// A fingerprint in the form compared: lower-case hex without separators.
    public static func normalized(_ fingerprint: String) -> String {
        fingerprint.lowercased().filter { $0.isHexDigit }
    }
}

extension TLSSettings {
    /// The NIOSSL context for these settings; throws when the client certificate or key does not load.
    func makeContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let certificate = clientCertificate, let key = clientKey {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        if !fingerprints.isEmpty { configuration.certificateVerification = .noHostnameVerification }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The TLS handler for a connection to `host`: the leaf certificate must match one of
    /// `fingerprints` when there are any, else the context's trust store decides.
    static func handler(context: NIOSSLContext, host: String, fingerprints: [String]) throws -> NIOSSLClientHandler {
        let isAddress = host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
        let pins = Set(fingerprints.map(normalized))
        if pins.isEmpty {
            return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
        }
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host) { certificates, promise in
            let leaf = certificates.first.flatMap { try? $0.toDERBytes() } ?? []
            promise.succeed(pins.contains(fingerprint(of: leaf)) ? .certificateVerified : .failed)
        }
    }
}
