#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension JournalEntry {
    /// The entry as one journal line (with its newline), as `HuddleJSON.lineEncoder()` writes it:
    /// keys sorted, absent values left out, times in UTC. Written by hand because the bot writes
    /// one for every entry, and `JSONEncoder` costs more than the rest of storing it.
    public var jsonLine: Data {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(256 + (self.text?.utf8.count ?? 0))
        var first = true
        func key(_ name: String) {
            // Key names are plain ASCII constants: nothing to escape.
            out.append(contentsOf: first ? #"""#.utf8 : #",""#.utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: #"":"#.utf8)
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
            out.append(contentsOf: String(value).utf8)
        }
        func list(_ name: String, _ values: [String]?) {
            guard let values else { return }
            key(name)
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.quote(value, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        key("at")
        out.append(UInt8(ascii: "\""))
        HuddleJSON.timestamp(at, to: &out)
        out.append(UInt8(ascii: "\""))
        if let author {
            key("author")
            out.append(UInt8(ascii: "{"))
            if let account = author.account {
                out.append(contentsOf: #""account":"#.utf8)
                JSONText.quote(account, to: &out)
                out.append(UInt8(ascii: ","))
            }
            out.append(contentsOf: #""nick":"#.utf8)
            JSONText.quote(author.nick, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        text("counter", counter)
        text("due", due?.description)
        if let facts {
            key("facts")
            out.append(UInt8(ascii: "{"))
            for (index, name) in facts.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.quote(name, to: &out)
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: String(facts[name] ?? 0).utf8)
            }
            out.append(UInt8(ascii: "}"))
        }
        if let huddle {
            key("huddle")
            out.append(contentsOf: #"{"day":"#.utf8)
            JSONText.quote(huddle.day.description, to: &out)
            out.append(contentsOf: #","shift":"#.utf8)
            JSONText.quote(huddle.shift, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        text("id", id)
        integer("number", self.number)
        text("owner", owner)
        text("peer", peer)
        integer("question", question)
        text("ref", ref)
        text("scheduled", scheduled.map { HuddleJSON.timestamp($0) })
        text("setting", setting)
        list("tags", tags)
        text("team", team)
        text("text", self.text)
        list("to", to)
        text("type", type.rawValue)
        integer("v", v)
        list("values", values)
        text("via", via)
        text("zone", zone)
        out.append(contentsOf: "}\n".utf8)
        return Data(out)
    }
}

extension HuddleJSON {
    /// `2026-11-18T11:06:40Z`, or with milliseconds (`…40.125Z`) when the time has any (or
    /// always, for log lines); UTC.
    public static func timestamp(_ date: Date, alwaysMilliseconds: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        timestamp(date, alwaysMilliseconds: alwaysMilliseconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `timestamp(date)` to `out`, in UTF-8.
    public static func timestamp(_ date: Date, alwaysMilliseconds: Bool = false, to out: inout [UInt8]) {
        // Cut to the millisecond, never rounded up: a time written must not be later than the
        // time it stands for (the outboxes compare them with the clock). A time read from a file
        // is a whole millisecond give or take a `Date`'s rounding, and is written as it was read
        // (`forget` rewrote times a millisecond early: found by Scripts/simulate, seed 22).
        let scaled = date.timeIntervalSince1970 * 1000
        let nearest = scaled.rounded()
        // "Give or take" is two units in the last place of the scaled time (0.49 µs now, 0.98 µs
        // after 2038) and at least half a microsecond: no written time is later than that.
        let milliseconds = Int(abs(scaled - nearest) < max(0.000_5, 2 * scaled.ulp) ? nearest : scaled.rounded(.down))
        let (whole, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var time = time_t(millis < 0 ? whole - 1 : whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        func digits(_ value: Int, _ width: Int, after separator: UInt8? = nil) {
            if let separator { out.append(separator) }
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            guard value >= 0, value < divisor * 10 else {
                out.append(contentsOf: zeroPadded(value, width).utf8)
                return
            }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        digits(Int(parts.tm_mon) + 1, 2, after: UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2, after: UInt8(ascii: "-"))
        digits(Int(parts.tm_hour), 2, after: UInt8(ascii: "T"))
        digits(Int(parts.tm_min), 2, after: UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2, after: UInt8(ascii: ":"))
        if millis != 0 || alwaysMilliseconds { digits(millis < 0 ? millis + 1000 : millis, 3, after: UInt8(ascii: ".")) }
        out.append(UInt8(ascii: "Z"))
    }
}
