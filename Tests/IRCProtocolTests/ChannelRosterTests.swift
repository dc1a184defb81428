import Testing
@testable import IRCProtocol

@Suite struct ChannelRosterTests {
    let start = ContinuousClock.now

    func line(_ text: String) -> IRCMessage { try! IRCMessage(parsing: text) }

    /// Who left a channel (PART, KICK, QUIT, a new nick, a lost connection) was there until then;
    /// someone who was never there was not.
    @Test func remembersWhoLeft() {
        var roster = ChannelRoster()
        let apply = { (roster: inout ChannelRoster, text: String, minute: Int) in
            _ = roster.apply(line(text), me: "huddle", prefixes: ["@", "+"], casemapping: .rfc1459, at: start + .seconds(60 * minute))
        }
        apply(&roster, ":huddle!h@x JOIN #receptie", 0)
        apply(&roster, ":irc 353 huddle = #receptie :huddle @anna bob carol dave erin", 0)
        apply(&roster, ":anna!a@x PART #receptie :weg", 10)
        apply(&roster, ":op!o@x KICK #receptie bob :bye", 20)
        apply(&roster, ":carol!c@x QUIT :off", 30)
        apply(&roster, ":dave!d@x NICK dave_afk", 40)
        #expect(roster.wasPresent("ANNA", in: "#Receptie", since: start + .seconds(600), casemapping: .rfc1459))
        #expect(!roster.wasPresent("anna", in: "#receptie", since: start + .seconds(601), casemapping: .rfc1459))
        #expect(roster.wasPresent("bob", in: "#receptie", since: start + .seconds(1200), casemapping: .rfc1459))
        #expect(roster.wasPresent("carol", in: "#receptie", since: start + .seconds(1800), casemapping: .rfc1459))
        #expect(roster.wasPresent("dave", in: "#receptie", since: start + .seconds(2400), casemapping: .rfc1459))
        #expect(roster.contains("dave_afk", in: "#receptie", casemapping: .rfc1459) && !roster.contains("dave", in: "#receptie", casemapping: .rfc1459))
        #expect(!roster.wasPresent("zed", in: "#receptie", since: start, casemapping: .rfc1459))
        #expect(!roster.wasPresent("anna", in: "#elders", since: start, casemapping: .rfc1459))
        roster.removeAll(at: start + .seconds(3600))
        #expect(!roster.contains("erin", in: "#receptie", casemapping: .rfc1459))
        #expect(roster.wasPresent("erin", in: "#receptie", since: start + .seconds(3600), casemapping: .rfc1459))
        #expect(roster.wasPresent("anna", in: "#receptie", since: start, casemapping: .rfc1459))
    }

    /// A channel remembers a bounded number of departures, the most recent ones.
    @Test func departuresAreBounded() {
        var roster = ChannelRoster()
        roster.apply(line(":huddle!h@x JOIN #big"), me: "huddle", prefixes: ["@"], casemapping: .ascii, at: start)
        let count = ChannelRoster.departuresPerChannel + 1
        for n in 0..<count {
            let at = start + .seconds(n)
            roster.apply(line(":u\(n)!u@x JOIN #big"), me: "huddle", prefixes: ["@"], casemapping: .ascii, at: at)
            roster.apply(line(":u\(n)!u@x PART #big"), me: "huddle", prefixes: ["@"], casemapping: .ascii, at: at)
        }
        #expect(!roster.wasPresent("u0", in: "#big", since: start, casemapping: .ascii))
        #expect(roster.wasPresent("u\(count - 1)", in: "#big", since: start, casemapping: .ascii))
        #expect(roster.wasPresent("u\(ChannelRoster.departuresPerChannel / 10 + 1)", in: "#big", since: start, casemapping: .ascii))
    }
}
