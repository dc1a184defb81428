import Foundation
import Logging
import Testing
@testable import HuddleBot

@Suite struct JSONLogTests {
    /// A log record is one JSON object on one line, keys sorted, the time in UTC with milliseconds,
    /// and anything a message holds escaped so the line reads back as it was said.
    @Test func oneSortedLine() throws {
        let time = Date(timeIntervalSince1970: 1_795_000_000.125)
        let line = JSONLogHandler.line(time: time, level: .warning, label: "huddle", message: "zei \"hallo\"\nen ging",
                                       metadata: ["team.id": "receptie", "irc.channels": .array(["#a", "#b"]), "n": .stringConvertible(3)])
        #expect(line == ##"{"irc.channels":["#a","#b"],"label":"huddle","level":"warning","message":"zei \"hallo\"\nen ging","n":"3","team.id":"receptie","time":"2026-11-18T11:06:40.125Z"}"##)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "zei \"hallo\"\nen ging")
        #expect(JSONLogHandler.line(time: Date(timeIntervalSince1970: 1_795_000_000), level: .info, label: "l", message: "m", metadata: [:])
                == #"{"label":"l","level":"info","message":"m","time":"2026-11-18T11:06:40.000Z"}"#)
    }
}
