import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing
@testable import Webhooks

@Suite struct DigestPagesTests {
    func request(_ link: String) -> HTTPRequest {
        let target = String(link.dropFirst("https://huddle.example".count))
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        return HTTPRequest(method: "GET", path: parts[0], query: parts.count > 1 ? parts[1] : "", headers: [:], body: Data())
    }

    /// A link opens its page until it expires, then gets 403; the index lists the weeks with
    /// fresh links; the key survives a restart, so links made before it still open.
    @Test func signedAndExpiring() throws {
        let data = try temporaryDirectory()
        let week = ISOWeek(parsing: "2026-W48")!
        let page = DigestFiles(dataDirectory: data).pagePath(team: "receptie", week: week)
        try FileManager.default.createDirectory(atPath: (page as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "<!DOCTYPE html><p>week 48</p>".write(toFile: page, atomically: true, encoding: .utf8)
        let pages = try DigestPages(web: WebSettings(publicURL: "https://huddle.example", linkDays: 14), data: DataDirectory(data))
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let link = pages.link(team: "receptie", week: week, now: now)
        #expect(pages.serve(request(link), now: now.addingTimeInterval(13 * 86_400)).status == 200)
        #expect(pages.serve(request(link), now: now.addingTimeInterval(15 * 86_400)).status == 403)
        let restarted = try DigestPages(web: WebSettings(publicURL: "https://huddle.example"), data: DataDirectory(data))
        #expect(restarted.serve(request(link), now: now).status == 200)
        let index = restarted.serve(request(restarted.indexLink(team: "receptie", now: now)), now: now)
        #expect(index.status == 200 && String(decoding: index.body, as: UTF8.self).contains(">2026-W48</a>"))
        // Re-signing a changed path needs the key; without it every change is refused alike.
        let other = link.replacingOccurrences(of: "2026-W48", with: "2026-W47")
        #expect(restarted.serve(request(other), now: now).status == 403)
        #expect(restarted.serve(request(link.replacingOccurrences(of: "exp=", with: "exp=9")), now: now).status == 403)
        let post = HTTPRequest(method: "POST", path: request(link).path, query: request(link).query, headers: [:], body: Data())
        #expect(restarted.serve(post, now: now).status == 405)
        // A group's page, under its own prefix.
        let groupPage = DigestFiles(dataDirectory: data).groupPagePath(group: "zuid", week: week)
        try FileManager.default.createDirectory(atPath: (groupPage as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "<!DOCTYPE html><p>groep</p>".write(toFile: groupPage, atomically: true, encoding: .utf8)
        let groupLink = restarted.groupLink(group: "zuid", week: week, now: now)
        #expect(DigestPages.serves(request(groupLink).path) && DigestPages.serves(request(link).path) && !DigestPages.serves("/slack/receptie"))
        #expect(restarted.serve(request(groupLink), now: now).status == 200)
        #expect(restarted.serve(request(groupLink.replacingOccurrences(of: "/group-digest/", with: "/digest/")), now: now).status == 403)
        let mode = try FileManager.default.attributesOfItem(atPath: data + "/link-key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// Every answer (a page, the index, a refusal of a bad link or a method) carries the security
    /// headers: not cached, no referrer, no sniffing, and a policy that allows no script, nothing
    /// from elsewhere and no framing.
    @Test func securityHeadersOnEveryAnswer() throws {
        let data = try temporaryDirectory()
        let week = ISOWeek(parsing: "2026-W48")!
        let page = DigestFiles(dataDirectory: data).pagePath(team: "receptie", week: week)
        try FileManager.default.createDirectory(atPath: (page as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "<!DOCTYPE html><p>week 48</p>".write(toFile: page, atomically: true, encoding: .utf8)
        let pages = try DigestPages(web: WebSettings(publicURL: "https://huddle.example"), data: DataDirectory(data))
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let link = pages.link(team: "receptie", week: week, now: now)
        var post = request(link)
        post.method = "POST"
        let answers = [pages.serve(request(link), now: now), pages.serve(request(pages.indexLink(team: "receptie", now: now)), now: now),
                       pages.serve(request(link.replacingOccurrences(of: "sig=", with: "sig=0")), now: now), pages.serve(post, now: now)]
        #expect(answers.map(\.status) == [200, 200, 403, 405])
        for answer in answers {
            let headers = Dictionary(answer.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            #expect(headers["cache-control"] == "no-store")
            #expect(headers["referrer-policy"] == "no-referrer")
            #expect(headers["x-content-type-options"] == "nosniff")
            let policy = headers["content-security-policy"] ?? ""
            #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'") && !policy.contains("script"))
        }
    }
}
