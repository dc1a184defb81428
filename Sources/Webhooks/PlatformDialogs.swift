import Foundation
import HuddleCore

/// A submitted dialog: the state the bot gave it (the bot checks its signature) and its fields.
public struct DialogSubmission: Sendable, Hashable {
    public var state: String
    public var fields: [String: String]

    /// Creates a submission.
    public init(state: String, fields: [String: String]) {
        self.state = state
        self.fields = fields
    }
}

/// The open huddle as a platform's own dialog: a Discord modal (interaction response type 9), a
/// Slack modal view (`views.open`) or a Mattermost interactive dialog (`/api/v4/actions/dialogs/open`),
/// and what each platform's submission of it says, as the personal form's fields (`q1`…,
/// `kudos_to`, `kudos_text`, `obs_kind`, `obs_text`), so that it becomes the same chat lines.
public struct HuddleDialog: Sendable, Hashable {
    /// One field of the dialog.
    public struct Field: Sendable, Hashable {
        /// The form's field name (`q1`, `kudos_to`, `obs_text` …).
        public var name: String
        public var label: String
        /// Options to pick one from (a quick check's values, colleagues); empty for text.
        public var options: [Option]
        public var multiline: Bool

        /// Creates a field.
        public init(name: String, label: String, options: [Option] = [], multiline: Bool = false) {
            self.name = name
            self.label = label
            self.options = options
            self.multiline = multiline
        }
    }

    /// A value to pick and how it is shown.
    public struct Option: Sendable, Hashable {
        public var value: String
        public var label: String

        /// Creates an option.
        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }

    public var title: String
    /// What the platform hands back with the submission: which huddle, signed by the bot.
    public var state: String
    public var fields: [Field]
    public var submitLabel: String

    /// Creates a dialog.
    public init(title: String, state: String, fields: [Field], submitLabel: String) {
        self.title = title
        self.state = state
        self.fields = fields
        self.submitLabel = submitLabel
    }

    /// `text` cut to `limit` characters with `…` (the platforms refuse longer labels).
    static func cut(_ text: String, _ limit: Int) -> String { text.count > limit ? String(text.prefix(limit - 1)) + "…" : text }

    // MARK: Discord

    /// The interaction response that opens the modal: text inputs only (Discord allows five rows, so
    /// no compliment, whose colleague would need a pick), a choice shown as the input's placeholder.
    public func discordModal() -> [String: Any] {
        let rows = fields.filter { !$0.name.hasPrefix("kudos_") && $0.name != "obs_kind" }.prefix(5).map { field -> [String: Any] in
            var input: [String: Any] = ["type": 4, "custom_id": field.name, "label": Self.cut(field.label, 45), "style": field.multiline ? 2 : 1,
                                        "required": false, "max_length": UserText.maxLength]
            if !field.options.isEmpty { input["placeholder"] = Self.cut(field.options.map(\.label).joined(separator: " / "), 100) }
            return ["type": 1, "components": [input]]
        }
        return ["type": 9, "data": ["custom_id": Self.cut(state, 100), "title": Self.cut(title, 45), "components": rows]]
    }

    /// The state and fields of a Discord modal submission (interaction type 5): its action rows of
    /// text inputs, or the newer label components holding one.
    public static func discordSubmission(_ interaction: [String: Any]) -> (state: String, fields: [String: String])? {
        guard (interaction["type"] as? NSNumber)?.intValue == 5, let data = interaction["data"] as? [String: Any],
              let state = data["custom_id"] as? String else { return nil }
        var fields: [String: String] = [:]
        for row in data["components"] as? [[String: Any]] ?? [] {
            let inputs = (row["components"] as? [[String: Any]] ?? []) + ((row["component"] as? [String: Any]).map { [$0] } ?? [])
            for input in inputs {
                guard let name = input["custom_id"] as? String else { continue }
                fields[name] = (input["value"] as? String) ?? (input["values"] as? [String])?.first ?? ""
            }
        }
        return (state, fields)
    }

    // MARK: Slack

    /// The modal view for `views.open`: an optional input block per field, a static select for a choice.
    public func slackView() -> [String: Any] {
        func text(_ value: String, _ limit: Int) -> [String: Any] { ["type": "plain_text", "text": Self.cut(value, limit)] }
        let blocks = fields.map { field -> [String: Any] in
            let element: [String: Any] = field.options.isEmpty
                ? ["type": "plain_text_input", "action_id": "value", "multiline": field.multiline, "max_length": UserText.maxLength]
                : ["type": "static_select", "action_id": "value",
                   "options": field.options.prefix(100).map { ["text": text($0.label, 75), "value": Self.cut($0.value, 150)] }]
            return ["type": "input", "block_id": field.name, "optional": true, "label": text(field.label, 2000), "element": element]
        }
        return ["type": "modal", "callback_id": "huddle", "private_metadata": state, "title": text(title, 24),
                "submit": text(submitLabel, 24), "blocks": blocks]
    }

    /// The state, fields and user of a Slack `view_submission` payload (the form field `payload`).
    public static func slackSubmission(_ payload: [String: Any]) -> (state: String, fields: [String: String], userID: String, userName: String)? {
        guard payload["type"] as? String == "view_submission", let view = payload["view"] as? [String: Any],
              let state = view["private_metadata"] as? String, let user = payload["user"] as? [String: Any],
              let userID = user["id"] as? String else { return nil }
        var fields: [String: String] = [:]
        let values = (view["state"] as? [String: Any])?["values"] as? [String: [String: [String: Any]]] ?? [:]
        for (block, actions) in values {
            guard let action = actions["value"] else { continue }
            fields[block] = (action["value"] as? String) ?? ((action["selected_option"] as? [String: Any])?["value"] as? String) ?? ""
        }
        return (state, fields, userID, (user["username"] as? String) ?? (user["name"] as? String) ?? userID)
    }

    // MARK: Mattermost

    /// The body of `POST /api/v4/actions/dialogs/open`: the dialog, submitted to `url`.
    public func mattermostDialog(triggerID: String, url: String) -> [String: Any] {
        let elements = fields.map { field -> [String: Any] in
            var element: [String: Any] = ["display_name": Self.cut(field.label, 24), "name": field.name, "optional": true]
            if field.label.count > 24 { element["help_text"] = field.label }
            if field.options.isEmpty {
                element["type"] = field.multiline ? "textarea" : "text"
                element["max_length"] = UserText.maxLength
            } else {
                element["type"] = "select"
                element["options"] = field.options.map { ["text": $0.label, "value": $0.value] }
            }
            return element
        }
        return ["trigger_id": triggerID, "url": url,
                "dialog": ["callback_id": "huddle", "title": Self.cut(title, 24), "elements": elements, "submit_label": submitLabel, "state": state]]
    }

    /// The state, fields and user of a Mattermost dialog submission; nil for one cancelled.
    public static func mattermostSubmission(_ body: [String: Any]) -> (state: String, fields: [String: String], userID: String)? {
        guard body["type"] as? String == "dialog_submission", (body["cancelled"] as? Bool) != true, let state = body["state"] as? String,
              let userID = body["user_id"] as? String else { return nil }
        let submission = body["submission"] as? [String: Any] ?? [:]
        return (state, submission.compactMapValues { value in (value as? String) ?? (value as? NSNumber)?.stringValue }, userID)
    }
}
