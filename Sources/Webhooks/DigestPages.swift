import Foundation
import HuddleCore
import HuddleStore

/// Signed, expiring links to digest pages, and the pages they open on the bot's listener:
/// `GET /digest/<team>/<week>`, a team's index `GET /digest/<team>` and a group's week
/// `GET /group-digest/<group>/<week>`, each with `exp` (Unix
/// time) and `sig` (HMAC-SHA256 of path and expiry, with the key in `<data>/link-key`). A link
/// that is missing, wrong or expired gets 403 and says nothing else.
public struct DigestPages: Sendable {
    public let web: WebSettings
    let key: [UInt8]
    let digests: DigestFiles

    /// The pages of a data directory (creating its link key on first use).
    public init(web: WebSettings, data: DataDirectory) throws {
        self.web = web
        key = try data.linkKey()
        digests = data.digests
    }

    /// The link to one week's page, valid for `web.linkDays` from `now`.
    public func link(team: String, week: ISOWeek, now: Date) -> String { signed("/digest/\(team)/\(week)", now: now) }

    /// The link to a group's page of one week.
    public func groupLink(group: String, week: ISOWeek, now: Date) -> String { signed("/group-digest/\(group)/\(week)", now: now) }

    /// The link to a team's index of weeks.
    public func indexLink(team: String, now: Date) -> String { signed("/digest/\(team)", now: now) }

    func signed(_ path: String, now: Date) -> String {
        let expires = Int(now.timeIntervalSince1970) + web.linkDays * 86_400
        return "\(web.publicURL)\(path)?exp=\(expires)&sig=\(Hex.encode(Signatures.hmacSHA256(key: key, message: Array("\(path)\n\(expires)".utf8))))"
    }

    /// The path prefixes of the pages (a team's, a group's), for the listener's router.
    public static let prefixes = ["/digest/", "/group-digest/"]

    /// Whether a request path is one of the pages'.
    public static func serves(_ path: String) -> Bool { prefixes.contains { path.hasPrefix($0) } }

    /// The headers of every answer: the signed link is the credential, so nothing is cached or
    /// sent on as a referrer, and a page runs no script, loads nothing from elsewhere and is never framed.
    public static let securityHeaders: [HTTPReply.Header] = [
        HTTPReply.Header("Cache-Control", "no-store"),
        HTTPReply.Header("Referrer-Policy", "no-referrer"),
        HTTPReply.Header("X-Content-Type-Options", "nosniff"),
        HTTPReply.Header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    ]

    /// The answer to `GET /digest/...`: the page, or 403 for anything not signed and current;
    /// each with `securityHeaders`.
    public func serve(_ request: HTTPRequest, now: Date) -> HTTPReply {
        answer(request, now: now).adding(Self.securityHeaders)
    }

    func answer(_ request: HTTPRequest, now: Date) -> HTTPReply {
        let forbidden = HTTPReply.text(403, "forbidden")
        guard request.method == "GET" || request.method == "HEAD" else { return .text(405, "use GET") }
        var fields: [String: String] = [:]
        for pair in request.query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let expires = fields["exp"].flatMap(Int.init), let signature = fields["sig"], expires >= Int(now.timeIntervalSince1970),
              Signatures.isValidHMACSHA256(hex: signature, key: key, message: Array("\(request.path)\n\(expires)".utf8)) else { return forbidden }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // A signed path is one the bot made, but its parts still never become a path unchecked.
        guard parts.count >= 3, parts[1] == "digest" || parts[1] == "group-digest", !parts[2].isEmpty,
              parts[2].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else { return forbidden }
        let id = parts[2], isGroup = parts[1] == "group-digest"
        if parts.count == 3 && !isGroup { return index(team: id, now: now) }
        guard parts.count == 4, let week = ISOWeek(parsing: parts[3]) else { return forbidden }
        let file = isGroup ? digests.groupPagePath(group: id, week: week) : digests.pagePath(team: id, week: week)
        guard let page = FileManager.default.contents(atPath: file) else { return forbidden }
        return HTTPReply(status: 200, contentType: "text/html; charset=utf-8", body: page)
    }

    /// A team's weeks that have a page, newest first, each with a fresh signed link.
    func index(team: String, now: Date) -> HTTPReply {
        let directory = (digests.pagePath(team: team, week: ISOWeek(parsing: "2026-W01")!) as NSString).deletingLastPathComponent
        let weeks = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".html") }.compactMap { ISOWeek(parsing: String($0.dropLast(5))) }.sorted(by: >)
        let items = weeks.map { "<li><a href=\"\(DigestHTML.escape(link(team: team, week: $0, now: now)))\">\($0)</a></li>" }
        let html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(DigestHTML.escape(team))</title>
            <style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:720px;padding:16px}</style></head><body>
            <h1>\(DigestHTML.escape(team))</h1><ul>\(items.joined())</ul></body></html>

            """
        return HTTPReply(status: 200, contentType: "text/html; charset=utf-8", body: Data(html.utf8))
    }
}
