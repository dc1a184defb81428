import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real ngircd (Debian's package) on 127.0.0.1 and a free port, for integration tests.
/// It runs from `Config/ngircd.conf` with the port changed, and stops when `stop()` is called.
public final class NgircdServer: @unchecked Sendable {
    public let port: Int
    /// The TLS port, when started with TLS.
    public let tlsPort: Int?
    /// The SHA-256 fingerprint of the server's self-signed certificate (as openssl prints it).
    public private(set) var certificateFingerprint: String?
    public let directory: URL
    private var process: Process?

    /// Where Debian installs ngircd.
    public static let executable = "/usr/sbin/ngircd"

    /// The repository's root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts ngircd on `port` (a free one by default) and waits until it accepts connections;
    /// with `tls`, also on a TLS port with a fresh self-signed certificate.
    public init(port: Int? = nil, tls: Bool = false) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw TestPeerError("ngircd is not installed at \(Self.executable); run Scripts/bootstrap")
        }
        self.port = try port ?? Self.freePort()
        tlsPort = tls ? try Self.freePort() : nil
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-ngircd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        if tls { try makeCertificate() }
        try start()
    }

    /// Creates a self-signed certificate for `localhost` with openssl and notes its fingerprint.
    private func makeCertificate() throws {
        let key = directory.appendingPathComponent("key.pem").path
        let cert = directory.appendingPathComponent("cert.pem").path
        _ = try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                               "-days", "2", "-subj", "/CN=localhost"])
        for path in [key, cert] { try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        let output = try Self.run("/usr/bin/openssl", ["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"])
        certificateFingerprint = output.split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs a program to completion and returns what it printed; throws when it fails.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let (status, output) = try runProgramBlocking(executable, arguments, standardError: false)
        guard status == 0 else { throw TestPeerError("\(executable) \(arguments.joined(separator: " ")) failed") }
        return output
    }

    /// Starts the server (again, after `stop()`) on the same port.
    public func start() throws {
        let template = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("Config/ngircd.conf"), encoding: .utf8)
        var config = template.replacingOccurrences(of: "Ports = 6667", with: "Ports = \(port)")
        if let tlsPort {
            config += "\n[SSL]\n\tCertFile = \(directory.path)/cert.pem\n\tKeyFile = \(directory.path)/key.pem\n\tPorts = \(tlsPort)\n"
        }
        let configURL = directory.appendingPathComponent("ngircd.conf")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-n", "-f", configURL.path]
        process.currentDirectoryURL = directory
        let log = directory.appendingPathComponent("ngircd.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        TestServerRecord.note(process, directory: directory)
        self.process = process
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if Self.canConnect(port: port) && (tlsPort.map(Self.canConnect(port:)) ?? true) { return }
            if !process.isRunning {
                throw TestPeerError("ngircd exited at start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            }
            usleep(50_000)
        }
        stop()
        throw TestPeerError("ngircd did not listen on 127.0.0.1:\(port) within 15 s")
    }

    /// Stops the server (SIGTERM) and waits for it to exit.
    public func stop() {
        process?.stop()
        process = nil
    }

    deinit {
        stopInBackground([process], removing: directory)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestPeerError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw TestPeerError("bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw TestPeerError("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// A test peer could not be started or did not behave.
public struct TestPeerError: Error, CustomStringConvertible {
    public var description: String
    /// Creates an error with a message.
    public init(_ description: String) { self.description = description }
}
