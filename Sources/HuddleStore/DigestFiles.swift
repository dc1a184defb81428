import Foundation
import HuddleCore

/// Weekly digests as files: `<data>/digests/<team>/<YYYY>-W<ww>.json`, with its Markdown and
/// HTML views beside it (`.md`, `.html`), each written atomically.
public struct DigestFiles: Sendable {
    public let directory: String

    /// Whether each file is on disk before `write` returns; otherwise `flush` puts them there.
    let syncEach: Bool

    /// Digests under `<dataDirectory>/digests`; with `syncEach` false (rebuilding many at once,
    /// all derived from the journal) files reach the disk together at `flush` instead of one fsync each.
    public init(dataDirectory: String, syncEach: Bool = true) {
        directory = (dataDirectory as NSString).appendingPathComponent("digests")
        self.syncEach = syncEach
    }

    /// Puts every digest written so far on disk (one sync of the file system).
    public func flush() throws {
        try DurableFile.makeDirectory(directory)
        try DurableFile.syncFileSystem(of: directory)
    }

    /// The file of a team's week.
    public func path(team: String, week: ISOWeek) -> String { "\(directory)/\(team)/\(week).json" }

    /// The HTML page of a team's week.
    public func pagePath(team: String, week: ISOWeek) -> String { "\(directory)/\(team)/\(week).html" }

    /// Writes a digest and its views in `language` (replacing any earlier version) and returns the JSON's path.
    @discardableResult
    public func write(_ digest: WeeklyDigest, language: Language) throws -> String {
        let path = path(team: digest.team, week: digest.week)
        try replace(path, with: try DigestBuilder.encode(digest))
        try replace("\(directory)/\(digest.team)/\(digest.week).md", with: Data(DigestBuilder.render(digest, language: language, format: .md).utf8))
        try replace(pagePath(team: digest.team, week: digest.week), with: Data(DigestHTML.render(digest, language: language).utf8))
        return path
    }

    /// The HTML page of a group's week: `<data>/group-digests/<group>/<YYYY>-W<ww>.html`.
    public func groupPagePath(group: String, week: ISOWeek) -> String {
        "\((directory as NSString).deletingLastPathComponent)/group-digests/\(group)/\(week).html"
    }

    /// Writes a group digest (JSON) with its Markdown and HTML views; returns the JSON's path.
    @discardableResult
    public func write(_ digest: GroupDigest, language: Language) throws -> String {
        let page = groupPagePath(group: digest.group, week: digest.week)
        let base = String(page.dropLast(".html".count))
        try replace(base + ".json", with: try GroupDigest.encode(digest))
        try replace(base + ".md", with: Data(digest.render(language: language, format: .md).utf8))
        try replace(page, with: Data(digest.html(language: language).utf8))
        return base + ".json"
    }

    /// Replaces one file atomically, fsync'd now or at `flush` (see `syncEach`).
    private func replace(_ path: String, with data: Data) throws {
        try DurableFile.replace(path, with: data, sync: syncEach)
    }
}
