import Foundation
import HuddleCore
import Webhooks

/// A personal link to an open huddle's form: `/form/<team>/<shift>/<day>?n=…&a=…&m=…&exp=…&sig=…`,
/// bound to the person (nick, and account or platform user id, or IRC host mask) and expiring
/// when the huddle's window closes; `sig` is an HMAC-SHA256 of all of it with the data
/// directory's link key. The form's token is another HMAC of the same, so a page's POST is
/// known to come from a page the link opened.
struct FormLink: Sendable, Hashable {
    var team: String
    var huddle: HuddleRef
    var nick: String
    var account: String?
    var mask: String?
    /// Unix time after which the link opens nothing.
    var expires: Int

    var path: String { "/form/\(team)/\(huddle.shift)/\(huddle.day)" }

    /// What the signature and the token cover, for one purpose.
    func signed(_ purpose: String) -> [UInt8] {
        Array([purpose, path, nick, account ?? "", mask ?? "", String(expires)].joined(separator: "\n").utf8)
    }

    /// The query string of the link.
    func query(key: [UInt8]) -> String {
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
        var fields = ["n=\(encoded(nick))"]
        if let account { fields.append("a=\(encoded(account))") }
        if let mask { fields.append("m=\(encoded(mask))") }
        fields += ["exp=\(expires)", "sig=\(Hex.encode(Signatures.hmacSHA256(key: key, message: signed("form"))))"]
        return fields.joined(separator: "&")
    }

    /// The token a page of this link carries in its form.
    func token(key: [UInt8]) -> String { Hex.encode(Signatures.hmacSHA256(key: key, message: signed("form-token"))) }

    /// The link a request names, when its signature holds and it has not expired; nil otherwise.
    static func read(path: String, query: String, key: [UInt8], now: Date) -> FormLink? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[1] == "form", let day = CalendarDay(parsing: parts[4]),
              TeamConfig.isValidID(parts[2]), parts[3].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        let fields = HuddleForm.fields(query)
        guard let nick = fields["n"], !nick.isEmpty, let expires = fields["exp"].flatMap(Int.init), let signature = fields["sig"],
              expires >= Int(now.timeIntervalSince1970) else { return nil }
        let link = FormLink(team: parts[2], huddle: HuddleRef(shift: parts[3], day: day), nick: nick, account: fields["a"], mask: fields["m"], expires: expires)
        return Signatures.isValidHMACSHA256(hex: signature, key: key, message: link.signed("form")) ? link : nil
    }

    /// Whether `token` is this link's.
    func accepts(token: String, key: [UInt8]) -> Bool {
        Signatures.isValidHMACSHA256(hex: token, key: key, message: signed("form-token"))
    }
}
