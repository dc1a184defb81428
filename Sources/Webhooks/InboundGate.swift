import Crypto
import Foundation
import HuddleCore
import Synchronization

/// Checks requests from one team's platform: Mattermost's token, Slack's `v0` signature with its
/// five-minute window, Teams' HMAC, Discord's Ed25519 signature, or the generic route's
/// HMAC-SHA256 signature. A signature seen before within the window is a replay.
public final class InboundGate: Sendable {
    public let platform: WebhookPlatform
    let secrets: [[UInt8]]
    /// The HMAC-SHA256 keys of Slack, Teams and the generic route, keyed once.
    let macs: [HMAC<SHA256>]
    /// How far a request's timestamp may be from now, either way.
    public let window: TimeInterval = 300
    let seen = Mutex(SeenKeys())
    /// The HMAC-SHA256 signatures seen (kept as `seen` keeps its keys).
    let seenSignatures = Mutex(SeenSet<SignatureKey>())

    /// A gate for `platform` accepting any of `secrets` (Mattermost tokens, a Slack signing secret, an HMAC key).
    public init(platform: WebhookPlatform, secrets: [String]) {
        self.platform = platform
        self.secrets = secrets.map { Array($0.utf8) }
        switch platform {
        case .slack, .generic:
            macs = self.secrets.map(Signatures.keyedHMACSHA256)
        case .teams:
            // Teams signs with the base64-decoded security token.
            macs = secrets.compactMap { Data(base64Encoded: $0).map { Signatures.keyedHMACSHA256(Array($0)) } }
        case .mattermost, .discord:
            macs = []
        }
    }

    /// Secrets as written in an environment variable or file: several separated by commas or line breaks.
    public static func secrets(from text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0.isNewline }).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// The line a request carries, or why it is refused.
    public func check(_ request: HTTPRequest, now: Date) -> Result<InboundLine, InboundRejection> {
        switch platform {
        case .mattermost: return checkMattermost(request)
        case .slack: return checkSlack(request, now: now)
        case .generic: return checkGeneric(request, now: now)
        case .teams: return checkTeams(request, now: now)
        case .discord: return checkDiscord(request, now: now)
        }
    }

    /// A Discord interaction: `X-Signature-Ed25519` over `X-Signature-Timestamp` + body with the
    /// application's public key (hex); its PING is answered, a slash command becomes a line.
    func checkDiscord(_ request: HTTPRequest, now: Date) -> Result<InboundLine, InboundRejection> {
        guard let signature = request.headers["x-signature-ed25519"].flatMap(Hex.decode), signature.count == 64,
              let timestamp = request.headers["x-signature-timestamp"] else {
            return .failure(InboundRejection(status: 401, reason: "missing x-signature-ed25519 or x-signature-timestamp", refusal: .badSignature))
        }
        let signed = Array(timestamp.utf8) + request.body
        let keys = secrets.compactMap { Hex.decode(String(decoding: $0, as: UTF8.self)) }
        guard keys.contains(where: { Signatures.isValidEd25519(signature: signature, message: signed, publicKey: $0) }) else {
            return .failure(InboundRejection(status: 401, reason: "invalid signature", refusal: .badSignature))
        }
        if let seconds = TimeInterval(timestamp), abs(now.timeIntervalSince1970 - seconds) > window {
            return .failure(InboundRejection(status: 401, reason: "timestamp outside the five-minute window", refusal: .staleTimestamp))
        }
        guard firstSight(of: "signature \(Hex.encode(signature))", now: now) else {
            return .failure(InboundRejection(status: 401, reason: "replayed request", refusal: .replay))
        }
        guard let interaction = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
              let type = (interaction["type"] as? NSNumber)?.intValue else {
            return .failure(InboundRejection(status: 400, reason: "body is not a Discord interaction", refusal: .badBody))
        }
        if type == 1 { return .failure(.pong(#"{"type":1}"#)) }
        let user = ((interaction["member"] as? [String: Any])?["user"] ?? interaction["user"]) as? [String: Any]
        if type == 5, let submitted = HuddleDialog.discordSubmission(interaction) {
            return line(["user_id": user?["id"] as? String ?? "", "user_name": user?["username"] as? String ?? ""], isCommand: true, isPrivate: false,
                        postID: interaction["id"] as? String).map { parsed in
                var line = parsed
                line.dialog = DialogSubmission(state: submitted.state, fields: submitted.fields)
                return line
            }
        }
        guard type == 2, let data = interaction["data"] as? [String: Any] else {
            return .failure(InboundRejection(status: 400, reason: "only slash commands are handled", refusal: .badBody))
        }
        let resolved = ((data["resolved"] as? [String: Any])?["users"] as? [String: [String: Any]]) ?? [:]
        var fields: [String: String] = [:]
        fields["user_id"] = user?["id"] as? String
        fields["user_name"] = user?["username"] as? String
        fields["text"] = Self.discordText(data["options"] as? [[String: Any]] ?? [], users: resolved)
        return line(fields, isCommand: true, isPrivate: false, postID: interaction["id"] as? String).map { parsed in
            var line = parsed
            for (id, user) in resolved {
                if let name = user["username"] as? String { line.mentions[name.lowercased()] = id }
            }
            return line
        }
    }

    func checkMattermost(_ request: HTTPRequest) -> Result<InboundLine, InboundRejection> {
        // A dialog submitted: Mattermost's server posts it without a token, so only the state the
        // bot signed (bound to the user and the huddle) lets it count; the bot checks that.
        if request.headers["content-type"]?.lowercased().hasPrefix("application/json") == true,
           let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any], object["type"] as? String == "dialog_submission" {
            guard let submitted = HuddleDialog.mattermostSubmission(object) else { return .failure(.pong("{}")) }
            return line(["user_id": submitted.userID, "user_name": submitted.userID], isCommand: true, isPrivate: false, postID: nil).map { parsed in
                var line = parsed
                line.dialog = DialogSubmission(state: submitted.state, fields: submitted.fields)
                return line
            }
        }
        guard let fields = Self.fields(request) else { return .failure(InboundRejection(status: 400, reason: "body is neither a form nor a JSON object", refusal: .badBody)) }
        let token = fields["token"] ?? request.headers["authorization"].map { $0.hasPrefix("Token ") ? String($0.dropFirst(6)) : $0 } ?? ""
        guard secrets.contains(where: { Signatures.tokensEqual(Array(token.utf8), $0) }) else {
            return .failure(InboundRejection(status: 401, reason: "invalid token", refusal: .badSignature))
        }
        return line(fields, isCommand: fields["command"] != nil, isPrivate: false, postID: fields["post_id"]).map { parsed in
            var parsed = parsed
            parsed.triggerID = fields["trigger_id"]
            // A trigger word that is a name (`huddle`, `@huddle`) addresses the bot; one such as `!` or `1` is part of the line.
            guard let trigger = fields["trigger_word"], let first = trigger.first, first.isLetter || first == "@",
                  parsed.text.lowercased().hasPrefix(trigger.lowercased()) else { return parsed }
            var line = parsed
            line.text = String(parsed.text.dropFirst(trigger.count)).trimmingCharacters(in: CharacterSet(charactersIn: " :,"))
            line.isAddressed = true
            return line
        }
    }

    func checkSlack(_ request: HTTPRequest, now: Date) -> Result<InboundLine, InboundRejection> {
        if let rejection = verify(request, signature: "x-slack-signature", prefix: "v0=", timestamp: "x-slack-request-timestamp",
                                  now: now, signedPrefix: { "v0:\($0):" }) {
            return .failure(rejection)
        }
        guard let fields = Self.fields(request) else { return .failure(InboundRejection(status: 400, reason: "body is not a form", refusal: .badBody)) }
        // Slack's certificate check: answered with 200, and not a line.
        if fields["ssl_check"] == "1" { return .failure(InboundRejection(status: 200, reason: "ok")) }
        // A modal submitted (the interactivity Request URL, signed alike): its fields, as the dialog's.
        if let payload = fields["payload"] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
                  let submitted = HuddleDialog.slackSubmission(object) else {
                return .failure(InboundRejection(status: 200, reason: ""))
            }
            return line(["user_id": submitted.userID, "user_name": submitted.userName], isCommand: true, isPrivate: false, postID: nil).map { parsed in
                var line = parsed
                line.dialog = DialogSubmission(state: submitted.state, fields: submitted.fields)
                return line
            }
        }
        return line(fields, isCommand: true, isPrivate: false, postID: nil).map { parsed in
            var line = parsed
            line.text = Self.slackPlainText(parsed.text)
            line.mentions = Self.slackMentions(parsed.text)
            line.triggerID = fields["trigger_id"]
            return line
        }
    }

    func checkGeneric(_ request: HTTPRequest, now: Date) -> Result<InboundLine, InboundRejection> {
        if let rejection = verify(request, signature: "x-huddle-signature", prefix: "sha256=", timestamp: "x-huddle-timestamp",
                                  now: now, signedPrefix: { "\($0)." }) {
            return .failure(rejection)
        }
        var fields = [String: String](minimumCapacity: 3)
        // The usual flat object is read by hand; anything else by JSONSerialization, as before.
        if let flat = FlatJSON.object(request.body) {
            for key in ["user_id", "user_name", "text"] {
                if case .string(let text) = flat[key] { fields[key] = text }
            }
            func flag(_ key: String) -> Bool { if case .bool(let value) = flat[key] { value } else { false } }
            return line(fields, isCommand: flag("command"), isPrivate: flag("private"), postID: nil)
        }
        guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else {
            return .failure(InboundRejection(status: 400, reason: "body is not a JSON object", refusal: .badBody))
        }
        for key in ["user_id", "user_name", "text"] { fields[key] = object[key] as? String }
        return line(fields, isCommand: (object["command"] as? Bool) ?? false, isPrivate: (object["private"] as? Bool) ?? false, postID: nil)
    }

    /// A Microsoft Teams outgoing webhook: `Authorization: HMAC <base64>` over the body with the
    /// base64-decoded security token; the activity's own timestamp, when it has one that reads,
    /// must be within the window, and the same signature twice is a replay.
    func checkTeams(_ request: HTTPRequest, now: Date) -> Result<InboundLine, InboundRejection> {
        guard let header = request.headers["authorization"], header.hasPrefix("HMAC "),
              let given = Data(base64Encoded: String(header.dropFirst(5)).trimmingSpaces) else {
            return .failure(InboundRejection(status: 401, reason: "missing HMAC authorization", refusal: .badSignature))
        }
        let body = Array(request.body)
        guard macs.contains(where: { Signatures.isValidHMACSHA256(Array(given), keyed: $0, message: body) }) else {
            return .failure(InboundRejection(status: 401, reason: "invalid signature", refusal: .badSignature))
        }
        guard let activity = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
              let from = activity["from"] as? [String: Any] else {
            return .failure(InboundRejection(status: 400, reason: "body is not a Teams activity", refusal: .badBody))
        }
        if let text = activity["timestamp"] as? String, let stamp = Self.parseISO8601(text), abs(now.timeIntervalSince(stamp)) > window {
            return .failure(InboundRejection(status: 401, reason: "timestamp outside the five-minute window", refusal: .staleTimestamp))
        }
        guard firstSight(of: "signature \(given.base64EncodedString())", now: now) else {
            return .failure(InboundRejection(status: 401, reason: "replayed request", refusal: .replay))
        }
        var fields: [String: String] = [:]
        fields["user_id"] = (from["aadObjectId"] as? String) ?? (from["id"] as? String)
        fields["user_name"] = (from["name"] as? String).map { $0.replacingOccurrences(of: " ", with: "") }
        fields["text"] = Self.teamsPlainText((activity["text"] as? String) ?? "")
        return line(fields, isCommand: false, isPrivate: false, postID: activity["id"] as? String).map { parsed in
            var line = parsed
            line.isAddressed = true
            return line
        }
    }

    /// An ISO 8601 time as Teams writes it (up to seven fractional digits), or nil.
    static func parseISO8601(_ text: String) -> Date? {
        var trimmed = text
        if let dot = text.firstIndex(of: "."),
           let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) ?? Optional(text.endIndex),
           text.distance(from: dot, to: end) > 4 {
            trimmed = String(text[..<text.index(dot, offsetBy: 4)] + text[end...])
        }
        return HuddleJSON.parseTimestamp(trimmed)
    }

    /// Checks a signature header (`prefix` + hex) and its timestamp header: the timestamp within
    /// the window, the signature an HMAC-SHA256 over `signedPrefix(timestamp)` + the body, and not
    /// seen before.
    func verify(_ request: HTTPRequest, signature header: String, prefix: String, timestamp timestampHeader: String,
                now: Date, signedPrefix: (String) -> String) -> InboundRejection? {
        guard let value = request.headers[header], value.hasPrefix(prefix) else {
            return InboundRejection(status: 401, reason: "missing \(header)", refusal: .badSignature)
        }
        let signature = value.dropFirst(prefix.count)
        guard let timestamp = request.headers[timestampHeader], let seconds = TimeInterval(timestamp) else {
            return InboundRejection(status: 401, reason: "missing or invalid timestamp", refusal: .badSignature)
        }
        guard abs(now.timeIntervalSince1970 - seconds) <= window else {
            return InboundRejection(status: 401, reason: "timestamp outside the five-minute window", refusal: .staleTimestamp)
        }
        let signed = signedPrefix(timestamp)
        guard let code = Hex.decode(signature),
              macs.contains(where: { Signatures.isValidHMACSHA256(code, keyed: $0, prefix: signed, body: request.body) }) else {
            return InboundRejection(status: 401, reason: "invalid signature", refusal: .badSignature)
        }
        let first = SignatureKey(code).map { key in seenSignatures.withLock { $0.insert(key, now: now, keep: 2 * window) } }
            ?? firstSight(of: "signature " + Hex.encode(code), now: now)
        return first ? nil : InboundRejection(status: 401, reason: "replayed request", refusal: .replay)
    }

    /// Whether `key` was not seen in the last ten minutes (and remembers it).
    public func firstSight(of key: String, now: Date) -> Bool {
        seen.withLock { $0.insert(key, now: now, keep: 2 * window) }
    }

    func line(_ fields: [String: String], isCommand: Bool, isPrivate: Bool, postID: String?) -> Result<InboundLine, InboundRejection> {
        guard let id = fields["user_id"], !id.isEmpty, let name = fields["user_name"], !name.isEmpty else {
            return .failure(InboundRejection(status: 400, reason: "user_id and user_name are required", refusal: .badBody))
        }
        guard id.count <= UserText.maxNameLength, name.count <= UserText.maxNameLength else {
            return .failure(InboundRejection(status: 400, reason: "user_id and user_name may hold at most \(UserText.maxNameLength) characters"))
        }
        let text = fields["text"] ?? ""
        guard !text.utf8.contains(0) else { return .failure(InboundRejection(status: 400, reason: "text holds a NUL character", refusal: .badBody)) }
        return .success(InboundLine(userID: id, userName: name, text: text, isCommand: isCommand, isPrivate: isPrivate, postID: postID))
    }

    /// The fields of a form (`application/x-www-form-urlencoded`) or a flat JSON object; for a
    /// GET (Mattermost slash commands may use it), the query string.
    static func fields(_ request: HTTPRequest) -> [String: String]? {
        if request.method == "GET" { return formFields(request.query) }
        if request.headers["content-type"]?.lowercased().hasPrefix("application/json") == true {
            guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else { return nil }
            return object.compactMapValues { value in
                switch value {
                case let text as String: return text
                case let number as NSNumber: return number.stringValue
                default: return nil
                }
            }
        }
        return String(data: request.body, encoding: .utf8).flatMap(formFields)
    }

    /// The fields of `application/x-www-form-urlencoded` text, or nil if it is not valid.
    static func formFields(_ text: String) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? { part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            fields[name] = value
        }
        return fields
    }


}
