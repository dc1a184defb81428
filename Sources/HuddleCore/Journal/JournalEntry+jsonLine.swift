#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension JournalEntry {
    /// The entry as one journal line (with its newline), as `HuddleJSON.lineEncoder()` writes it:
    /// keys sorted, absent values left out, times in UTC. Written by hand because the bot writes
    /// one for every entry, and `JSONEncoder` costs more than the rest of storing it.
    public var jsonLine: Data {
        var out = "{"
        out.reserveCapacity(256 + (self.text?.utf8.count ?? 0))
        var first = true
        func key(_ name: String) {
            out += first ? "\"" : ",\""
            out += name
            out += "\":"
            first = false
        }
        func text(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONText.quote(value, to: &out)
        }
        func integer(_ name: String, _ value: Int?) {
            guard let value else { return }
            key(name)
            out += String(value)
        }
        func list(_ name: String, _ values: [String]?) {
            guard let values else { return }
            key(name)
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                JSONText.quote(value, to: &out)
            }
            out += "]"
        }
        text("at", HuddleJSON.timestamp(at))
        if let author {
            key("author")
            out += "{"
            if let account = author.account {
                out += "\"account\":"
                JSONText.quote(account, to: &out)
                out += ","
            }
            out += "\"nick\":"
            JSONText.quote(author.nick, to: &out)
            out += "}"
        }
        if let huddle {
            key("huddle")
            out += "{\"day\":"
            JSONText.quote(huddle.day.description, to: &out)
            out += ",\"shift\":"
            JSONText.quote(huddle.shift, to: &out)
            out += "}"
        }
        text("id", id)
        integer("number", self.number)
        text("owner", owner)
        integer("question", question)
        text("ref", ref)
        text("scheduled", scheduled.map { HuddleJSON.timestamp($0) })
        list("tags", tags)
        text("team", team)
        text("text", self.text)
        list("to", to)
        text("type", type.rawValue)
        integer("v", v)
        list("values", values)
        text("zone", zone)
        out += "}\n"
        return Data(out.utf8)
    }
}

extension HuddleJSON {
    /// `2026-11-18T11:06:40Z`, or with milliseconds (`…40.125Z`) when the time has any (or
    /// always, for log lines); UTC.
    public static func timestamp(_ date: Date, alwaysMilliseconds: Bool = false) -> String {
        // Cut to the millisecond, never rounded up: a time written must not be later than the
        // time it stands for (the outboxes compare them with the clock).
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (whole, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var time = time_t(millis < 0 ? whole - 1 : whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = "\(zeroPadded(Int(parts.tm_year) + 1900, 4))-\(zeroPadded(Int(parts.tm_mon) + 1, 2))-\(zeroPadded(Int(parts.tm_mday), 2))"
            + "T\(zeroPadded(Int(parts.tm_hour), 2)):\(zeroPadded(Int(parts.tm_min), 2)):\(zeroPadded(Int(parts.tm_sec), 2))"
        if millis != 0 || alwaysMilliseconds { text += "." + zeroPadded(millis < 0 ? millis + 1000 : millis, 3) }
        return text + "Z"
    }
}
