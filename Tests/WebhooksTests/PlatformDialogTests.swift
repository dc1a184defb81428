import Foundation
import HuddleCore
import Testing
@testable import Webhooks

/// The huddle as each platform's own dialog, against the request and submission bodies the
/// platforms document (Discord's modal and MODAL_SUBMIT interaction, Slack's modal view and
/// view_submission payload, Mattermost's dialogs/open body and dialog_submission).
@Suite struct PlatformDialogTests {
    let dialog = HuddleDialog(title: "Huddle ochtend — Receptie, een lange naam", state: "receptie|ochtend|2026-11-23|U1|1764000000|ab12",
                              fields: [HuddleDialog.Field(name: "q1", label: "Wie verwachten we vandaag? Denk aan groepen en VIP's", multiline: true),
                                       HuddleDialog.Field(name: "q2", label: "Hoe druk?", options: ["1", "2", "3"].map { .init(value: $0, label: $0) }),
                                       HuddleDialog.Field(name: "kudos_to", label: "Compliment voor", options: [.init(value: "bob", label: "bob")]),
                                       HuddleDialog.Field(name: "kudos_text", label: "Compliment", multiline: true),
                                       HuddleDialog.Field(name: "obs_kind", label: "Soort", options: [.init(value: "gain", label: "Blij van")]),
                                       HuddleDialog.Field(name: "obs_text", label: "Wat zie je bij klanten?", multiline: true)],
                              submitLabel: "Versturen")

    func json(_ text: String) -> [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:] }

    @Test func discord() throws {
        let modal = dialog.discordModal()
        #expect(modal["type"] as? Int == 9)
        let data = try #require(modal["data"] as? [String: Any])
        #expect(data["title"] as? String == dialog.title && data["custom_id"] as? String == dialog.state)
        let rows = try #require(data["components"] as? [[String: Any]])
        let inputs = rows.compactMap { ($0["components"] as? [[String: Any]])?.first }
        #expect(inputs.map { $0["custom_id"] as? String } == ["q1", "q2", "obs_text"] && inputs.allSatisfy { $0["type"] as? Int == 4 })
        #expect((inputs[0]["label"] as? String)?.count == 45 && inputs[0]["style"] as? Int == 2 && inputs[1]["placeholder"] as? String == "1 / 2 / 3")
        // A MODAL_SUBMIT interaction as Discord documents it (action rows), and with the newer label components.
        let submitted = json("""
            {"type": 5, "id": "1", "application_id": "2", "token": "t", "member": {"user": {"id": "U1", "username": "carla"}},
             "data": {"custom_id": "\(dialog.state)", "components": [
               {"type": 1, "components": [{"type": 4, "custom_id": "q1", "value": "Een groep van twaalf"}]},
               {"type": 18, "component": {"type": 4, "custom_id": "obs_text", "value": "Blij met de koffie"}}]}}
            """)
        let parsed = try #require(HuddleDialog.discordSubmission(submitted))
        #expect(parsed.state == dialog.state && parsed.fields == ["q1": "Een groep van twaalf", "obs_text": "Blij met de koffie"])
        #expect(HuddleDialog.discordSubmission(json(#"{"type": 2, "data": {"name": "huddle"}}"#)) == nil)
    }

    @Test func slack() throws {
        let view = dialog.slackView()
        #expect(view["type"] as? String == "modal" && view["private_metadata"] as? String == dialog.state)
        #expect(((view["title"] as? [String: Any])?["text"] as? String)?.count == 24)
        let blocks = try #require(view["blocks"] as? [[String: Any]])
        #expect(blocks.map { $0["block_id"] as? String } == ["q1", "q2", "kudos_to", "kudos_text", "obs_kind", "obs_text"])
        #expect((blocks[1]["element"] as? [String: Any])?["type"] as? String == "static_select" && blocks.allSatisfy { $0["optional"] as? Bool == true })
        // A view_submission payload as Slack documents it.
        let payload = json("""
            {"type": "view_submission", "team": {"id": "T1", "domain": "hotel"}, "user": {"id": "U1", "username": "carla", "name": "carla", "team_id": "T1"},
             "api_app_id": "A1", "token": "x", "trigger_id": "1.2.3",
             "view": {"id": "V1", "type": "modal", "callback_id": "huddle", "private_metadata": "\(dialog.state)",
                      "state": {"values": {"q1": {"value": {"type": "plain_text_input", "value": "Twaalf gasten"}},
                                           "q2": {"value": {"type": "static_select", "selected_option": {"text": {"type": "plain_text", "text": "2"}, "value": "2"}}},
                                           "obs_text": {"value": {"type": "plain_text_input", "value": null}}}}}}
            """)
        let parsed = try #require(HuddleDialog.slackSubmission(payload))
        #expect(parsed.state == dialog.state && parsed.userID == "U1" && parsed.userName == "carla")
        #expect(parsed.fields == ["q1": "Twaalf gasten", "q2": "2", "obs_text": ""])
    }

    @Test func mattermost() throws {
        let body = dialog.mattermostDialog(triggerID: "trig", url: "https://huddle.example/mattermost/keuken/dialog")
        #expect(body["trigger_id"] as? String == "trig" && body["url"] as? String == "https://huddle.example/mattermost/keuken/dialog")
        let elements = try #require((body["dialog"] as? [String: Any])?["elements"] as? [[String: Any]])
        #expect(elements.map { $0["type"] as? String } == ["textarea", "select", "select", "textarea", "select", "textarea"])
        #expect((elements[0]["display_name"] as? String)?.count == 24 && elements[0]["help_text"] as? String == dialog.fields[0].label)
        // A dialog_submission as Mattermost documents it; a cancelled one says nothing.
        let submitted = json("""
            {"type": "dialog_submission", "callback_id": "huddle", "state": "\(dialog.state)", "user_id": "U1", "channel_id": "C1",
             "team_id": "T1", "submission": {"q1": "Twaalf", "q2": "3", "kudos_to": "bob", "kudos_text": "Top", "obs_kind": "gain", "obs_text": null},
             "cancelled": false}
            """)
        let parsed = try #require(HuddleDialog.mattermostSubmission(submitted))
        #expect(parsed.state == dialog.state && parsed.userID == "U1" && parsed.fields == ["q1": "Twaalf", "q2": "3", "kudos_to": "bob", "kudos_text": "Top", "obs_kind": "gain"])
        #expect(HuddleDialog.mattermostSubmission(json(#"{"type": "dialog_submission", "state": "s", "user_id": "U1", "cancelled": true}"#)) == nil)
    }
}
