#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
import HuddleCore
import Synchronization

/// One-time leader codes and the host masks they granted, in `<data>/leaders.json`. Codes are
/// kept only as SHA-256 hashes; the file is rewritten atomically under a lock, so the bot and
/// `huddle leader-code` can both change it.
public final class LeaderCodes: Sendable {
    /// A code an admin made for one leader of one team.
    public struct Code: Sendable, Hashable, Codable {
        public var team: String
        public var leader: String
        /// SHA-256 of the code, hex.
        public var hash: String
        public var created: Date
        public var expires: Date
        public var used: Date?
    }

    struct File: Codable {
        var v = 1
        var codes: [Code] = []
        var grants: [LeaderGrant] = []
    }

    public let path: String
    /// The file as last read, with what identifies that version (each write is a new inode).
    private let cache = Mutex<(inode: UInt, modified: Date, size: Int, file: File)?>(nil)
    /// How long a new code is valid.
    public static let validity: TimeInterval = 24 * 3600

    /// The codes of the data directory at `dataDirectory`.
    public init(dataDirectory: String) {
        path = (dataDirectory as NSString).appendingPathComponent("leaders.json")
    }

    /// Makes a new code for `leader` of `team`, valid for 24 hours, and returns it (it is shown once
    /// and stored only hashed). Earlier unused codes for the same leader stop working.
    public func issue(team: String, leader: String, now: Date) throws -> String {
        let code = Self.newCode()
        try update { file in
            file.codes.removeAll { $0.team == team && $0.leader == leader && $0.used == nil || $0.expires < now }
            file.codes.append(Code(team: team, leader: leader, hash: Self.hash(code), created: now, expires: now.addingTimeInterval(Self.validity)))
        }
        return code
    }

    /// Takes a code offered by the person at `mask`: when it is known, unused and not expired,
    /// marks it used and grants the mask; returns the grant, or nil.
    public func redeem(_ code: String, mask: String, now: Date) throws -> LeaderGrant? {
        let hash = Self.hash(code)
        var grant: LeaderGrant?
        try update { file in
            guard let index = file.codes.firstIndex(where: { $0.hash == hash && $0.used == nil && $0.expires > now }) else { return }
            file.codes[index].used = now
            let made = LeaderGrant(team: file.codes[index].team, leader: file.codes[index].leader, mask: mask, at: now)
            file.grants.removeAll { $0.team == made.team && $0.leader == made.leader && $0.mask.lowercased() == mask.lowercased() }
            file.grants.append(made)
            grant = made
        }
        return grant
    }

    /// Voids a code that was said where others could read it; returns whether it was a live code.
    @discardableResult
    public func burn(_ code: String, now: Date) throws -> Bool {
        let hash = Self.hash(code)
        var found = false
        try update { file in
            guard let index = file.codes.firstIndex(where: { $0.hash == hash && $0.used == nil }) else { return }
            file.codes[index].used = now
            found = true
        }
        return found
    }

    /// Removes every code and grant of `leader` of `team`; returns how many of each.
    public func revoke(team: String, leader: String) throws -> (codes: Int, grants: Int) {
        var removed = (codes: 0, grants: 0)
        try update { file in
            let codes = file.codes.count, grants = file.grants.count
            file.codes.removeAll { $0.team == team && $0.leader == leader }
            file.grants.removeAll { $0.team == team && $0.leader == leader }
            removed = (codes - file.codes.count, grants - file.grants.count)
        }
        return removed
    }

    /// The masks granted to `team`'s leaders (read again only when the file changed).
    public func grants(team: String) -> [LeaderGrant] {
        ((try? read()) ?? File()).grants.filter { $0.team == team }
    }

    /// Every code and grant, for `huddle leader-code --list`.
    public func all() throws -> (codes: [Code], grants: [LeaderGrant]) {
        let file = try read()
        return (file.codes, file.grants)
    }

    // MARK: - The file

    private func read() throws -> File {
        var info = stat()
        guard stat(path, &info) == 0 else { return File() }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        let inode = UInt(info.st_ino)
        if let cached = cache.withLock({ $0 }), cached.inode == inode, cached.modified == modified, cached.size == Int(info.st_size) {
            return cached.file
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreError(path: path, message: "cannot read the file") }
        let file: File
        do {
            file = try HuddleJSON.decoder().decode(File.self, from: data)
        } catch {
            throw StoreError(path: path, message: "not a leader-codes file (\(error)); move it aside and make new codes")
        }
        cache.withLock { $0 = (inode, modified, Int(info.st_size), file) }
        return file
    }

    private func update(_ change: (inout File) -> Void) throws {
        try DurableFile.makeDirectory((path as NSString).deletingLastPathComponent)
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else { throw StoreError.errno(lockPath, "open") }
        defer { close(fd) }
        DurableFile.adoptOwner(fd, of: (path as NSString).deletingLastPathComponent)
        guard flock(fd, LOCK_EX) == 0 else { throw StoreError.errno(lockPath, "flock") }
        defer { flock(fd, LOCK_UN) }
        var file = try read()
        change(&file)
        let encoder = HuddleJSON.documentEncoder()
        try DurableFile.replace(path, with: try encoder.encode(file) + Data("\n".utf8))
        cache.withLock { $0 = nil }
    }

    /// `k7wq-3mzp-x9rt`: twelve characters from 31 that are hard to mix up (about 59 bits).
    static func newCode() -> String {
        let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The stored form of a code: SHA-256 (a plain comparison of these leaks nothing useful: the
    /// codes are random, so knowing part of a hash gives no part of a code) of its characters, lower-case,
    /// without dashes or spaces.
    static func hash(_ code: String) -> String {
        let normal = code.lowercased().filter { $0 != "-" && $0 != " " }
        return Hex.encode(Array(SHA256.hash(data: Data(normal.utf8))))
    }
}

