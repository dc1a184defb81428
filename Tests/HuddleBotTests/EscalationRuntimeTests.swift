import Foundation
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleBot
@testable import HuddleCore

/// An urgent report reaches the leaders at once — privately to those lately seen verified, in the
/// group's channel, by e-mail where the digest goes by e-mail — and its author hears when a leader saw it.
@Suite struct EscalationRuntimeTests {
    let now = utc("2026-11-23T09:00:00Z")

    @Test func reachesTheLeadersAndComesBack() async throws {
        var team = receptie
        team.digest.email = EmailSettings(to: [MailAddress(address: "leiding@hotel.example")], from: MailAddress(address: "huddle@hotel.example"),
                                          smtp: SMTPSettings(url: "smtp://127.0.0.1:1"))
        var leaders = DigestSettings()
        leaders.channel = "#leiding"
        let group = GroupConfig(id: "hotel", name: "Hotel", teams: ["receptie"], digest: leaders)
        let h = try Harness(now: now, teams: [team], groups: [group])
        // Monique, a leader by account, is seen verified; anna raises the report.
        await h.say("!acties", from: "monique", account: "monique", at: now)
        await h.say("!zorg! Lekkage in de kelder bij de wasserij", from: "anna", account: "anna", at: now.addingTimeInterval(60))
        #expect(h.transport.notices(to: "anna") == ["Genoteerd en meteen doorgezet naar de leiding (melding 1)."])
        let alert = "🚨 Dringend — Receptie, melding 1 van anna: Lekkage in de kelder bij de wasserij · Gezien? Zeg !gezien 1"
        #expect(h.transport.messages(to: "monique") == [alert])
        #expect(h.transport.posts(in: "#leiding") == [alert])
        #expect(!h.transport.posts(in: "#receptie").contains(alert))
        let mail = try await Outbox(dataDirectory: h.data, name: "mail-outbox").pending()
        #expect(mail.count == 1 && mail[0].message.kind == "escalation" && mail[0].message.body.contains("Subject: Dringend: melding 1 van Receptie"))
        // A colleague cannot confirm it; the leader can, and anna is told privately.
        await h.say("!gezien 1", from: "bob", account: "bob", at: now.addingTimeInterval(120))
        #expect(h.transport.notices(to: "bob") == [Phrase.escalation(.onlyLeaders).text(.nl)])
        await h.say("!gezien 1", from: "monique", account: "monique", at: now.addingTimeInterval(180))
        #expect(h.transport.notices(to: "monique").last == "Genoteerd: melding 1 gezien.")
        #expect(h.transport.messages(to: "anna") == ["Je dringende melding 1 is gezien door monique."])
    }

    /// With no leader seen and no channel or e-mail, the author is told to find a leader themselves.
    @Test func nobodyToReach() async throws {
        let h = try Harness(now: now)
        await h.say("!urgent Brandalarm gaat af", from: "anna", account: "anna", at: now)
        #expect(h.transport.notices(to: "anna") == ["Genoteerd en meteen doorgezet naar de leiding (melding 1).", Phrase.escalation(.nobodyReached).text(.nl)])
        let stored = (h.journal as! InMemoryJournal).all.filter { $0.type == .escalation }
        #expect(stored.count == 1 && stored[0].number == 1)
    }
}
