import Foundation
import HuddleCore
import HuddleStore
import HuddleTesting
import Testing

@Suite struct LeaderCodesTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// A code works once, within 24 hours, for the mask that offers it; it is stored only hashed.
    @Test func onceWithinADay() throws {
        let data = try temporaryDirectory()
        let codes = LeaderCodes(dataDirectory: data)
        let code = try codes.issue(team: "receptie", leader: "monique", now: now)
        #expect(code.count == 14 && code.split(separator: "-").count == 3)
        let file = try String(contentsOfFile: data + "/leaders.json", encoding: .utf8)
        #expect(!file.contains(code) && !file.contains(code.replacingOccurrences(of: "-", with: "")))
        let grant = try codes.redeem(code.uppercased(), mask: "monique!mo@203.0.113.9", now: now.addingTimeInterval(60))
        #expect(grant == LeaderGrant(team: "receptie", leader: "monique", mask: "monique!mo@203.0.113.9", at: now.addingTimeInterval(60)))
        #expect(try codes.redeem(code, mask: "eve!e@198.51.100.1", now: now.addingTimeInterval(120)) == nil)
        #expect(codes.grants(team: "receptie").map(\.mask) == ["monique!mo@203.0.113.9"])
        #expect(codes.grants(team: "keuken").isEmpty)

        let late = try codes.issue(team: "receptie", leader: "joost", now: now)
        #expect(try codes.redeem(late, mask: "joost!j@h", now: now.addingTimeInterval(24 * 3600 + 1)) == nil)
        #expect(try codes.redeem("aaaa-bbbb-cccc", mask: "x!y@z", now: now) == nil)
    }

    /// A code said in public is void; a new code voids the leader's earlier one; revoke removes
    /// codes and grants; another process (the CLI) sees the same file.
    @Test func burnReissueRevoke() throws {
        let data = try temporaryDirectory()
        let bot = LeaderCodes(dataDirectory: data), cli = LeaderCodes(dataDirectory: data)
        let first = try cli.issue(team: "receptie", leader: "monique", now: now)
        #expect(try bot.burn(first, now: now))
        #expect(try bot.redeem(first, mask: "monique!m@h", now: now) == nil)
        let second = try cli.issue(team: "receptie", leader: "monique", now: now)
        let third = try cli.issue(team: "receptie", leader: "monique", now: now)
        #expect(try bot.redeem(second, mask: "monique!m@h", now: now) == nil)
        #expect(try bot.redeem(third, mask: "monique!m@h", now: now) != nil)
        #expect(bot.grants(team: "receptie").count == 1)
        let removed = try cli.revoke(team: "receptie", leader: "monique")
        #expect(removed.grants == 1 && removed.codes >= 1)
        #expect(bot.grants(team: "receptie").isEmpty)
    }
}
