#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Metrics
import Synchronization

/// A storage operation that failed, with the file and the system's reason.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    /// Creates an error about a path.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    static func errno(_ path: String, _ action: String) -> StoreError {
        StoreError(path: path, message: "\(action) failed: \(String(cString: strerror(Glibc.errno)))")
    }
}

/// What the store reports to the metrics backend (see swift-metrics).
enum StoreMetrics {
    /// How long each fsync of an append takes.
    static let fsync = Timer(label: "huddle_journal_fsync_seconds")
}

/// Small POSIX helpers for files that must survive a crash: appends and replacements that are
/// on disk (fsync'd, directory included) before they return. What they create has `FileModes`.
enum DurableFile {
    /// Numbers the temporary files of `replace`, so two replacements of one file at once never share one.
    private static let temporaries = Atomic<Int>(0)

    /// Appends bytes to a file, creating it (and its directory) if needed, and fsyncs it.
    static func append(_ data: Data, to path: String) throws {
        // The file is there nearly always: open it as it is, and create it (and its folder) only when not.
        var fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        // Set only when the file is new: its folder then needs making and syncing.
        var directory: String?
        if fd < 0 {
            guard Glibc.errno == ENOENT else { throw StoreError.errno(path, "open") }
            let folder = (path as NSString).deletingLastPathComponent
            try makeDirectory(folder)
            fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, FileModes.file)
            directory = folder
        }
        guard fd >= 0 else { throw StoreError.errno(path, "open") }
        defer { close(fd) }
        if let directory { adoptOwner(fd, of: directory) }
        var written = 0
        do {
            try writeAll(fd, data, path: path, progress: &written)
        } catch {
            // A write that stopped halfway (disk full) is taken back, so no torn line is left
            // behind: the file ends with what this call wrote (only the journal's writer appends).
            var status = stat()
            if written > 0 && fstat(fd, &status) == 0 { _ = ftruncate(fd, status.st_size - off_t(written)) }
            throw error
        }
        let started = ContinuousClock.now
        guard fsync(fd) == 0 else { throw StoreError.errno(path, "fsync") }
        StoreMetrics.fsync.record(duration: ContinuousClock.now - started)
        if let directory { try syncDirectory(directory) }
    }

    /// Replaces a file's content atomically: write a temporary file, fsync, rename, fsync the directory.
    static func replace(_ path: String, with data: Data, sync: Bool = true) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        let temporary = path + ".tmp-\(getpid())-\(temporaries.add(1, ordering: .relaxed).newValue)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, FileModes.file)
        guard fd >= 0 else { throw StoreError.errno(temporary, "open") }
        adoptOwner(fd, of: directory)
        do {
            try writeAll(fd, data, path: temporary)
            guard !sync || fsync(fd) == 0 else { throw StoreError.errno(temporary, "fsync") }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = StoreError.errno(path, "rename")
            unlink(temporary)
            throw error
        }
        if sync { try syncDirectory(directory) }
    }

    /// Flushes everything written to the file system holding `path` to disk (one `syncfs`).
    static func syncFileSystem(of path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.errno(path, "open") }
        defer { close(fd) }
        // Glibc's module map leaves syncfs(2) out (it is a GNU extension): look it up in libc.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else {
            sync()
            return
        }
        let syncfs = unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        guard syncfs(fd) == 0 else { throw StoreError.errno(path, "syncfs") }
    }

    /// Cuts a file to `length` bytes and fsyncs it.
    static func truncate(_ path: String, to length: Int) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.errno(path, "open") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(length)) == 0 else { throw StoreError.errno(path, "truncate") }
        guard fsync(fd) == 0 else { throw StoreError.errno(path, "fsync") }
    }

    static func makeDirectory(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != directory { try makeDirectory(parent) }
        guard mkdir(directory, FileModes.directory) == 0 || errno == EEXIST else {
            throw StoreError(path: directory, message: "cannot create directory: \(String(cString: strerror(errno)))")
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            adoptOwner(fd, of: parent.isEmpty ? "." : parent)
            close(fd)
        }
    }

    /// When an admin runs a command as root on a data directory that belongs to the service's
    /// user, a file or folder it creates is handed to that user, so the bot can still write it.
    static func adoptOwner(_ fd: Int32, of directory: String) {
        guard geteuid() == 0 else { return }
        var info = stat()
        guard stat(directory, &info) == 0, info.st_uid != 0 else { return }
        _ = fchown(fd, info.st_uid, info.st_gid)
    }

    static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.errno(directory, "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.errno(directory, "fsync directory") }
    }

    private static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        var written = 0
        try writeAll(fd, data, path: path, progress: &written)
    }

    /// Writes all of `data`; `progress` counts the bytes written, also when it throws.
    private static func writeAll(_ fd: Int32, _ data: Data, path: String, progress: inout Int) throws {
        try data.withUnsafeBytes { buffer in
            while progress < buffer.count {
                let written = write(fd, buffer.baseAddress! + progress, buffer.count - progress)
                if written < 0 {
                    if Glibc.errno == EINTR { continue }
                    throw StoreError.errno(path, "write")
                }
                progress += written
            }
        }
    }
}
