#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Holds `<data>/.lock` so that two bots never share a data directory. Released when closed
/// or when the process ends.
public final class DataDirectoryLock: Sendable {
    public let path: String
    private let fd: Int32

    /// Takes the lock, or throws naming the process that holds it.
    public init(dataDirectory: String) throws {
        try DurableFile.makeDirectory(dataDirectory)
        path = (dataDirectory as NSString).appendingPathComponent(".lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else { throw StoreError.errno(path, "open") }
        // One an older version made readable by all is narrowed (a no-op when not ours).
        _ = fchmod(fd, FileModes.file)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw StoreError(path: dataDirectory, message: "another huddle bot\(holder.isEmpty ? "" : " (pid \(holder))") is using this data directory; stop it first or choose another data_dir")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        self.fd = fd
    }

    deinit { close(fd) }
}

extension DataDirectoryLock {
    /// The process id of the bot holding the lock on `dataDirectory`, or nil when no bot holds it.
    public static func holder(dataDirectory: String) -> pid_t? {
        let path = (dataDirectory as NSString).appendingPathComponent(".lock")
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return pid_t(text)
    }
}
