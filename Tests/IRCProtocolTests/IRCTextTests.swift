import Testing
@testable import IRCProtocol

@Suite struct IRCTextTests {
    /// Every piece fits the byte limit and the pieces give back the text (spaces at breaks aside).
    @Test(arguments: [10, 16, 33, 100])
    func splitFitsLimit(_ limit: Int) {
        let text = "Gasten waarderen het enorm dat we hun naam onthouden — ook na één bezoek 😀👍🏽 en dat de koffie klaarstaat."
        let pieces = IRCText.split(text, maxBytes: limit)
        #expect(pieces.allSatisfy { $0.utf8.count <= limit })
        #expect(pieces.joined().filter { $0 != " " } == text.filter { $0 != " " })
    }

    /// Short text is one piece; multi-byte characters are never cut.
    @Test func splitKeepsCharacters() {
        #expect(IRCText.split("kort", maxBytes: 100) == ["kort"])
        let pieces = IRCText.split(String(repeating: "é", count: 10), maxBytes: 5)
        #expect(pieces == ["éé", "éé", "éé", "éé", "éé"])
    }

    /// Casemapping folds as ISUPPORT says.
    @Test func casemapping() {
        #expect(Casemapping.rfc1459.fold("Anna[]\\~") == "anna{}|^")
        #expect(Casemapping.rfc1459Strict.fold("Anna[]\\~") == "anna{}|~")
        #expect(Casemapping.ascii.fold("Anna[]") == "anna[]")
        #expect(Casemapping.rfc1459.equal("Nick[a]", "nick{A}"))
        // Only ASCII folds: other characters (and the bytes of their UTF-8) stay as they are.
        #expect(Casemapping.rfc1459.fold("#Ärger-Émile🙂[X]") == "#Ärger-Émile🙂{x}")
        #expect(Casemapping.ascii.fold("#keuken") == "#keuken" && Casemapping.rfc1459.fold("") == "")
        for name in ["#Bar~", "Zoë\\", "ÅÐ@[]", "#a\u{301}B"] {
            let byScalar = String(String.UnicodeScalarView(name.unicodeScalars.map { scalar -> Unicode.Scalar in
                switch scalar {
                case "A"..."Z": Unicode.Scalar(scalar.value + 32)!
                case "[": "{"
                case "]": "}"
                case "\\": "|"
                case "~": "^"
                default: scalar
                }
            }))
            #expect(Casemapping.rfc1459.fold(name) == byScalar)
        }
    }

    /// 005 tokens set what the client uses.
    @Test func isupport() {
        var support = ISupport()
        support.apply(tokens: ["CASEMAPPING=ascii", "CHANTYPES=#", "PREFIX=(ov)@+", "STATUSMSG=@+", "NICKLEN=30", "BOT=B", "LINELEN=2048"])
        #expect(support.casemapping == .ascii)
        #expect(support.channelTypes == ["#"])
        #expect(support.prefixes == ["@", "+"])
        #expect(support.nickLength == 30)
        #expect(support.botMode == "B")
        #expect(support.lineLength == 2048)
        #expect(support.isChannel("@#ops"))
        #expect(!support.isChannel("&local"))
        #expect(!support.isChannel("anna"))
    }

    /// The bucket allows a burst, then paces at the configured rate.
    @Test func tokenBucket() {
        var bucket = TokenBucket(burst: 4, perSecond: 1)
        let waits = (0..<6).map { _ in bucket.take(now: 0) }
        #expect(waits == [0, 0, 0, 0, 1, 2])
        #expect(bucket.take(now: 10) == 0)
        var strict = TokenBucket(burst: 1, perSecond: 1)
        #expect(strict.takeIfAvailable(now: 0) && !strict.takeIfAvailable(now: 0.5) && strict.takeIfAvailable(now: 1))
    }
}

@Suite struct IRCTextHostileTests {
    /// A character longer than a piece (a letter with hundreds of combining accents, found by the
    /// fuzzer) is split between its scalars, so no piece is ever over the limit.
    @Test func hugeCharacter() {
        let zalgo = "e" + String(repeating: "\u{301}", count: 300) + " ok"
        let pieces = IRCText.split(zalgo, maxBytes: 100)
        #expect(pieces.allSatisfy { $0.utf8.count <= 100 })
        #expect(pieces.joined().unicodeScalars.filter { $0 != " " }.count == zalgo.unicodeScalars.filter { $0 != " " }.count)
    }
}
