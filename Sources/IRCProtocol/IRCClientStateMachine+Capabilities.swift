/// Capability negotiation (CAP LS, REQ, ACK, NAK, NEW, DEL, END) and SASL (PLAIN and EXTERNAL)
/// of the client state machine: what it asks for while registering, and what it answers.
extension IRCClientStateMachine {
    mutating func receiveCap(_ message: IRCMessage) -> [IRCClientAction] {
        guard message.params.count >= 2 else { return [] }
        let sub = message.params[1].uppercased()
        switch sub {
        case "LS":
            let more = message.params.count >= 4 && message.params[2] == "*"
            for item in (message.params.last ?? "").split(separator: " ") {
                let parts = item.split(separator: "=", maxSplits: 1)
                offeredCapabilities[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            guard !more, capNegotiationOpen else { return [] }
            var wanted = Self.wantedCapabilities
            var notes: [IRCClientAction] = []
            if let sasl = identity.sasl {
                if let value = offeredCapabilities["sasl"] {
                    let mechanisms = value.split(separator: ",").map(String.init)
                    if mechanisms.isEmpty || mechanisms.contains(sasl.mechanism) {
                        wanted.insert("sasl")
                    } else {
                        notes.append(.saslFailed(reason: "server offers \(value), not \(sasl.mechanism)"))
                    }
                } else {
                    notes.append(.saslFailed(reason: "server does not offer SASL"))
                }
            }
            let request = wanted.intersection(offeredCapabilities.keys).sorted()
            if request.isEmpty {
                capNegotiationOpen = false
                return notes + [.send(IRCMessage(command: "CAP", params: ["END"]))]
            }
            return notes + [.send(IRCMessage(command: "CAP", params: ["REQ", request.joined(separator: " ")]))]
        case "ACK":
            var acked: Set<String> = []
            for cap in (message.params.last ?? "").split(separator: " ") {
                if cap.hasPrefix("-") { enabledCapabilities.remove(String(cap.dropFirst())) } else {
                    enabledCapabilities.insert(String(cap))
                    acked.insert(String(cap))
                }
            }
            if acked.contains("sasl"), let sasl = identity.sasl, capNegotiationOpen, !authenticating, account == nil {
                authenticating = true
                return [.saslStarted(mechanism: sasl.mechanism), .send(IRCMessage(command: "AUTHENTICATE", params: [sasl.mechanism]))]
            }
            return authenticating ? [] : endNegotiation()
        case "NAK":
            if identity.sasl != nil, (message.params.last ?? "").split(separator: " ").contains("sasl") {
                return [.saslFailed(reason: "server refused the sasl capability")] + endNegotiation()
            }
            return endNegotiation()
        case "NEW":
            guard phase == .registered else { return [] }
            let offered = (message.params.last ?? "").split(separator: " ").map { String($0.split(separator: "=")[0]) }
            let request = Self.wantedCapabilities.intersection(offered).subtracting(enabledCapabilities).sorted()
            return request.isEmpty ? [] : [.send(IRCMessage(command: "CAP", params: ["REQ", request.joined(separator: " ")]))]
        case "DEL":
            for cap in (message.params.last ?? "").split(separator: " ") { enabledCapabilities.remove(String(cap)) }
            return []
        default:
            return []
        }
    }

    mutating func endNegotiation() -> [IRCClientAction] {
        guard capNegotiationOpen else { return [] }
        capNegotiationOpen = false
        return [.send(IRCMessage(command: "CAP", params: ["END"]))]
    }

    /// Gives up a SASL exchange that took too long: aborts it and ends capability negotiation.
    public mutating func saslTimedOut() -> [IRCClientAction] {
        guard authenticating else { return [] }
        authenticating = false
        return [.send(IRCMessage(command: "AUTHENTICATE", params: ["*"])), .saslFailed(reason: "no answer from the server in time")]
            + endNegotiation()
    }

    /// The AUTHENTICATE lines that carry a SASL payload: base64 in 400-byte pieces, with a
    /// lone `+` after a final piece of exactly 400 bytes (or for an empty payload).
    public static func authenticateLines(payload: [UInt8]) -> [IRCMessage] {
        let encoded = base64(payload)
        var lines: [IRCMessage] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(IRCMessage(command: "AUTHENTICATE", params: [String(rest.prefix(400))]))
            rest = rest.dropFirst(400)
        }
        if encoded.isEmpty || encoded.count % 400 == 0 { lines.append(IRCMessage(command: "AUTHENTICATE", params: ["+"])) }
        return lines
    }

    mutating func receiveAuthenticate(_ message: IRCMessage) -> [IRCClientAction] {
        guard authenticating, message.params.first == "+", let sasl = identity.sasl else { return [] }
        switch sasl {
        case .plain(let account, let password):
            let payload = Array(account.utf8) + [0] + Array(account.utf8) + [0] + Array(password.utf8)
            return Self.authenticateLines(payload: payload).map { .send($0) }
        case .external:
            return [.send(IRCMessage(command: "AUTHENTICATE", params: ["+"]))]
        }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var output = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                output.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
            }
            index += 3
        }
        return output
    }
}
