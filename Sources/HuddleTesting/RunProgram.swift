import Foundation

/// Runs a program to its end and returns its exit status and what it printed (standard error
/// too, unless `standardError` is false, when only standard output is kept), with `input` (when
/// given) as its standard input, else this process's. It waits on a
/// thread of its own, never on one of the few cooperative threads other tests need.
public func runProgram(_ executable: String, _ arguments: [String], standardError: Bool = true,
                       input: String? = nil) async throws -> (status: Int32, output: String) {
    try await offThePool { try runProgramBlocking(executable, arguments, standardError: standardError, input: input) }
}

/// `runProgram` for code that already runs off the cooperative pool.
func runProgramBlocking(_ executable: String, _ arguments: [String], standardError: Bool = true,
                        input: String? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = standardError ? pipe : FileHandle.nullDevice
    let feed = input.map { _ in Pipe() }
    if let feed { process.standardInput = feed }
    try process.run()
    if let feed, let input {
        feed.fileHandleForWriting.write(Data(input.utf8))
        try feed.fileHandleForWriting.close()
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
