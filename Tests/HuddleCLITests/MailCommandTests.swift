import Foundation
import HuddleTesting
import Testing

/// Digest e-mail from the command line and from the running bot, through a real SMTP server.
@Suite struct MailCommandTests {
    func yaml(_ smtp: SMTPPeer, webhook: WebhookPeer, postAt: String) -> String {
        """
        timezone: UTC
        teams:
          - id: keuken
            name: Keuken
            channel: "#keuken"
            webhook: {platform: generic, url_env: KEUKEN_URL}
            digest:
              post_at: "\(postAt)"
              email:
                to: ["Monique <monique@hotel.example>"]
                from: huddle@hotel.example
                smtp: {url: "\(smtp.url)", user: huddle, password_file: smtp-password, ca_file: "\(smtp.certificate)"}
            shifts: [{name: ochtend, start: "07:00"}]

        """
    }

    /// Today's weekday at 00:00, so that the digest is due as soon as the bot starts.
    var dueNow: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][calendar.component(.weekday, from: Date()) - 1] + " 00:00"
    }

    /// `huddle digest --email` mails the digest at once and says so; the bot, running as nobody,
    /// mails it at `post_at` through its mail outbox, once.
    @Test func digestMailFromCommandAndBot() async throws {
        let smtp = try await SMTPPeer.started()
        let webhook = try await WebhookPeer.started()
        let config = yaml(smtp, webhook: webhook, postAt: dueNow)
        let bot = try BotProcess(executable: huddleExecutable, yaml: config, environment: ["KEUKEN_URL": webhook.url("/ok")],
                                 extraFiles: ["smtp-password": SMTPPeer.password + "\n"])
        let deadline = Date().addingTimeInterval(30)
        while smtp.messages.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        #expect(smtp.messages.count == 1)
        #expect((smtp.messages.first?["subject"] as? String)?.hasPrefix("Weekoverzicht Keuken, week ") == true)
        #expect(smtp.messages.first?["tls"] as? Bool == true)
        _ = await bot.terminate()
        let waiting = (try? FileManager.default.contentsOfDirectory(atPath: bot.dataDirectory + "/mail-outbox")) ?? []
        #expect(waiting.filter { $0.hasSuffix(".json") }.isEmpty)

        setenv("KEUKEN_URL", webhook.url("/ok"), 1)
        let sent = try await runProgram(huddleExecutable, ["digest", "--config", bot.configPath, "--team", "keuken", "--format", "text", "--email"],
                                        standardError: true)
        #expect(sent.status == 0 && sent.output.contains("digest mailed to monique@hotel.example"))
        #expect(smtp.messages.count == 2)
        try "fout\n".write(toFile: bot.directory + "/smtp-password", atomically: true, encoding: .utf8)
        let refused = try await runProgram(huddleExecutable, ["digest", "--config", bot.configPath, "--team", "keuken", "--email"],
                                           standardError: true)
        #expect(refused.status == 1 && refused.output.contains("SMTP 535"))
    }
}
