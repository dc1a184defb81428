// libFuzzer target: chat lines through the command parser and the engine, as anyone in a
// channel or a private message could send them. Property: no crash, and every decision is one
// the runtime can carry out (an entry's text is what was typed, never longer than the line).
import Foundation
import HuddleCore

let fuzzTeam = TeamConfig(id: "receptie", name: "Receptie", channel: "#receptie", leaders: ["monique", "joost!*@10.1.2.*"],
                          timeZone: TimeZone(identifier: "Europe/Amsterdam")!,
                          shifts: [ShiftConfig(name: "ochtend", start: LocalTime(hour: 7, minute: 0)!)])
let fuzzEngine = HuddleEngine()
let fuzzNow = Date(timeIntervalSince1970: 1_795_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChatEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let flags = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let open = HuddleOccurrence(key: HuddleKey(team: "receptie", shift: "ochtend", day: CalendarDay(fuzzNow, in: fuzzTeam.timeZone)),
                                opensAt: fuzzNow.addingTimeInterval(-60), closesAt: fuzzNow.addingTimeInterval(840))
    var situation = ChatSituation(team: fuzzTeam, sender: Author(nick: "anna", account: flags & 1 == 0 ? nil : "anna"), at: fuzzNow,
                                  isPrivate: flags & 2 != 0, openHuddle: flags & 4 != 0 ? open : nil, nextHuddle: open,
                                  accountsAvailable: flags & 8 != 0, botNick: "huddle")
    situation.senderMask = flags & 16 != 0 ? "joost!j@10.1.2.3" : "anna!a@198.51.100.7"
    switch fuzzEngine.handle(text, in: situation) {
    case .record(let draft, _), .ask(_, let draft, _):
        precondition((draft.text ?? "").utf8.count <= text.utf8.count + 64, "an entry longer than its line")
    case .reply(let lines):
        precondition(!lines.isEmpty, "an empty reply")
    case .digest, .groupDigest, .claimLeader, .form, .ignore:
        break
    }
    return 0
}
