import Testing
@testable import IRCProtocol

@Suite struct KeepAliveTimingTests {
    /// After `interval` of silence one PING goes out; `timeout` later without a line the connection is given up.
    @Test func pingAfterSilenceThenTimeout() {
        var clock = ManualTimeline()
        var keepAlive = IRCKeepAlive(interval: .seconds(60), timeout: .seconds(30), now: clock.now)
        #expect(keepAlive.deadline == clock.now + .seconds(60))
        clock.advance(.seconds(59))
        #expect(keepAlive.poll(at: clock.now) == .wait)
        clock.advance(.seconds(1))
        #expect(keepAlive.poll(at: clock.now) == .ping)
        #expect(keepAlive.poll(at: clock.now) == .wait)
        #expect(keepAlive.deadline == clock.now + .seconds(30))
        clock.advance(.seconds(29))
        #expect(keepAlive.poll(at: clock.now) == .wait)
        clock.advance(.seconds(1))
        #expect(keepAlive.poll(at: clock.now) == .timedOut)
    }

    /// Any line moves the deadline: a chatty server is never pinged, and a reply answers the PING.
    @Test func linesPostponeThePing() {
        var clock = ManualTimeline()
        var keepAlive = IRCKeepAlive(interval: .seconds(60), timeout: .seconds(60), now: clock.now)
        for _ in 1...10 {
            clock.advance(.seconds(50))
            keepAlive.received(at: clock.now)
            #expect(keepAlive.poll(at: clock.now) == .wait)
        }
        #expect(keepAlive.deadline == clock.now + .seconds(60))
        clock.advance(.seconds(60))
        #expect(keepAlive.poll(at: clock.now) == .ping)
        clock.advance(.seconds(10))
        keepAlive.received(at: clock.now)
        #expect(keepAlive.pingSentAt == nil)
        #expect(keepAlive.deadline == clock.now + .seconds(60))
        clock.advance(.seconds(59))
        #expect(keepAlive.poll(at: clock.now) == .wait)
    }

    /// A task that wakes late (after the deadline) still gets the right action, once.
    @Test func lateWakeUp() {
        var clock = ManualTimeline()
        var keepAlive = IRCKeepAlive(interval: .seconds(1), timeout: .seconds(1), now: clock.now)
        clock.advance(.seconds(5))
        #expect(keepAlive.poll(at: clock.now) == .ping)
        clock.advance(.seconds(5))
        #expect(keepAlive.poll(at: clock.now) == .timedOut)
    }
}

@Suite struct CTCPResponderTests {
    func reply(_ responder: inout CTCPResponder<ManualInstant>, _ command: String, _ argument: String = "",
               at now: ManualInstant) -> String? {
        responder.reply(to: "anna", command: command, argument: argument, at: now, time: { "Tue, 01 Dec 2026 08:00:00 GMT" })?.wireLine
    }

    /// VERSION, PING (echoing at most 64 characters) and TIME are answered by NOTICE to the asker.
    @Test func answers() {
        var responder = CTCPResponder(version: "Huddle 1.0", now: ManualInstant.zero)
        #expect(reply(&responder, "VERSION", at: .zero) == "NOTICE anna :\u{01}VERSION Huddle 1.0\u{01}")
        #expect(reply(&responder, "PING", String(repeating: "9", count: 80), at: .zero)
                == "NOTICE anna :\u{01}PING \(String(repeating: "9", count: 64))\u{01}")
        #expect(reply(&responder, "TIME", at: .zero + .seconds(5)) == "NOTICE anna :\u{01}TIME Tue, 01 Dec 2026 08:00:00 GMT\u{01}")
    }

    /// An empty PING is echoed without a space; CLIENTINFO, FINGER and the like get no answer and cost nothing.
    @Test func emptyAndUnknown() {
        var responder = CTCPResponder(version: "v", now: ManualInstant.zero)
        #expect(reply(&responder, "PING", at: .zero) == "NOTICE anna \u{01}PING\u{01}")
        for command in ["CLIENTINFO", "FINGER", "USERINFO", "SOURCE"] { #expect(reply(&responder, command, at: .zero) == nil) }
        #expect(reply(&responder, "VERSION", at: .zero) != nil)
        #expect(reply(&responder, "VERSION", at: .zero) != nil)
    }

    /// Three answers at once, then one every five seconds: a flood of queries cannot make the bot flood.
    @Test func rateLimited() {
        var clock = ManualTimeline()
        var responder = CTCPResponder(version: "v", now: clock.now)
        #expect((1...10).compactMap { _ in reply(&responder, "VERSION", at: clock.now) }.count == 3)
        clock.advance(.seconds(4))
        #expect(reply(&responder, "VERSION", at: clock.now) == nil)
        clock.advance(.seconds(1))
        #expect(reply(&responder, "VERSION", at: clock.now) != nil)
        #expect(reply(&responder, "VERSION", at: clock.now) == nil)
        clock.advance(.seconds(15))
        #expect((1...10).compactMap { _ in reply(&responder, "PING", "x", at: clock.now) }.count == 3)
    }

    /// The TIME text is read only when TIME is asked.
    @Test func timeReadOnlyForTime() {
        var responder = CTCPResponder(version: "v", now: ManualInstant.zero)
        var reads = 0
        _ = responder.reply(to: "anna", command: "VERSION", argument: "", at: .zero, time: { reads += 1; return "" })
        #expect(reads == 0)
        _ = responder.reply(to: "anna", command: "TIME", argument: "", at: .zero, time: { reads += 1; return "" })
        #expect(reads == 1)
    }
}

@Suite struct NickRegainTests {
    /// The first attempt comes `interval` after connecting, then one every `interval`, never sooner.
    @Test func everyInterval() {
        var clock = ManualTimeline()
        var regain = IRCNickRegain(interval: .seconds(60), now: clock.now)
        clock.advance(.seconds(59))
        #expect(regain.isDue(at: clock.now) == false)
        clock.advance(.seconds(1))
        #expect(regain.isDue(at: clock.now) == true)
        #expect(regain.isDue(at: clock.now) == false)
        #expect(regain.deadline == clock.now + .seconds(60))
        clock.advance(.seconds(90))
        #expect(regain.isDue(at: clock.now) == true)
        #expect(regain.deadline == clock.now + .seconds(60))
    }

    /// With the timer due, the state machine asks for the configured nick only while it has another.
    @Test func onlyUnderAnotherNick() throws {
        var machine = IRCClientStateMachine(identity: IRCClientIdentity(nick: "huddle"))
        _ = machine.start()
        _ = machine.receive(try IRCMessage(parsing: ":srv 433 * huddle :Nickname is already in use"))
        _ = machine.receive(try IRCMessage(parsing: ":srv 001 huddle_ :Welcome"))
        var clock = ManualTimeline()
        var regain = IRCNickRegain(interval: .seconds(60), now: clock.now)
        clock.advance(.seconds(60))
        #expect(regain.isDue(at: clock.now) == true)
        #expect(machine.regainNick() == [.send(IRCMessage(command: "NICK", params: ["huddle"]))])
        _ = machine.receive(try IRCMessage(parsing: ":huddle_!u@h NICK huddle"))
        clock.advance(.seconds(60))
        #expect(regain.isDue(at: clock.now) == true)
        #expect(machine.regainNick().isEmpty)
    }
}

@Suite struct SASLTimerTests {
    /// An exchange that does not finish is given up at its deadline, once.
    @Test func expiresOnce() {
        var clock = ManualTimeline()
        var timer = SASLTimer<ManualInstant>(timeout: .seconds(30))
        #expect(timer.expire(at: clock.now) == false)
        let deadline = timer.start(at: clock.now)
        #expect(deadline == clock.now + .seconds(30))
        clock.advance(.seconds(29))
        #expect(timer.expire(at: clock.now) == false)
        clock.advance(.seconds(1))
        #expect(timer.expire(at: clock.now) == true)
        #expect(timer.expire(at: clock.now) == false)
        #expect(timer.deadline == nil)
    }

    /// A second exchange replaces the first: the first one's deadline no longer gives anything up.
    @Test func laterExchangeWins() {
        var clock = ManualTimeline()
        var timer = SASLTimer<ManualInstant>(timeout: .seconds(30))
        let first = timer.start(at: clock.now)
        clock.advance(.seconds(20))
        let second = timer.start(at: clock.now)
        #expect(timer.expire(at: first) == false)
        #expect(timer.expire(at: second) == true)
    }

    /// At the deadline the state machine aborts the exchange and ends capability negotiation; once finished, nothing.
    @Test func machineGivesUp() throws {
        var machine = IRCClientStateMachine(identity: IRCClientIdentity(nick: "huddle", sasl: .plain(account: "huddle", password: "pw")))
        _ = machine.start()
        _ = machine.receive(try IRCMessage(parsing: ":srv CAP * LS :sasl=PLAIN"))
        let started = machine.receive(try IRCMessage(parsing: ":srv CAP * ACK :sasl"))
        #expect(started.first == .saslStarted(mechanism: "PLAIN"))
        var clock = ManualTimeline()
        var timer = SASLTimer<ManualInstant>(timeout: .seconds(30))
        _ = timer.start(at: clock.now)
        clock.advance(.seconds(30))
        #expect(timer.expire(at: clock.now) == true)
        let lines = machine.saslTimedOut().compactMap { if case .send(let message) = $0 { message.wireLine } else { nil } }
        #expect(lines == ["AUTHENTICATE *", "CAP END"])
        #expect(machine.saslTimedOut().isEmpty)
    }
}
