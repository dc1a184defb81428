import Testing
@testable import IRCProtocol

/// Feeds raw server lines to the state machine and returns the raw lines it sends back.
private func feed(_ machine: inout IRCClientStateMachine, _ lines: String...) throws -> [String] {
    var sent: [String] = []
    for line in lines {
        for case .send(let message) in machine.receive(try IRCMessage(parsing: line)) { sent.append(message.wireLine) }
    }
    return sent
}

@Suite struct IRCClientStateMachineTests {
    let identity = IRCClientIdentity(nick: "huddle", alternativeNicks: ["huddle2"], username: "bot", realname: "Huddle bot",
                                     channels: ["#receptie", "#keuken"])

    /// Registration opens with CAP LS 302, NICK and USER.
    @Test func opening() {
        var machine = IRCClientStateMachine(identity: identity)
        let lines = machine.start().compactMap { if case .send(let m) = $0 { m.wireLine } else { nil } }
        #expect(lines == ["CAP LS 302", "NICK huddle", "USER bot 0 * :Huddle bot"])
    }

    /// A server password goes out as PASS before NICK.
    @Test func serverPassword() {
        var machine = IRCClientStateMachine(identity: IRCClientIdentity(nick: "h", serverPassword: "s3cret"))
        let lines = machine.start().compactMap { if case .send(let m) = $0 { m.wireLine } else { nil } }
        #expect(lines == ["CAP LS 302", "PASS s3cret", "NICK h", "USER h 0 * h"])
    }

    /// A multi-line CAP LS is collected; only wanted caps are requested; ACK ends negotiation.
    @Test func capNegotiation() throws {
        var machine = IRCClientStateMachine(identity: identity)
        _ = machine.start()
        #expect(try feed(&machine, ":srv CAP * LS * :multi-prefix sasl=PLAIN,EXTERNAL") == [])
        #expect(try feed(&machine, ":srv CAP * LS :account-tag server-time away-notify") == ["CAP REQ :account-tag multi-prefix server-time"])
        #expect(try feed(&machine, ":srv CAP huddle ACK :account-tag multi-prefix server-time") == ["CAP END"])
        #expect(machine.enabledCapabilities == ["account-tag", "multi-prefix", "server-time"])
    }

    /// CAP END is sent after NAK, after an LS with nothing wanted, and when a server skips CAP.
    @Test func capEndAlways() throws {
        var nak = IRCClientStateMachine(identity: identity)
        _ = nak.start()
        _ = try feed(&nak, ":srv CAP * LS :multi-prefix")
        #expect(try feed(&nak, ":srv CAP * NAK :multi-prefix") == ["CAP END"])

        var nothing = IRCClientStateMachine(identity: identity)
        _ = nothing.start()
        #expect(try feed(&nothing, ":srv CAP * LS :away-notify") == ["CAP END"])

        var noCap = IRCClientStateMachine(identity: identity)
        _ = noCap.start()
        #expect(try feed(&noCap, ":srv 001 huddle :Welcome") == ["CAP END"])
        #expect(try feed(&noCap, ":srv 422 huddle :MOTD File is missing") == ["JOIN #receptie,#keuken"])
    }

    /// PING is answered at any time, also before registration.
    @Test func ping() throws {
        var machine = IRCClientStateMachine(identity: identity)
        _ = machine.start()
        #expect(try feed(&machine, "PING :abc") == ["PONG abc"])
        #expect(try feed(&machine, "PING :two words") == ["PONG :two words"])
    }

    /// A taken nick before 001 moves to the alternatives, then to generated ones.
    @Test func nickInUse() throws {
        var machine = IRCClientStateMachine(identity: identity)
        _ = machine.start()
        #expect(try feed(&machine, ":srv 433 * huddle :Nickname is already in use") == ["NICK huddle2"])
        #expect(try feed(&machine, ":srv 433 * huddle2 :Nickname is already in use") == ["NICK huddle_"])
        #expect(try feed(&machine, ":srv 432 * huddle_ :Erroneous") == ["NICK huddle__"])
        let actions = machine.receive(try IRCMessage(parsing: ":srv 001 huddle__ :Welcome"))
        #expect(actions.contains(.registered(nick: "huddle__")))
        #expect(machine.currentNick == "huddle__")
        #expect(try feed(&machine, ":srv 433 huddle__ huddle :in use") == [])
    }

    /// After 001 the channels are joined in one batched JOIN; the JOIN echo marks them joined.
    @Test func joinAndEcho() throws {
        var machine = IRCClientStateMachine(identity: identity)
        _ = machine.start()
        _ = try feed(&machine, ":srv 001 huddle :Welcome", ":srv 005 huddle CASEMAPPING=rfc1459 CHANTYPES=# :are supported")
        let actions = machine.receive(try IRCMessage(parsing: ":huddle!~bot@10.0.0.1 JOIN #Receptie"))
        #expect(actions == [.joined(channel: "#Receptie")])
        #expect(machine.joinedChannels == ["#receptie"])
        #expect(machine.ownSource == "huddle!~bot@10.0.0.1")
        #expect(machine.maxTextBytes(target: "#receptie") == 512 - (1 + 20 + 1 + 7 + 1 + 9 + 2 + 2))
    }

    /// A KICK of the bot is reported for a rejoin; other KICKs are not.
    @Test func kick() throws {
        var machine = IRCClientStateMachine(identity: identity)
        _ = machine.start()
        _ = try feed(&machine, ":srv 001 huddle :Welcome")
        #expect(machine.receive(try IRCMessage(parsing: ":op!o@h KICK #receptie anna :bye")) == [])
        #expect(machine.receive(try IRCMessage(parsing: ":op!o@h KICK #receptie huddle :bye"))
                == [.kicked(channel: "#receptie", by: "op", reason: "bye")])
        #expect(machine.receive(try IRCMessage(parsing: ":srv 474 huddle #keuken :Cannot join channel (+b)"))
                == [.cannotJoin(channel: "#keuken", numeric: "474", reason: "Cannot join channel (+b)")])
        #expect(machine.receive(try IRCMessage(parsing: ":srv 405 huddle #bar :You have joined too many channels"))
                == [.cannotJoin(channel: "#bar", numeric: "405", reason: "You have joined too many channels")])
    }

    /// Channel and private messages carry sender, account, channel and server time; CTCP queries are not chat.
    @Test func messages() throws {
        var machine = IRCClientStateMachine(identity: identity)
        _ = machine.start()
        _ = try feed(&machine, ":srv 001 huddle :Welcome")
        let channel = machine.receive(try IRCMessage(parsing: "@account=anna;time=2026-11-23T06:01:00.000Z :Anna!a@h PRIVMSG #receptie :1 Een groep"))
        #expect(channel == [.message(IRCIncomingMessage(sender: IRCSource(parsing: "Anna!a@h"), account: "anna", channel: "#receptie",
                                                        text: "1 Een groep", isNotice: false, serverTime: "2026-11-23T06:01:00.000Z"))])
        let privately = machine.receive(try IRCMessage(parsing: ":bob!b@h PRIVMSG huddle :!help"))
        #expect(privately == [.message(IRCIncomingMessage(sender: IRCSource(parsing: "bob!b@h"), account: nil, channel: nil,
                                                          text: "!help", isNotice: false, serverTime: nil))])
        #expect(machine.receive(try IRCMessage(parsing: ":bob!b@h PRIVMSG huddle :\u{01}VERSION\u{01}")) ==
                [.ctcpQuery(from: "bob", command: "VERSION", argument: "")])
        #expect(machine.receive(try IRCMessage(parsing: ":bob!b@h PRIVMSG #receptie :\u{01}DCC SEND x\u{01}")) == [])
        let action = machine.receive(try IRCMessage(parsing: ":bob!b@h PRIVMSG #receptie :\u{01}ACTION zwaait\u{01}"))
        #expect(action.first.map { if case .message(let m) = $0 { m.text == "zwaait" } else { false } } == true)
        #expect(machine.receive(try IRCMessage(parsing: ":huddle!b@h PRIVMSG #receptie :own echo")) == [])
    }

    /// BOT mode is set after the MOTD when the server advertises it.
    @Test func botMode() throws {
        var machine = IRCClientStateMachine(identity: identity)
        _ = machine.start()
        _ = try feed(&machine, ":srv 001 huddle :Welcome", ":srv 005 huddle BOT=B :are supported")
        #expect(try feed(&machine, ":srv 376 huddle :End of MOTD") == ["MODE huddle +B", "JOIN #receptie,#keuken"])
        #expect(try feed(&machine, ":srv 376 huddle :End of MOTD").isEmpty)
    }

    /// The channels are joined at the end of the MOTD, once ISUPPORT is known: no more than the
    /// server's CHANLIMIT; the others are reported for another connection to take.
    @Test func channelLimit() throws {
        let many = IRCClientIdentity(nick: "huddle", channels: (1...14).map { "#team\($0)" } + ["&local"])
        var machine = IRCClientStateMachine(identity: many)
        _ = machine.start()
        _ = try feed(&machine, ":srv 001 huddle :Welcome", ":srv 005 huddle CHANLIMIT=#:10,&: CHANTYPES=#& :are supported")
        let actions = machine.receive(try IRCMessage(parsing: ":srv 376 huddle :End of MOTD"))
        #expect(actions == [.send(IRCMessage(command: "JOIN", params: [((1...10).map { "#team\($0)" } + ["&local"]).joined(separator: ",")])),
                            .overChannelLimit(limit: 10, channels: (11...14).map { "#team\($0)" })])
        var isupport = ISupport()
        isupport.apply(tokens: ["MAXCHANNELS=3"])
        #expect(isupport.withinChannelLimit(["#a", "#b", "#c", "#d"]) == (["#a", "#b", "#c"], ["#d"]))
        isupport.apply(tokens: ["CHANLIMIT=#&+:10"])
        #expect(isupport.channelLimit == 10)
        // ngIRCd with MaxJoins = 0 announces `:0` for no limit.
        isupport.apply(tokens: ["CHANLIMIT=#&+:0"])
        #expect(isupport.channelLimit == nil)
        #expect(isupport.withinChannelLimit(["#a", "#b"]) == (["#a", "#b"], []))
    }
}
