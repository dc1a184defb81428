import Foundation
import HuddleTesting
import Testing

/// Signed digest links from chat, opened as a leader on a phone would: the bot as nobody on
/// ngircd, its listener behind `web.public_url`, headless Chromium for the page.
@Suite struct DigestLinkTests {
    /// A leader's `!overzicht` brings a link that opens the week's page (screenshot in
    /// data/sample/digest-link.png); the same link tampered with, without its signature, or for
    /// another team gets 403 and nothing else.
    @Test func linkFromChatOpensThePage() async throws {
        let irc = try await NgircdServer.started()
        let port = try NgircdServer.freePort()
        let yaml = """
            irc: {host: 127.0.0.1, port: \(irc.port), nick: huddle}
            webhooks: {listen: "127.0.0.1:\(port)"}
            web: {public_url: "http://127.0.0.1:\(port)", link_days: 7}
            teams:
              - id: receptie
                channel: "#receptie"
                leaders: ["joost!*@127.0.0.*"]
                shifts: [{name: ochtend, start: "07:00"}]
              - id: keuken
                channel: "#keuken"
                shifts: [{name: ochtend, start: "07:00"}]

            """
        let bot = try BotProcess(executable: huddleExecutable, yaml: yaml)
        #expect(await bot.waitForLog("IRC joined"))
        let link = try await IRCTestClient.withClient(port: irc.port, nick: "joost") { joost -> String in
            try await joost.send("PRIVMSG #receptie :!blij Gast kreeg <b>gratis</b> #koffie")
            try await joost.send("PRIVMSG huddle :!overzicht deze")
            _ = try await joost.waitFor(timeout: 20) { $0.command == "NOTICE" && ($0.params.last ?? "").contains("receptie") }
            try await joost.send("PRIVMSG huddle :receptie")
            // Queued notices to one person may arrive merged into one line (" · " between them).
            let line = try await joost.waitFor(timeout: 20) { $0.command == "NOTICE" && ($0.params.last ?? "").contains("Volledig overzicht: ") }
            return String(line.params.last!.components(separatedBy: "Volledig overzicht: ").last!.split(separator: " ").first!)
        }
        #expect(link.hasPrefix("http://127.0.0.1:\(port)/digest/receptie/") && link.contains("?exp=") && link.contains("&sig="))
        let page = try await CurlCommand.get(link)
        #expect(page.status == 200 && page.body.contains("<!DOCTYPE html>") && page.body.contains("Weekoverzicht receptie"))
        #expect(page.body.contains("Gast kreeg &lt;b&gt;gratis&lt;/b&gt; #koffie"))

        let signature = link.components(separatedBy: "sig=").last!
        let flipped = String(signature.dropLast()) + (signature.last == "0" ? "1" : "0")
        for bad in [link.replacingOccurrences(of: signature, with: flipped), link.components(separatedBy: "&sig=")[0],
                    link.replacingOccurrences(of: "/receptie/", with: "/keuken/"), link.replacingOccurrences(of: "/receptie/", with: "/receptie%2F..%2F/"),
                    link.components(separatedBy: "?")[0]] {
            let answer = try await CurlCommand.get(bad)
            #expect(answer.status == 403 && answer.body.trimmingCharacters(in: .whitespacesAndNewlines) == "forbidden", "\(bad)")
        }

        let chromium = "/usr/bin/chromium"
        let folder = NgircdServer.repositoryRoot.appendingPathComponent("data/sample")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let png = folder.appendingPathComponent("digest-link.png")
        try? FileManager.default.removeItem(at: png)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("huddle-chromium-\(UUID().uuidString)")
        // A phone-sized window; nothing leaves the machine (a dead proxy for anything but loopback).
        let shot = try await runProgram(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                                                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                                   "--disable-default-apps", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
                                                   "--user-data-dir=\(profile.path)", "--hide-scrollbars", "--window-size=390,1600",
                                                   "--screenshot=\(png.path)", link])
        try? FileManager.default.removeItem(at: profile)
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(shot.status == 0 && size > 10_000, "chromium: \(shot.output.suffix(500))")
        _ = await bot.terminate()
    }
}
