import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

@Suite struct DigestHTMLTests {
    func sample() -> WeeklyDigest {
        let digestTests = DigestTests()
        var entries = digestTests.entries
        entries.append(JournalEntry(id: "x", at: utc("2026-11-25T09:00:00Z"), team: "receptie", type: .pain, author: Author(nick: "eve"),
                                    text: "<script>alert('x')</script> & rij #inchecken", tags: ["inchecken"]))
        entries.append(JournalEntry(id: "y", at: utc("2026-11-26T09:00:00Z"), team: "receptie", type: .pain, author: Author(nick: "bob"),
                                    text: "Weer een rij #inchecken", tags: ["inchecken"]))
        return DigestBuilder.build(team: digestTests.team, week: digestTests.week, entries: entries)
    }

    /// The page stands alone (no external assets), draws its charts as inline SVG, and escapes what staff wrote.
    @Test func selfContained() {
        let html = DigestHTML.render(sample(), language: .nl)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<meta name=\"viewport\""))
        #expect(html.components(separatedBy: "<svg class=\"chart\" viewBox").count - 1 == 4)
        #expect(!html.contains("<script") && html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; rij"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))
        #expect(html.contains("Huddles per dag") && html.contains("#inchecken"))
        #expect(DigestHTML.render(sample(), language: .en).contains("Huddles per day"))
    }

    /// The page shows what was said in each huddle, per question and who said it, folded.
    @Test func answersPerHuddle() {
        let html = DigestHTML.render(sample(), language: .nl)
        #expect(html.contains("<details><summary>ochtend, maandag 23 november (3 antwoorden)</summary>"))
        #expect(html.contains("<li><b>Vraag 1</b><ul><li><bdi>Groep van 12</bdi> <span style=\"color:#555\">— <bdi>anna</bdi></span></li></ul></li>"))
        #expect(html.contains("<b>Vraag 2</b><ul><li><bdi>Regen</bdi> <span style=\"color:#555\">— <bdi>bob</bdi></span></li>"))
        let mail = DigestHTML.render(sample(), language: .en, medium: .mail)
        #expect(mail.contains("What was said in each huddle") && mail.contains("<b>Question 3</b>") && !mail.contains("<svg"))
    }

    /// Headless Chromium renders the page; the screenshot is kept as data/sample/digest.png (out of git).
    @Test func rendersInChromium() async throws {
        let chromium = "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            Issue.record("chromium is not installed at \(chromium); run Scripts/bootstrap")
            return
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("data/sample")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("digest.html")
        let png = folder.appendingPathComponent("digest.png")
        try DigestHTML.render(sample(), language: .nl).write(to: page, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: png)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-chromium-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // Everything stays on this machine: no background services, and any request goes to a dead loopback proxy.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--disable-default-apps", "--disable-domain-reliability", "--proxy-server=127.0.0.1:9",
                             "--user-data-dir=\(profile.path)", "--hide-scrollbars", "--window-size=420,1800",
                             "--screenshot=\(png.path)", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: profile)
        let data = try Data(contentsOf: png)
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(data.count > 10_000)
    }
}
