import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// InspIRCd 3 with Anope 2 services (Debian's packages) on 127.0.0.1, for tests of IRCv3
/// and SASL: accounts are registered with NickServ, logins go through SASL.
public final class InspircdServer: @unchecked Sendable {
    public let port: Int
    /// The TLS port (self-signed certificate; clients may present theirs for SASL EXTERNAL).
    public let tlsPort: Int
    /// The SHA-256 fingerprint of the server certificate, as openssl prints it.
    public private(set) var certificateFingerprint = ""
    public let linkPort: Int
    public let directory: URL
    private var ircd: Process?
    private var services: Process?

    public static let inspircd = "/usr/sbin/inspircd"
    public static let anope = "/usr/sbin/anope"

    /// Starts InspIRCd and Anope and waits until the services have linked.
    public init() throws {
        for program in [Self.inspircd, Self.anope] where !FileManager.default.isExecutableFile(atPath: program) {
            throw TestPeerError("\(program) is not installed; run Scripts/bootstrap")
        }
        port = try NgircdServer.freePort()
        tlsPort = try NgircdServer.freePort()
        linkPort = try NgircdServer.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-inspircd-\(UUID().uuidString)")
        let password = UUID().uuidString.lowercased().filter(\.isHexDigit)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificateFingerprint = try Self.makeCertificate(in: directory, name: "cert", commonName: "localhost")
        try writeInspircdConfig(password: password)
        try writeAnopeConfig(password: password)
        ircd = try launch(Self.inspircd, ["--config", directory.appendingPathComponent("inspircd.conf").path, "--nofork", "--nopid", "--runasroot"],
                          log: "inspircd.out")
        try waitFor(seconds: 15, "InspIRCd to listen") {
            NgircdServer.canConnect(port: self.port) && NgircdServer.canConnect(port: self.tlsPort) && NgircdServer.canConnect(port: self.linkPort)
        }
        let anopeDir = directory.appendingPathComponent("anope")
        services = try launch(Self.anope, ["--confdir=\(anopeDir.appendingPathComponent("conf").path)", "--dbdir=\(anopeDir.appendingPathComponent("db").path)",
                                           "--logdir=\(anopeDir.appendingPathComponent("logs").path)", "--modulesdir=/usr/lib/anope", "--nofork"],
                              log: "anope.out")
        try waitFor(seconds: 30, "Anope to link") {
            ((try? String(contentsOf: self.directory.appendingPathComponent("anope.out"), encoding: .utf8)) ?? "")
                .contains("services.huddle.test (Services for IRC Networks) is done syncing")
        }
    }

    private func writeInspircdConfig(password: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let template = try String(contentsOf: NgircdServer.repositoryRoot.appendingPathComponent("Config/inspircd/inspircd.conf"), encoding: .utf8)
        let config = template.replacingOccurrences(of: "@DIR@", with: directory.path)
            .replacingOccurrences(of: "@PORT@", with: "\(port)")
            .replacingOccurrences(of: "@TLSPORT@", with: "\(tlsPort)")
            .replacingOccurrences(of: "@LINKPORT@", with: "\(linkPort)")
            .replacingOccurrences(of: "@LINKPASS@", with: password)
        try config.write(to: directory.appendingPathComponent("inspircd.conf"), atomically: true, encoding: .utf8)
        try "Huddle test server\n".write(to: directory.appendingPathComponent("motd.txt"), atomically: true, encoding: .utf8)
    }

    /// Copies Debian's Anope configuration and points it at this InspIRCd.
    private func writeAnopeConfig(password: String) throws {
        let anope = directory.appendingPathComponent("anope")
        let conf = anope.appendingPathComponent("conf")
        for folder in ["conf", "db", "logs"] {
            try FileManager.default.createDirectory(at: anope.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: "/etc/anope") {
            var text = try String(contentsOfFile: "/etc/anope/\(file)", encoding: .utf8)
            switch file {
            case "services.conf":
                text = try Self.replacing(text, [
                    ("\tport = 7000", "\tport = \(linkPort)"),
                    ("\tpassword = \"mypassword\"", "\tpassword = \"\(password)\""),
                    ("\tvalue = \"services.example.com\"", "\tvalue = \"services.huddle.test\""),
                    ("\tname = \"services.example.com\"", "\tname = \"services.huddle.test\""),
                    ("\tpid = \"/var/run/anope/anope.pid\"", "\tpid = \"\(anope.path)/anope.pid\""),
                    ("\tmotd = \"/etc/anope/services.motd\"", "\tmotd = \"\(conf.path)/services.motd\""),
                    ("\tcasemap = \"ascii\"", "\tcasemap = \"rfc1459\""),
                ])
            case "nickserv.conf":
                text = try Self.replacing(text, [("\tforceemail = yes", "\tforceemail = no"), ("\tregdelay = 30s", "\t#regdelay = 30s")])
            default:
                break
            }
            try text.write(to: conf.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
    }

    /// Makes `<name>.pem` and `<name>.key`-style files (`cert.pem`/`key.pem` for the server) with openssl and
    /// returns the certificate's SHA-256 fingerprint.
    @discardableResult
    public static func makeCertificate(in directory: URL, name: String, commonName: String) throws -> String {
        let cert = directory.appendingPathComponent("\(name).pem").path
        let key = directory.appendingPathComponent(name == "cert" ? "key.pem" : "\(name).key").path
        _ = try NgircdServer.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                                      "-days", "2", "-subj", "/CN=\(commonName)"])
        let output = try NgircdServer.run("/usr/bin/openssl", ["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"])
        return output.split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }

    static func replacing(_ text: String, _ pairs: [(String, String)]) throws -> String {
        var result = text
        for (old, new) in pairs {
            guard result.contains(old) else { throw TestPeerError("Anope's configuration has changed: '\(old)' not found") }
            result = result.replacingOccurrences(of: old, with: new)
        }
        return result
    }

    private func launch(_ program: String, _ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        // Anything a server leaves in its working directory (a core file) stays in its own folder.
        process.currentDirectoryURL = directory
        let logURL = directory.appendingPathComponent(log)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logURL)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        TestServerRecord.note(process, directory: directory)
        return process
    }

    private func waitFor(seconds: TimeInterval, _ what: String, _ ready: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if ready() { return }
            usleep(100_000)
        }
        let logs = ["inspircd.out", "anope.out"].map { ((try? String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) ?? "").suffix(1500) }
        stop()
        throw TestPeerError("timed out waiting for \(what):\n\(logs.joined(separator: "\n---\n"))")
    }

    /// Stops both servers.
    public func stop() {
        services?.stop()
        ircd?.stop()
        services = nil
        ircd = nil
    }

    deinit {
        stopInBackground([services, ircd], removing: directory)
    }
}
