import Foundation

/// A new, empty directory under the system's temporary directory, for one test.
public func temporaryDirectory(_ prefix: String = "huddle-test") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
