import Foundation
import HuddleCore
import Webhooks

/// What a platform's dialog carries and hands back: which huddle, for which user, until when,
/// signed with the data directory's link key (`team|shift|day|user|expires|name|signature`), so a
/// submission cannot name another huddle or person. Discord's `custom_id` holds 100 characters,
/// so the signature is cut to 128 bits and the name, which Discord sends itself, is left empty.
struct DialogState: Sendable, Hashable {
    var team: String
    var huddle: HuddleRef
    var userID: String
    var expires: Int
    /// The user's name, where the platform's submission does not say it (Mattermost).
    var name: String = ""

    private var fields: [String] { [team, huddle.shift, huddle.day.description, userID, String(expires), name] }

    func encoded(key: [UInt8]) -> String {
        (fields + [Self.signature(fields, key: key)]).joined(separator: "|")
    }

    static func signature(_ fields: [String], key: [UInt8]) -> String {
        String(Hex.encode(Signatures.hmacSHA256(key: key, message: Array((["dialog"] + fields).joined(separator: "\n").utf8))).prefix(32))
    }

    /// The state a submission hands back, when its signature holds and it has not expired.
    static func read(_ text: String, key: [UInt8], now: Date) -> DialogState? {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7, let day = CalendarDay(parsing: parts[2]), let expires = Int(parts[4]), expires >= Int(now.timeIntervalSince1970),
              Signatures.tokensEqual(Array(signature(Array(parts.prefix(6)), key: key).utf8), Array(parts[6].utf8)) else { return nil }
        return DialogState(team: parts[0], huddle: HuddleRef(shift: parts[1], day: day), userID: parts[3], expires: expires, name: parts[5])
    }
}

extension HuddleBot {
    /// Opens the platform's own dialog for `/huddle` alone, or takes a submitted one; nil leaves
    /// the line to the chat (the form link, or what the platform cannot do here).
    func answerDialog(team id: String, line: InboundLine) async -> HTTPReply? {
        let config = config, now = clock.now()
        guard let team = config.team(id: id), let webhook = team.webhook, let key = try? data.linkKey() else { return nil }
        if let submitted = line.dialog { return await submitDialog(submitted, line: line, team: team, platform: webhook.platform, key: key, now: now) }
        guard let open = await openHuddle(of: team, at: now) else { return nil }
        let huddle = HuddleRef(shift: open.key.shift, day: open.key.day)
        var state = DialogState(team: team.id, huddle: huddle, userID: line.userID, expires: Int(open.closesAt.timeIntervalSince1970))
        if webhook.platform == .mattermost { state.name = UserText.clean(line.userName) }
        let dialog = await huddleDialog(team: team, huddle: huddle, person: UserText.clean(line.userName), state: state.encoded(key: key), at: now)
        switch webhook.platform {
        case .discord:
            return .json(200, dialog.discordModal())
        case .slack, .mattermost:
            guard let token = webhook.botToken.flatMap({ try? secrets.read($0) }), let trigger = line.triggerID else { return nil }
            return await openDialog(dialog, trigger: trigger, token: token, team: team, webhook: webhook) ? HTTPReply(status: 200, contentType: "text/plain; charset=utf-8", body: Data()) : nil
        case .teams, .generic:
            return nil
        }
    }

    /// The open huddle's questions (a quick check's values to pick), a compliment and an observation, as a dialog.
    func huddleDialog(team: TeamConfig, huddle: HuddleRef, person: String, state: String, at now: Date) async -> HuddleDialog {
        let language = team.language
        let checks = team.quickChecks(forShift: huddle.shift)
        var fields = team.questions(forShift: huddle.shift).enumerated().map { index, question in
            HuddleDialog.Field(name: HuddleForm.answerField(index + 1), label: "\(index + 1). \(question.text(language))",
                               options: checks[index + 1].map { check in check.values.map { .init(value: $0, label: check.label($0, language)) } } ?? [],
                               multiline: true)
        }
        let colleagues = await colleagues(of: team, besides: person, at: now)
        if !colleagues.isEmpty {
            fields.append(.init(name: "kudos_to", label: Phrase.form(.compliment).text(language), options: colleagues.map { .init(value: $0, label: $0) }))
            fields.append(.init(name: "kudos_text", label: Phrase.form(.compliment).text(language), multiline: true))
        }
        fields.append(.init(name: "obs_kind", label: Phrase.form(.observation).text(language),
                            options: [.init(value: "gain", label: Phrase.form(.gain).text(language)), .init(value: "pain", label: Phrase.form(.pain).text(language))]))
        fields.append(.init(name: "obs_text", label: Phrase.form(.observation).text(language), multiline: true))
        return HuddleDialog(title: Phrase.form(.title(team: team.name, shift: huddle.shift)).text(language), state: state, fields: fields,
                            submitLabel: Phrase.form(.send).text(language))
    }

    /// Asks Slack (`views.open`) or Mattermost (`/api/v4/actions/dialogs/open`) to show the dialog; false when it did not.
    func openDialog(_ dialog: HuddleDialog, trigger: String, token: String, team: TeamConfig, webhook: TeamWebhook) async -> Bool {
        let url: String, body: [String: Any]
        if webhook.platform == .slack {
            url = (webhook.apiURL ?? "https://slack.com/api") + "/views.open"
            body = ["trigger_id": trigger, "view": dialog.slackView()]
        } else {
            guard let web = config.web, let api = webhook.apiURL ?? (try? secrets.read(webhook.url)).flatMap(Self.origin) else { return false }
            url = api + "/api/v4/actions/dialogs/open"
            body = dialog.mattermostDialog(triggerID: trigger, url: "\(web.publicURL)/mattermost/\(team.id)")
        }
        do {
            let response = try await CurlHTTPClient(workers: .feeds).post(
                url: url, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json; charset=utf-8"],
                body: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), timeout: .seconds(3))
            let answer = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
            let opened = (200..<300).contains(response.status) && (webhook.platform != .slack || answer?["ok"] as? Bool == true)
            if !opened {
                logger.warning("the platform did not open the huddle's dialog; the form link goes instead", metadata: [
                    "team.id": "\(team.id)", "http.status": "\(response.status)", "webhook.reason": "\((answer?["error"] as? String) ?? "")"])
            }
            return opened
        } catch {
            logger.warning("could not reach the platform to open the huddle's dialog", metadata: ["team.id": "\(team.id)", "error": "\(error)"])
            return false
        }
    }

    /// `https://chat.example:8065` of `https://chat.example:8065/hooks/…`.
    static func origin(_ url: String) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else { return nil }
        return "\(scheme)://\(host)" + (parts.port.map { ":\($0)" } ?? "")
    }

    /// A submitted dialog: its fields become the person's chat lines, handled and on disk before
    /// the platform is answered (Discord: the confirmations, only to them; Slack: the modal shows
    /// them; Mattermost: the dialog closes, or says what was wrong).
    func submitDialog(_ submitted: DialogSubmission, line: InboundLine, team: TeamConfig, platform: WebhookPlatform,
                      key: [UInt8], now: Date) async -> HTTPReply {
        let language = team.language
        func answer(_ replies: [String], failed: Bool) -> HTTPReply {
            switch platform {
            case .discord:
                return .json(200, ["type": 4, "data": ["content": String(replies.joined(separator: "\n").prefix(2000)), "flags": 64,
                                                       "allowed_mentions": ["parse": [String]()]] as [String: Any]])
            case .slack:
                let text = replies.joined(separator: "\n")
                return .json(200, ["response_action": "update",
                                   "view": ["type": "modal", "title": ["type": "plain_text", "text": "Huddle"],
                                            "close": ["type": "plain_text", "text": "OK"],
                                            "blocks": [["type": "section", "text": ["type": "plain_text", "text": String(text.prefix(3000))]]]] as [String: Any]])
            default:
                return failed ? .json(200, ["error": replies.joined(separator: " ")]) : .json(200, [String: String]())
            }
        }
        guard let state = DialogState.read(submitted.state, key: key, now: now), state.team == team.id, state.userID == line.userID else {
            return answer([Phrase.form(.refused).text(language)], failed: true)
        }
        guard let open = await openHuddle(of: team, at: now), open.key.shift == state.huddle.shift, open.key.day == state.huddle.day else {
            return answer([Phrase.form(.closed).text(language)], failed: true)
        }
        let person = UserText.clean(state.name.isEmpty ? line.userName : state.name)
        let form = HuddleForm(team: team, shift: state.huddle.shift, language: language, opening: [],
                              colleagues: await colleagues(of: team, besides: person, at: now), action: "", token: "", nonce: "")
        let lines = form.lines(submitted.fields, prefix: engine.prefix)
        guard !lines.isEmpty else { return answer([Phrase.form(.nothingFilled).text(language)], failed: true) }
        let replies = await handleAsPerson(lines, team: team, author: Author(nick: person, account: line.userID), mask: nil, via: "dialog")
        return answer(replies, failed: false)
    }
}
