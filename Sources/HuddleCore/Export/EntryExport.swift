import Foundation

/// One journal entry as an export row: what a spreadsheet or another tool needs, with the
/// time both in the team's zone and in UTC.
public struct ExportRow: Sendable, Hashable {
    public var localTime: String
    public var utc: String
    public var zone: String
    public var team: String
    public var type: String
    /// Empty for an anonymous observation and for the bot's own huddle events.
    public var author: String
    /// The author's account (or platform user id), when known.
    public var authorAccount: String
    public var recipients: [String]
    public var text: String
    public var tags: [String]
    public var values: [String]
    public var huddleShift: String
    public var huddleDay: String
    public var actionNumber: String
    public var actionOwner: String
    /// For incidents: the counter they reset.
    public var counter: String
    /// For actions: the day they are due; for absences: the last day away.
    public var due: String
    /// For preferences: which setting (`quiet`, `language`), its value being `text`.
    public var setting: String
    /// For questions between teams: the team that asked.
    public var peer: String
    /// How the entry came when not typed in chat (`form`).
    public var via: String

    /// The column names, in order (`action_number` is an escalation's or a question's number too).
    public static let columns = ["local_time", "utc", "zone", "team", "type", "author", "author_account", "recipients", "text",
                                 "tags", "values", "huddle_shift", "huddle_day", "action_number", "action_owner", "counter", "due", "setting", "peer", "via"]

    /// The row of an entry of a team in `zone`.
    public init(_ entry: JournalEntry, zone: TimeZone) {
        localTime = Self.local(entry.at, in: zone)
        utc = HuddleJSON.timestamp(entry.at)
        self.zone = zone.identifier
        team = entry.team
        type = entry.type.rawValue
        author = entry.author?.nick ?? ""
        authorAccount = entry.author?.account ?? ""
        recipients = entry.to ?? []
        text = entry.text ?? ""
        tags = entry.tags ?? []
        values = entry.values ?? []
        huddleShift = entry.huddle?.shift ?? ""
        huddleDay = entry.huddle?.day.description ?? ""
        actionNumber = entry.number.map(String.init) ?? ""
        actionOwner = entry.owner ?? ""
        counter = entry.counter ?? ""
        due = entry.due?.description ?? ""
        setting = entry.setting ?? ""
        peer = entry.peer ?? ""
        via = entry.via ?? ""
    }

    /// `2026-11-23T07:05:00+01:00`: the local time with its offset.
    static func local(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = zone.secondsFromGMT(for: date) / 60
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, offset < 0 ? "-" : "+", abs(offset) / 60, abs(offset) % 60)
    }

    /// The fields as text, lists joined with `; `, in column order.
    var fields: [String] {
        [localTime, utc, zone, team, type, author, authorAccount, recipients.joined(separator: "; "), text,
         tags.joined(separator: "; "), values.joined(separator: "; "), huddleShift, huddleDay, actionNumber, actionOwner, counter, due, setting, peer, via]
    }

    /// The row as a JSON object (lists as arrays, absent values as null).
    var object: [String: Any] {
        func optional(_ text: String) -> Any { text.isEmpty ? NSNull() : text }
        return ["local_time": localTime, "utc": utc, "zone": zone, "team": team, "type": type, "author": optional(author),
                "author_account": optional(authorAccount), "recipients": recipients, "text": optional(text), "tags": tags,
                "values": values, "huddle_shift": optional(huddleShift), "huddle_day": optional(huddleDay),
                "action_number": Int(actionNumber).map { $0 as Any } ?? NSNull(), "action_owner": optional(actionOwner),
                "counter": optional(counter), "due": optional(due), "setting": optional(setting), "peer": optional(peer), "via": optional(via)]
    }
}

/// Turns journal entries into CSV (RFC 4180), JSON or JSON Lines.
public enum EntryExport {
    public enum Format: String, Sendable, CaseIterable { case csv, json, jsonl }

    /// The entries of a team still in force (withdrawn ones and withdrawals left out), made
    /// between `from` and `to` (local days, inclusive) and of the given types, oldest first.
    public static func rows(_ entries: [JournalEntry], zone: TimeZone, from: CalendarDay?, to: CalendarDay?,
                            types: Set<EntryType>?) -> [ExportRow] {
        JournalEntry.active(entries)
            .filter { entry in
                let day = CalendarDay(entry.at, in: zone)
                return from.map { day >= $0 } ?? true && to.map { day <= $0 } ?? true && types.map { $0.contains(entry.type) } ?? true
            }
            .sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            .map { ExportRow($0, zone: zone) }
    }

    /// The header and the rows in one format; CSV lines end in CR LF, as RFC 4180 has it.
    public static func render(_ rows: [ExportRow], format: Format) -> String {
        switch format {
        case .csv:
            return ([ExportRow.columns] + rows.map { $0.fields.map(neutralised) }).map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
        case .json:
            let data = (try? JSONSerialization.data(withJSONObject: rows.map(\.object), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        case .jsonl:
            return rows.map { row in
                let data = (try? JSONSerialization.data(withJSONObject: row.object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                return String(decoding: data, as: UTF8.self) + "\n"
            }.joined()
        }
    }

    /// A field quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text a spreadsheet would run as a formula (`=`, `+`, `@`, a tab, or `-` not followed by a
    /// space) gets a leading `'`, so a hostile chat line cannot become a formula in someone's sheet.
    static func neutralised(_ text: String) -> String {
        guard let first = text.first else { return text }
        let risky = "=+@\t\r".contains(first) || first == "-" && text.dropFirst().first.map { $0 != " " } == true
        return risky ? "'" + text : text
    }
}
