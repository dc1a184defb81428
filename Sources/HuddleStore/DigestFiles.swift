import Foundation
import HuddleCore

/// Weekly digests as files: `<data>/digests/<team>/<YYYY>-W<ww>.json`, each written atomically.
public struct DigestFiles: Sendable {
    public let directory: String

    /// Digests under `<dataDirectory>/digests`.
    public init(dataDirectory: String) {
        directory = (dataDirectory as NSString).appendingPathComponent("digests")
    }

    /// The file of a team's week.
    public func path(team: String, week: ISOWeek) -> String { "\(directory)/\(team)/\(week).json" }

    /// Writes a digest (replacing any earlier version) and returns its path.
    @discardableResult
    public func write(_ digest: WeeklyDigest) throws -> String {
        let path = path(team: digest.team, week: digest.week)
        try DurableFile.replace(path, with: try DigestBuilder.encode(digest))
        return path
    }
}
