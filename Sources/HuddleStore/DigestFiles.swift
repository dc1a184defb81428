import Foundation
import HuddleCore

/// Weekly digests as files: `<data>/digests/<team>/<YYYY>-W<ww>.json`, with its Markdown and
/// HTML views beside it (`.md`, `.html`), each written atomically.
public struct DigestFiles: Sendable {
    public let directory: String

    /// Digests under `<dataDirectory>/digests`.
    public init(dataDirectory: String) {
        directory = (dataDirectory as NSString).appendingPathComponent("digests")
    }

    /// The file of a team's week.
    public func path(team: String, week: ISOWeek) -> String { "\(directory)/\(team)/\(week).json" }

    /// The HTML page of a team's week.
    public func pagePath(team: String, week: ISOWeek) -> String { "\(directory)/\(team)/\(week).html" }

    /// Writes a digest and its views in `language` (replacing any earlier version) and returns the JSON's path.
    @discardableResult
    public func write(_ digest: WeeklyDigest, language: Language) throws -> String {
        let path = path(team: digest.team, week: digest.week)
        try DurableFile.replace(path, with: try DigestBuilder.encode(digest))
        try DurableFile.replace("\(directory)/\(digest.team)/\(digest.week).md",
                                with: Data(DigestBuilder.render(digest, language: language, format: .md).utf8))
        try DurableFile.replace(pagePath(team: digest.team, week: digest.week), with: Data(DigestHTML.render(digest, language: language).utf8))
        return path
    }
}
