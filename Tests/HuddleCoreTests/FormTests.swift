import Foundation
import HuddleCoreTesting
import Testing
@testable import HuddleCore

/// The personal huddle form in the core: what a submission says as chat lines, how its body is
/// read, what the page shows (and escapes), and the command that asks for it.
@Suite struct FormTests {
    func form(checks: [Int: QuickCheck] = [2: .traffic], colleagues: [String] = ["bob", "carla"]) -> HuddleForm {
        var team = CommandTests.team
        team.quickChecks = checks
        return HuddleForm(team: team, shift: "ochtend", language: .nl, opening: ["Aankomsten: 12 · <b>VIP</b> 2"], colleagues: colleagues,
                          action: "/form/receptie/ochtend/2026-11-23?n=anna&exp=1&sig=ab", token: "t0k", nonce: "n1")
    }

    @Test func lines() {
        let fields = ["q1": "Een groep\nvan twaalf", "q2": "rood", "q2_note": "twee groepen tegelijk", "q3": "  ",
                      "kudos_to": "bob", "kudos_text": "Top", "obs_kind": "pain", "obs_text": "Lange rij"]
        #expect(form().lines(fields, prefix: "!") == ["!antwoord 1 Een groep van twaalf", "!antwoord 2 rood twee groepen tegelijk",
                                                      "!kudos bob Top", "!zorg Lange rij"])
        // A compliment only for a colleague the form offered; a note alone is no answer.
        #expect(form().lines(["kudos_to": "mallory", "kudos_text": "Top", "q2_note": "x", "obs_text": "Fijn"], prefix: "!") == ["!blij Fijn"])
        #expect(form().lines([:], prefix: "!").isEmpty)
    }

    @Test func fields() {
        #expect(HuddleForm.fields("q1=Een+groep%20van+12&q1=tweede&kudos_to=&x") == ["q1": "Een groep van 12", "kudos_to": "", "x": ""])
        #expect(HuddleForm.fields("q1=%E2%9C%93+caf%C3%A9")["q1"] == "✓ café")
    }

    @Test func page() {
        let html = form().page(notices: ["Genoteerd: <script>"])
        #expect(html.contains("<p>Aankomsten: 12 · &lt;b&gt;VIP&lt;/b&gt; 2</p>") && html.contains("<p>Genoteerd: &lt;script&gt;</p>"))
        #expect(html.contains("action=\"/form/receptie/ochtend/2026-11-23?n=anna&amp;exp=1&amp;sig=ab\""))
        #expect(html.contains("name=\"token\" value=\"t0k\"") && html.contains("name=\"nonce\" value=\"n1\""))
        #expect(html.contains("<input type=\"radio\" name=\"q2\" value=\"oranje\"> oranje") && html.contains("<option value=\"carla\">carla</option>"))
        #expect(!html.contains("<script") && !form(colleagues: []).page().contains("kudos_to"))
    }

    @Test func command() {
        var situation = ChatSituation(team: CommandTests.team, sender: Author(nick: "anna", account: "anna"), at: utc("2026-11-23T06:05:00Z"),
                                      accountsAvailable: true)
        #expect(HuddleEngine().handle("!formulier", in: situation) == .reply([Phrase.form(.noOpenHuddle).text(.nl)]))
        situation.openHuddle = CommandTests.team.occurrence(of: CommandTests.team.shifts[0], on: CalendarDay(parsing: "2026-11-23")!)
        #expect(HuddleEngine().handle("!form", in: situation) == .form(HuddleRef(shift: "ochtend", day: CalendarDay(parsing: "2026-11-23")!)))
    }
}
