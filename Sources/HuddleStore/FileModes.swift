#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The modes of what the bot creates under the data directory: its own user only, whatever the
/// umask (a umask only takes bits away, so it never widens these).
public enum FileModes {
    /// Files: read and write for the owner only.
    public static let file: mode_t = 0o600
    /// Directories: the owner only.
    public static let directory: mode_t = 0o700

    /// Takes group and other access away from a directory this process owns, such as a data
    /// directory an older version made under umask 022; returns its old mode when it changed it.
    public static func restrict(directory path: String) throws -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError.errno(path, "stat") }
        guard info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(), info.st_mode & 0o077 != 0 else { return nil }
        guard chmod(path, directory) == 0 else { throw StoreError.errno(path, "chmod") }
        return info.st_mode & 0o7777
    }

    /// Writes `data` to `path` atomically as a file of mode 0600 (an export the admin asked for).
    public static func writePrivately(_ data: Data, to path: String) throws {
        try DurableFile.replace(path, with: data)
    }
}
