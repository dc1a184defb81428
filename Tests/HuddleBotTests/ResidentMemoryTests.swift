import Foundation
import Testing
@testable import HuddleBot

@Suite struct ResidentMemoryTests {
    /// Only file-backed, read-only, private mappings without a page of their own are released
    /// (a freshly written binary's pages not yet on disk are still the file's): never the
    /// relocated (copied) data, writable data, anonymous memory or the stack.
    @Test func choosesCleanReadOnlyFileMappings() {
        let smaps = """
        55d0a0000000-55d0a1000000 r--p 00000000 fe:01 1234                       /usr/bin/huddle
        Size:              16384 kB
        Rss:                3000 kB
        Private_Dirty:         0 kB
        Anonymous:             0 kB
        VmFlags: rd mr mw me sd
        55d0a1000000-55d0a2000000 r-xp 01000000 fe:01 1234                       /usr/bin/huddle
        Rss:               15000 kB
        Private_Dirty:      1392 kB
        Anonymous:             0 kB
        55d0a2000000-55d0a2100000 r--p 02000000 fe:01 1234                       /usr/bin/huddle
        Rss:                 900 kB
        Private_Dirty:       900 kB
        Anonymous:           900 kB
        55d0a2100000-55d0a2200000 rw-p 02100000 fe:01 1234                       /usr/bin/huddle
        Rss:                 300 kB
        Private_Dirty:         0 kB
        Anonymous:             0 kB
        7f0000000000-7f0000100000 rw-p 00000000 00:00 0
        Rss:                1000 kB
        Anonymous:          1000 kB
        7f0000200000-7f0000300000 r-xs 00000000 fe:01 99                         /dev/shm/shared
        Rss:                  10 kB
        Private_Dirty:         0 kB
        7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]
        Rss:                  40 kB
        """
        let mappings = ResidentMemory.mappings(smaps)
        #expect(mappings.count == 7)
        #expect(mappings.map(\.isCleanReadOnlyFile) == [true, true, false, false, false, false, false])
        #expect(mappings[1].start == 0x55d0a1000000 && mappings[1].residentKiB == 15000)
    }

    /// Releasing this very process's clean pages loses nothing: its code and constants come back
    /// on use, and the resident size shrinks.
    @Test func releasingKeepsTheProcessWhole() throws {
        #if os(Linux)
        let text = String(repeating: "huddle ", count: 1000)
        let before = try residentKiB()
        let released = ResidentMemory.releaseStartUpPages()
        #expect(released > 0)
        #expect(try residentKiB() < before)
        #expect(text.count == 7000)
        #expect(ResidentMemory.mappings(ResidentMemory.ownSmaps()).contains { $0.isCleanReadOnlyFile })
        #endif
    }

    func residentKiB() throws -> Int {
        let status = String(decoding: FileHandle(forReadingAtPath: "/proc/self/status")!.readDataToEndOfFile(), as: UTF8.self)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }!
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])!
    }
}
