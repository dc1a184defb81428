#if os(Linux)
import Glibc
#endif
import Foundation

/// Hands back to the kernel the code pages only start-up needed.
///
/// Resident memory counts every page of code and read-only data the process has touched, and the
/// kernel maps them in 64 KiB runs around each fault: argument parsing, the YAML config, TLS set-up
/// and the first connections leave about 20 MiB of a static binary mapped that an idle bot never
/// runs again. Once start-up is over, the clean read-only file mappings (the binary's and the
/// libraries' code and constants, never written, so nothing in them is lost) are unmapped with
/// `madvise(MADV_DONTNEED)`; the pages stay in the page cache and what the bot still runs is mapped
/// back on its next use. Mappings with any copied (anonymous) page are left alone.
public enum ResidentMemory {
    /// Unmaps the clean read-only file pages; returns how many bytes were resident in them.
    @discardableResult
    public static func releaseStartUpPages() -> Int {
        #if os(Linux)
        var released = 0
        for mapping in mappings(ownSmaps()) where mapping.isCleanReadOnlyFile {
            guard let start = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            if madvise(start, mapping.end - mapping.start, MADV_DONTNEED) == 0 { released += mapping.residentKiB * 1024 }
        }
        return released
        #else
        return 0
        #endif
    }

    /// The text of `/proc/self/smaps` (read to its end: procfs files have no size to go by).
    static func ownSmaps() -> String {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return "" }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// One mapping of `/proc/self/smaps` with what decides whether it may be released.
    struct Mapping {
        var start = 0, end = 0
        var permissions = ""
        var inode = 0
        var residentKiB = 0
        /// Pages copied on write (the loader's relocations, say): these hold data no file has.
        /// (Private_Dirty is no guide: a file's own pages not yet written back count there too.)
        var anonymousKiB = 0

        /// File-backed, neither writable nor shared, no page of its own.
        var isCleanReadOnlyFile: Bool {
            inode != 0 && !permissions.contains("w") && permissions.hasSuffix("p") && anonymousKiB == 0 && residentKiB > 0
        }
    }

    /// The mappings described by the text of `/proc/<pid>/smaps`.
    static func mappings(_ smaps: String) -> [Mapping] {
        var result: [Mapping] = []
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.last == ":" {
                guard !result.isEmpty, fields.count >= 2, let kib = Int(fields[1]) else { continue }
                switch first {
                case "Rss:": result[result.count - 1].residentKiB = kib
                case "Anonymous:": result[result.count - 1].anonymousKiB = kib
                default: break
                }
            } else if fields.count >= 5, let dash = first.firstIndex(of: "-"),
                      let start = Int(first[..<dash], radix: 16), let end = Int(first[first.index(after: dash)...], radix: 16) {
                result.append(Mapping(start: start, end: end, permissions: String(fields[1]), inode: Int(fields[4]) ?? 0))
            }
        }
        return result
    }
}
