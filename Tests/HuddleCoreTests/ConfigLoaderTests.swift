import Foundation
import Testing
@testable import HuddleCore

@Suite struct ConfigLoaderTests {
    static let example = """
        data_dir: data
        locale: nl
        timezone: Europe/Amsterdam
        irc:
          host: 127.0.0.1
          port: 6667
          tls: false
          nick: huddle
        teams:
          - id: receptie
            name: Receptie
            channel: "#receptie"
            leaders: [monique]
            shifts:
              - name: ochtend
                start: "07:00"
                days: [mon, tue, wed, thu, fri, sat, sun]
                window: 15m
        """

    /// Errors found in a broken file, as `line:column: message`.
    func issues(_ yaml: String) -> [String] {
        do {
            _ = try ConfigLoader.load(yaml: yaml, path: "huddle.yaml")
            return []
        } catch {
            return error.issues.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
        }
    }

    /// The example from the issue loads with every value in place.
    @Test func loadsExample() throws {
        let config = try ConfigLoader.load(yaml: Self.example, path: "Config/huddle.yaml")
        #expect(config.dataDirectory == "Config/data")
        #expect(config.language == .nl)
        #expect(config.timeZone.identifier == "Europe/Amsterdam")
        #expect(config.irc == IRCSettings(host: "127.0.0.1", port: 6667, tls: false, nick: "huddle"))
        let team = try #require(config.teams.first)
        #expect(team.id == "receptie" && team.name == "Receptie" && team.channel == "#receptie" && team.leaders == ["monique"])
        #expect(team.shifts == [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!, days: Set(Weekday.allCases), window: 900)])
    }

    /// Only `irc:` and no teams is a valid bot that connects and idles.
    @Test func ircOnly() throws {
        let config = try ConfigLoader.load(yaml: "irc:\n  host: irc.example\n", path: "/etc/huddle/huddle.yaml")
        #expect(config.teams.isEmpty)
        #expect(config.irc?.nick == "huddle" && config.irc?.port == 6667)
        #expect(config.dataDirectory == "/etc/huddle/data")
    }

    /// Team settings override the defaults; an absolute data_dir stays as it is.
    @Test func teamOverrides() throws {
        let config = try ConfigLoader.load(yaml: """
            data_dir: /var/lib/huddle
            locale: en
            irc: {host: h}
            teams:
              - {id: keuken, channel: "#keuken", locale: nl, timezone: America/New_York, shifts: [{name: laat, start: "15:30", days: [ma, za], window: 1h30m}]}
            """, path: "x.yaml")
        #expect(config.dataDirectory == "/var/lib/huddle")
        let team = config.teams[0]
        #expect(team.language == .nl && team.timeZone.identifier == "America/New_York" && team.name == "keuken")
        #expect(team.shifts[0].days == [.monday, .saturday] && team.shifts[0].window == 5400)
    }

    /// An unknown key names the key, its line and what is allowed.
    @Test func unknownKey() {
        #expect(issues("irc:\n  host: h\n  prot: 6667\n") ==
                ["3:3: unknown key 'prot' in 'irc'; expected one of: host, port, tls, tls_fingerprints, client_cert, client_key, nick, alt_nicks, username, realname, password_env, sasl, flood, ping_interval, ping_timeout, connections, max_connections"])
        #expect(issues("irc: {host: h}\nteam: []\n").first?.hasPrefix("2:1: unknown key 'team' at the top level") == true)
    }

    /// Wrong values are reported with position and what is expected, all at once.
    @Test func badValues() {
        let found = issues("""
            timezone: Mars/Olympus
            irc:
              host: h
              port: "abc"
            teams:
              - id: Front Desk
                channel: "#a b"
                shifts:
                  - {name: ochtend, start: "7h", days: [mon, someday], window: 0m}
            """)
        #expect(found == [
            "1:11: 'timezone' must be an IANA time zone such as Europe/Amsterdam, not 'Mars/Olympus'",
            "4:9: 'irc.port' must be a whole number from 1 to 65535, not 'abc'",
            "6:9: 'teams[0].id' must use only a-z, 0-9 and '-' (it names files), not 'Front Desk'",
            "7:14: 'teams[0].channel' must be an IRC channel such as \"#receptie\" (quoted, no spaces or commas), not '#a b'",
            "9:32: 'teams[0].shifts[0].start' must be a time HH:MM such as \"07:00\" (quoted), not '7h'",
            "9:50: 'teams[0].shifts[0].days' holds 'someday'; expected mon, tue, wed, thu, fri, sat or sun",
            "9:68: 'teams[0].shifts[0].window' must be a duration from 1m to 12h such as 15m or 1h30m, not '0m'",
        ])
    }

    /// Missing required keys are named.
    @Test func missingKeys() {
        #expect(issues("locale: nl\n") == ["1:1: missing 'irc:' section; the bot needs a server to connect to (host, port, nick), or teams with a 'webhook:'"])
        #expect(issues("irc: {host: h}\nteams:\n  - name: x\n").contains { $0.contains("missing 'teams[0].id'") })
        #expect(issues("irc: {host: h}\nteams:\n  - id: x\n").contains { $0.contains("missing 'teams.x.channel'") })
    }

    /// An unquoted channel is a YAML comment, which leaves the channel missing: the message says to quote it.
    @Test func unquotedChannel() {
        #expect(issues("irc: {host: h}\nteams:\n  - id: x\n    channel: #x\n").contains { $0.contains("has no value; write the channel in quotes") })
    }

    /// Duplicate team ids and channels are refused.
    @Test func duplicates() {
        let found = issues("irc: {host: h}\nteams:\n  - {id: a, channel: \"#x\"}\n  - {id: a, channel: \"#X\"}\n")
        #expect(found.contains { $0.hasPrefix("4:5: team id 'a' is used twice") })
        #expect(found.contains { $0.hasPrefix("4:5: channel '#X' is used by team 'a' too") })
    }

    /// Broken YAML is reported with the scanner's line and column.
    @Test func syntaxError() {
        #expect(issues("irc:\n  host: [a\n").first?.hasPrefix("3:1: invalid YAML") == true)
        #expect(issues("irc:\n  host: a\n  host: b\n").first?.contains("'host' appears more than once") == true)
    }

    /// TLS, SASL and flood settings load; secrets are referenced, never written in the file.
    @Test func ircSecurity() throws {
        let config = try ConfigLoader.load(yaml: """
            irc:
              host: irc.example.org
              port: 6697
              tls: true
              tls_fingerprints: ["BD:16:16:98:2A:C1:EB:94:A7:38:CE:61:65:B4:9C:41:2F:3E:C8:01:26:72:EF:F1:F7:FC:4B:30:EB:EC:ED:A8"]
              client_cert: certs/bot.pem
              client_key: certs/bot.key
              sasl: {mechanism: PLAIN, account: huddle, password_env: HUDDLE_IRC_PASSWORD}
              flood: {burst: 3, per_second: 0.5}
              ping_interval: 45s
            """, path: "Config/huddle.yaml")
        let irc = try #require(config.irc)
        #expect(irc.tls && irc.tlsFingerprints == ["bd1616982ac1eb94a738ce6165b49c412f3ec8012672eff1f7fc4b30ebeceda8"])
        #expect(irc.clientCertificate == "Config/certs/bot.pem" && irc.clientKey == "Config/certs/bot.key")
        #expect(irc.sasl == SASLSettings(mechanism: .plain, account: "huddle", passwordEnv: "HUDDLE_IRC_PASSWORD"))
        #expect(irc.floodBurst == 3 && irc.floodPerSecond == 0.5)
        #expect(irc.pingInterval == 45 && irc.pingTimeout == 30)
        #expect(issues("irc:\n  host: h\n  ping_timeout: 2s\n") == ["3:17: 'irc.ping_timeout' must be a duration from 5s to 10m such as 30s, not '2s'"])
        #expect(issues("irc:\n  host: h\n  sasl: {mechanism: PLAIN, account: a}\n").first?.contains("exactly one of 'password_env'") == true)
        #expect(issues("irc:\n  host: h\n  tls: true\n  sasl: {mechanism: EXTERNAL}\n").first?.contains("EXTERNAL needs 'irc.client_cert'") == true)
        #expect(issues("irc:\n  host: h\n  tls_fingerprints: [abc]\n").contains { $0.contains("expected a SHA-256 fingerprint") })
        #expect(issues("irc:\n  host: h\n  tls_fingerprints: [abc]\n").contains { $0.contains("TLS settings need 'irc.tls: true'") })
        #expect(issues("irc:\n  host: h\n  flood: {per_second: 0}\n").first?.contains("'irc.flood.per_second' must be a number above 0") == true)
    }

    /// `irc.flood: off` loads with a warning that names the line; higher limits load; any other
    /// word is an error.
    @Test func floodOff() throws {
        let config = try ConfigLoader.load(yaml: "irc:\n  host: h\n  flood: off\n", path: "huddle.yaml")
        #expect(config.irc?.floodOff == true)
        #expect(config.warnings.map(\.description).first?.hasPrefix("huddle.yaml:3:10: 'irc.flood: off'") == true)
        let fast = try ConfigLoader.load(yaml: "irc:\n  host: h\n  flood: {burst: 500, per_second: 5000}\n", path: "huddle.yaml")
        #expect(fast.irc?.floodOff == false && fast.irc?.floodBurst == 500 && fast.irc?.floodPerSecond == 5000 && fast.warnings.isEmpty)
        #expect(issues("irc:\n  host: h\n  flood: fast\n") == ["3:10: 'irc.flood' must be 'off' or a mapping such as {burst: 4, per_second: 1}"])
    }

    /// The digest mail settings load; wrong addresses, URLs and half a login are errors with positions.
    @Test func digestEmail() throws {
        let config = try ConfigLoader.load(yaml: """
            irc: {host: h}
            teams:
              - id: keuken
                channel: "#keuken"
                digest:
                  email:
                    to: ["Monique <monique@hotel.example>", joost@hotel.example]
                    from: huddle@hotel.example
                    subject: Week van de keuken
                    smtp: {url: "smtp://mail.hotel.example:587", user: huddle, password_file: secrets/smtp}
            """, path: "Config/huddle.yaml")
        let email = try #require(config.teams[0].digest.email)
        #expect(email.to.map(\.address) == ["monique@hotel.example", "joost@hotel.example"] && email.to[0].name == "Monique")
        #expect(email.smtp == SMTPSettings(url: "smtp://mail.hotel.example:587", startTLS: .required, user: "huddle",
                                           password: .file("Config/secrets/smtp")))
        let bad = issues("""
            irc: {host: h}
            teams:
              - id: keuken
                channel: "#keuken"
                digest:
                  email:
                    to: [monique]
                    from: huddle@hotel.example
                    smtp: {url: "http://mail.example", user: huddle, starttls: maybe}
            """)
        #expect(bad.contains { $0.hasPrefix("7:14: 'teams.keuken.digest.email.to' holds 'monique', which is not an e-mail address") })
        #expect(bad.contains { $0.contains("'teams.keuken.digest.email.smtp.url' must be smtp://host:port") })
        #expect(bad.contains { $0.contains("'teams.keuken.digest.email.smtp.starttls' must be required, optional or off, not 'maybe'") })
        #expect(bad.contains { $0.contains("has a 'user' but no 'password_env' or 'password_file'") })
    }

    /// A team without shifts and a shift without days load, with a warning.
    @Test func warnings() throws {
        let config = try ConfigLoader.load(yaml: "irc: {host: h}\nteams:\n  - {id: a, channel: \"#a\"}\n  - {id: b, channel: \"#b\", shifts: [{name: s, start: \"09:00\", days: []}]}\n", path: "w.yaml")
        #expect(config.warnings.map(\.message) == ["team 'a' has no shifts; it gets no huddle prompts", "shift 's' has no days; it never opens a huddle"])
    }
}

@Suite struct ScheduleConfigTests {
    func issues(_ yaml: String) -> [String] { ConfigLoaderTests().issues(yaml) }

    /// Shift ends, grace, days off, reminders, questions and intro load as written.
    @Test func loadsScheduleKeys() throws {
        let config = try ConfigLoader.load(yaml: """
            holidays: nl
            allow_nick_identity: true
            irc: {host: h}
            teams:
              - id: r
                channel: "#r"
                skip_dates: ["2026-12-31"]
                remind: quiet
                remind_at: 50%
                questions: [{nl: "Een?", en: "One?"}, {nl: "Twee?", en: "Two?"}]
                intro: {nl: "Hoi {team}", en: "Hi {team}"}
                shifts:
                  - {name: nacht, start: "22:00", end: "06:00", grace: 30m, skip_dates: ["2026-12-24"]}
              - id: k
                channel: "#k"
                holidays: none
            """, path: "x.yaml")
        #expect(config.chat.nickIdentity == .true)
        let r = config.teams[0]
        #expect(r.holidays == .nl && r.skipDates == [CalendarDay(parsing: "2026-12-31")!] && r.remind == .quiet && r.remindAt == 0.5)
        #expect(r.questions?.map(\.en) == ["One?", "Two?"] && r.intro?.nl == "Hoi {team}")
        let shift = r.shifts[0]
        #expect(shift.end == LocalTime(hour: 6, minute: 0) && shift.length == 8 * 3600 && shift.grace == 1800)
        #expect(shift.skipDates == [CalendarDay(parsing: "2026-12-24")!])
        #expect(config.teams[1].holidays == nil)
    }

    /// Wrong schedule values are reported where they are.
    @Test func badScheduleValues() {
        let found = issues("""
            irc: {host: h}
            teams:
              - id: r
                channel: "#r"
                holidays: be
                remind: loud
                remind_at: "0.8"
                skip_dates: ["31-12-2026"]
                intro: {nl: "Hoi {naam}"}
                questions: []
                shifts:
                  - {name: a, start: "07:00", end: "07:10", window: 15m, grace: forever}
            """)
        #expect(found == [
            "5:15: 'teams.r.holidays' must be nl (Dutch public holidays) or none, not 'be'",
            "6:13: 'teams.r.remind' must be quiet, channel or mention, not 'loud'",
            "7:16: 'teams.r.remind_at' must be a percentage of the window from 1% to 99% such as 80%, not '0.8'",
            "8:18: 'teams.r.skip_dates' holds '31-12-2026'; expected a date YYYY-MM-DD",
            "9:12: 'teams.r.intro' needs a text in both languages (nl and en); 'en' is missing",
            "9:17: 'teams.r.intro.nl' uses unknown placeholder {naam}; known: {team}, {shift}, {date}, {top_pain}, {open_actions}",
            "10:16: 'teams.r.questions' must hold 1 to 9 questions, not 0",
            "12:57: 'teams.r.shifts[0].window' (15m) is longer than the shift (10m)",
            "12:69: 'teams.r.shifts[0].grace' must be a duration up to 12h such as 15m, not 'forever'",
        ])
    }

    /// Overlapping shifts in one channel give a warning, not an error.
    @Test func overlapWarning() throws {
        let config = try ConfigLoader.load(yaml: """
            irc: {host: h}
            teams:
              - id: r
                channel: "#r"
                shifts:
                  - {name: dag, start: "07:00", end: "16:00"}
                  - {name: avond, start: "15:00", end: "23:00"}
                  - {name: nacht, start: "23:00", end: "07:00"}
            """, path: "x.yaml")
        #expect(config.warnings.map(\.message) == ["shifts 'avond' and 'dag' of team 'r' overlap in #r; their huddles may run at the same time"])
    }
}

@Suite struct ChatConfigTests {
    /// The chat section and retention load as written; wrong values name what is allowed.
    @Test func chatSection() throws {
        let config = try ConfigLoader.load(yaml: """
            allow_nick_identity: false
            retention_weeks: 104
            chat:
              prefix: "."
              confirm: short
              notify_recipient: private
              kudos_per_day: 3
              rate_limit: {burst: 2, per_minute: 4}
              pii: mask
            irc: {host: h}
            """, path: "x.yaml")
        #expect(config.retentionWeeks == 104)
        var expected = ChatSettings()
        expected.prefix = "."
        expected.confirm = .short
        expected.notifyRecipient = .private
        expected.kudosPerDay = 3
        expected.rateBurst = 2
        expected.ratePerMinute = 4
        expected.pii = .mask
        expected.nickIdentity = .false
        #expect(config.chat == expected)
        #expect(ConfigLoaderTests().issues("irc: {host: h}\nchat: {confirm: loud, prefix: ab, pii: maybe}\nallow_nick_identity: sometimes\n") == [
            "2:17: 'chat.confirm' must be notice, reply, short, not 'loud'",
            "2:31: 'chat.prefix' must be 1 to 3 punctuation characters such as \"!\" or \".\" (quoted), not 'ab'",
            "2:40: 'chat.pii' must be refuse, mask, allow, not 'maybe'",
            "3:22: 'allow_nick_identity' must be auto, true or false, not 'sometimes'",
        ])
    }
}
