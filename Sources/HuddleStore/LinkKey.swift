import Foundation

/// The secret that signs digest links: 32 random bytes in `<data>/link-key` (mode 0600), made
/// on first use and kept, so links stay valid across restarts. Deleting the file voids every link.
public enum LinkKey {
    /// The key of a data directory, created if there is none yet.
    public static func load(dataDirectory: String) throws -> [UInt8] {
        let path = (dataDirectory as NSString).appendingPathComponent("link-key")
        if let data = FileManager.default.contents(atPath: path), data.count == 32 { return Array(data) }
        try DurableFile.makeDirectory(dataDirectory)
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        // O_EXCL: when two processes make it at once, one wins and the other reads its key.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FileModes.file)
        if fd < 0 {
            guard errno == EEXIST, let data = FileManager.default.contents(atPath: path), data.count == 32 else {
                throw StoreError.errno(path, "create")
            }
            return Array(data)
        }
        defer { close(fd) }
        DurableFile.adoptOwner(fd, of: dataDirectory)
        guard key.withUnsafeBytes({ write(fd, $0.baseAddress, 32) }) == 32, fsync(fd) == 0 else { throw StoreError.errno(path, "write") }
        try DurableFile.syncDirectory(dataDirectory)
        return key
    }
}
