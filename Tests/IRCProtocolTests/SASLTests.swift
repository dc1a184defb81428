import Testing
@testable import IRCProtocol

@Suite struct SASLTests {
    func machine(_ sasl: SASLCredentials?) -> IRCClientStateMachine {
        var machine = IRCClientStateMachine(identity: IRCClientIdentity(nick: "huddle", channels: ["#r"], sasl: sasl))
        _ = machine.start()
        return machine
    }

    func lines(_ actions: [IRCClientAction]) -> [String] {
        actions.compactMap { if case .send(let m) = $0 { m.wireLine } else { nil } }
    }

    func feed(_ machine: inout IRCClientStateMachine, _ line: String) throws -> [IRCClientAction] {
        machine.receive(try IRCMessage(parsing: line))
    }

    /// PLAIN: request sasl, AUTHENTICATE PLAIN, the base64 payload (authzid = authcid), 900/903, then CAP END.
    @Test func plainSuccess() throws {
        var m = machine(.plain(account: "huddle", password: "geheim"))
        #expect(lines(try feed(&m, ":srv CAP * LS :sasl=PLAIN,EXTERNAL account-tag")) == ["CAP REQ :account-tag sasl"])
        let ack = try feed(&m, ":srv CAP * ACK :account-tag sasl")
        #expect(ack.contains(.saslStarted(mechanism: "PLAIN")) && lines(ack) == ["AUTHENTICATE PLAIN"])
        #expect(lines(try feed(&m, "AUTHENTICATE +")) == ["AUTHENTICATE aHVkZGxlAGh1ZGRsZQBnZWhlaW0="])
        #expect(try feed(&m, ":srv 900 huddle huddle!h@x huddle :You are now logged in as huddle") == [.loggedIn(account: "huddle")])
        #expect(lines(try feed(&m, ":srv 903 huddle :SASL authentication successful")) == ["CAP END"])
        #expect(m.account == "huddle" && !m.authenticating)
    }

    /// A failed login ends negotiation and reports why; registration continues.
    @Test func plainFailure() throws {
        var m = machine(.plain(account: "huddle", password: "fout"))
        _ = try feed(&m, ":srv CAP * LS :sasl")
        _ = try feed(&m, ":srv CAP * ACK :sasl")
        _ = try feed(&m, "AUTHENTICATE +")
        let failed = try feed(&m, ":srv 904 huddle :SASL authentication failed")
        #expect(failed.contains(.saslFailed(reason: "904 SASL authentication failed")) && lines(failed) == ["CAP END"])
    }

    /// Without sasl on offer, or without our mechanism, the client says so and goes on.
    @Test func notOffered() throws {
        var none = machine(.plain(account: "a", password: "b"))
        let actions = try feed(&none, ":srv CAP * LS :multi-prefix")
        #expect(actions.first == .saslFailed(reason: "server does not offer SASL") && lines(actions) == ["CAP REQ multi-prefix"])
        var wrong = machine(.external)
        #expect(try feed(&wrong, ":srv CAP * LS :sasl=PLAIN").first == .saslFailed(reason: "server offers PLAIN, not EXTERNAL"))
    }

    /// EXTERNAL answers the challenge with a lone +.
    @Test func external() throws {
        var m = machine(.external)
        _ = try feed(&m, ":srv CAP * LS :sasl=EXTERNAL")
        #expect(lines(try feed(&m, ":srv CAP * ACK :sasl")) == ["AUTHENTICATE EXTERNAL"])
        #expect(lines(try feed(&m, "AUTHENTICATE +")) == ["AUTHENTICATE +"])
    }

    /// A 908 list without our mechanism aborts; a timeout aborts too.
    @Test func abortAndTimeout() throws {
        var m = machine(.plain(account: "a", password: "b"))
        _ = try feed(&m, ":srv CAP * LS :sasl")
        _ = try feed(&m, ":srv CAP * ACK :sasl")
        #expect(lines(try feed(&m, ":srv 908 huddle EXTERNAL :are available SASL mechanisms")) == ["AUTHENTICATE *", "CAP END"])
        var slow = machine(.plain(account: "a", password: "b"))
        _ = try feed(&slow, ":srv CAP * LS :sasl")
        _ = try feed(&slow, ":srv CAP * ACK :sasl")
        #expect(lines(slow.saslTimedOut()) == ["AUTHENTICATE *", "CAP END"])
        #expect(slow.saslTimedOut().isEmpty)
    }

    /// Payloads are cut in 400-byte pieces; an exact multiple of 400 ends with a lone +.
    @Test func chunking() {
        let exact = IRCClientStateMachine.authenticateLines(payload: Array(repeating: 65, count: 300))
        #expect(exact.map { $0.params[0].count } == [400, 1])
        #expect(exact.last?.params == ["+"])
        let longer = IRCClientStateMachine.authenticateLines(payload: Array(repeating: 65, count: 301))
        #expect(longer.map { $0.params[0].count } == [400, 4])
        #expect(IRCClientStateMachine.authenticateLines(payload: []).map(\.wireLine) == ["AUTHENTICATE +"])
        #expect(IRCClientStateMachine.base64(Array("Man".utf8)) == "TWFu" && IRCClientStateMachine.base64(Array("Ma".utf8)) == "TWE=")
    }

    /// CTCP VERSION/PING/TIME become queries for the transport; the nick is regained when it frees up.
    @Test func ctcpAndRegain() throws {
        var m = machine(nil)
        _ = try feed(&m, ":srv 433 * huddle :in use")
        _ = try feed(&m, ":srv 001 huddle_ :Welcome")
        #expect(try feed(&m, ":bob!b@h PRIVMSG huddle_ :\u{01}VERSION\u{01}") == [.ctcpQuery(from: "bob", command: "VERSION", argument: "")])
        #expect(try feed(&m, ":bob!b@h PRIVMSG huddle_ :\u{01}PING 123\u{01}") == [.ctcpQuery(from: "bob", command: "PING", argument: "123")])
        #expect(try feed(&m, ":bob!b@h NOTICE huddle_ :\u{01}VERSION x\u{01}").isEmpty)
        #expect(lines(m.regainNick()) == ["NICK huddle"])
        #expect(lines(try feed(&m, ":huddle!x@y QUIT :bye")) == ["NICK huddle"])
        _ = try feed(&m, ":huddle_!h@x NICK :huddle")
        #expect(m.currentNick == "huddle" && m.regainNick().isEmpty)
    }
}
