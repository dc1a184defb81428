import Foundation
import Yams

extension DaySource {
    /// The keys of a source.
    static let configKeys = ["name", "url", "path", "format", "delimiter", "encoding", "rows", "auth", "timeout",
                             "date", "count", "sum", "flags", "value", "events", "pii"]

    /// A `today:` list of a team or group.
    static func readAll(_ node: Node, path: String, reader: inout ConfigReader) -> [DaySource] {
        guard let items = reader.list(node, path: path) else { return [] }
        var sources: [DaySource] = []
        for (index, item) in items.enumerated() {
            guard let source = read(item, path: "\(path)[\(index)]", reader: &reader) else { continue }
            if sources.contains(where: { $0.name == source.name }) {
                reader.fail(item, "'\(path)' has two sources named '\(source.name)'; give one a 'name'")
            }
            sources.append(source)
        }
        return sources
    }

    /// One source.
    static func read(_ node: Node, path: String, reader: inout ConfigReader) -> DaySource? {
        guard let map = reader.mapping(node, path: path, allowed: configKeys) else { return nil }
        var location: String?
        switch (map["url"], map["path"]) {
        case (let urlNode?, nil):
            if let url = reader.nonEmptyString(urlNode, path: "\(path).url") {
                if (url.hasPrefix("http://") || url.hasPrefix("https://")), URL(string: url)?.host != nil {
                    location = url
                    if URL(string: url)?.password != nil {
                        reader.fail(urlNode, "'\(path).url' holds a password; put it in 'auth: {user: …, password_file: …}' instead")
                    }
                } else {
                    reader.fail(urlNode, "'\(path).url' must be an http:// or https:// URL, not '\(url)'")
                }
            }
        case (nil, let pathNode?):
            location = reader.nonEmptyString(pathNode, path: "\(path).path").map(reader.resolve)
        case (.some, .some):
            reader.fail(node, "'\(path)' has both 'url' and 'path'; give one")
        case (nil, nil):
            reader.fail(node, "'\(path)' needs a 'url' (http:// or https://) or a 'path' (a report the property system writes)")
        }
        var format: DaySourceFormat?
        if let formatNode = map["format"], let value = reader.string(formatNode, path: "\(path).format") {
            format = DaySourceFormat(rawValue: value.lowercased() == "icalendar" || value.lowercased() == "ics" ? "ical" : value.lowercased())
            if format == nil { reader.fail(formatNode, "'\(path).format' must be csv, json or ical, not '\(value)'") }
        } else if let location {
            format = DaySourceFormat.guess(from: location)
            if format == nil { reader.fail(node, "'\(path)' needs 'format: csv', 'json' or 'ical'; '\(location)' does not say") }
        }
        var delimiter: Character?
        if let node = map["delimiter"], let value = reader.string(node, path: "\(path).delimiter") {
            let text = value == "\\t" || value.lowercased() == "tab" ? "\t" : value
            if text.count == 1, let character = text.first, character != "\"", !character.isNewline { delimiter = character } else {
                reader.fail(node, "'\(path).delimiter' must be one character such as ';' or tab, not '\(value)'")
            }
        }
        var encoding: String?
        if let node = map["encoding"], let value = reader.string(node, path: "\(path).encoding") {
            let known = ["utf-8": "utf-8", "utf8": "utf-8", "windows-1252": "windows-1252", "cp1252": "windows-1252", "latin1": "windows-1252"]
            encoding = known[value.lowercased()]
            if encoding == nil { reader.fail(node, "'\(path).encoding' must be utf-8 or windows-1252, not '\(value)'") }
        }
        let rows = map["rows"].flatMap { reader.nonEmptyString($0, path: "\(path).rows") } ?? "$[*]"
        if map["rows"] != nil, !rows.hasPrefix("$") { reader.fail(map["rows"], "'\(path).rows' must be a path such as $.data[*], not '\(rows)'") }
        for key in ["delimiter", "encoding"] where map[key] != nil && format != .csv {
            reader.warn(map[key], "'\(path).\(key)' is for CSV sources; this one is \(format?.rawValue ?? "not CSV")")
        }
        if map["rows"] != nil && format != .json { reader.warn(map["rows"], "'\(path).rows' is for JSON sources") }
        let auth = map["auth"].flatMap { readAuth($0, path: "\(path).auth", reader: &reader) }
        if auth != nil, let location, !location.hasPrefix("https://"), !location.hasPrefix("http://127.") && !location.hasPrefix("http://localhost") {
            reader.warn(map["auth"], "'\(path)' sends its credentials over plain http://; use https://")
        }
        if map["auth"] != nil, let location, !location.hasPrefix("http") { reader.warn(map["auth"], "'\(path).auth' is for URLs; a file needs none") }
        var timeout = 20
        if let node = map["timeout"], let value = reader.string(node, path: "\(path).timeout") {
            if let seconds = DurationText.seconds(value), (1...300).contains(seconds) { timeout = seconds } else {
                reader.fail(node, "'\(path).timeout' must be a duration from 1s to 5m such as 20s, not '\(value)'")
            }
        }
        let mapping = FactMapping.read(map, path: path, format: format, reader: &reader)
        guard let location, let format else { return nil }
        let fileName = ((location.split(separator: "?").first.map(String.init) ?? location) as NSString).lastPathComponent
        let name = map["name"].flatMap { reader.nonEmptyString($0, path: "\(path).name") } ?? (fileName.isEmpty ? location : fileName)
        return DaySource(name: name, location: location, format: format, delimiter: delimiter, encoding: encoding, rows: rows,
                         auth: auth, timeout: timeout, mapping: mapping)
    }

    static func readAuth(_ node: Node, path: String, reader: inout ConfigReader) -> SourceAuth? {
        let keys = ["user", "password_env", "password_file", "token_env", "token_file"]
        guard let map = reader.mapping(node, path: path, allowed: keys) else { return nil }
        if let userNode = map["user"] {
            guard let user = reader.nonEmptyString(userNode, path: "\(path).user") else { return nil }
            if map["token_env"] != nil || map["token_file"] != nil { reader.fail(node, "'\(path)' has a user and a token; give one") }
            return reader.secretSource(map, env: "password_env", file: "password_file", path: path, node: node, required: true,
                                       what: "the password").map { .basic(user: user, password: $0) }
        }
        if map["password_env"] != nil || map["password_file"] != nil { reader.fail(node, "'\(path)' has a password but no 'user'") }
        return reader.secretSource(map, env: "token_env", file: "token_file", path: path, node: node, required: true,
                                   what: "the bearer token").map { .bearer($0) }
    }
}

extension FactMapping {
    /// Words in a column's name that suggest it holds people's names.
    static let personalColumnWords = ["name", "naam", "guest", "gast", "patient", "patiënt", "bewoner", "resident", "client", "cliënt",
                                      "contact", "surname", "achternaam", "voornaam", "firstname", "lastname", "booker", "employee", "medewerker"]

    /// The mapping keys of a source.
    static func read(_ map: [String: Node], path: String, format: DaySourceFormat?, reader: inout ConfigReader) -> FactMapping {
        var mapping = FactMapping()
        if let node = map["pii"], let value = reader.string(node, path: "\(path).pii") {
            switch value.lowercased() {
            case "allow": mapping.allowsPersonalData = true
            case "deny", "no", "false": mapping.allowsPersonalData = false
            default: reader.fail(node, "'\(path).pii' must be allow or deny, not '\(value)'")
            }
        }
        mapping.dateColumn = map["date"].flatMap { reader.nonEmptyString($0, path: "\(path).date") }
        mapping.count = map["count"].flatMap { factName($0, path: "\(path).count", reader: &reader) }
        mapping.sums = map["sum"].map { factColumns($0, path: "\(path).sum", reader: &reader) } ?? []
        mapping.flags = map["flags"].map { factColumns($0, path: "\(path).flags", reader: &reader) } ?? []
        mapping.values = map["value"].map { factColumns($0, path: "\(path).value", reader: &reader) } ?? []
        if let node = map["events"], let events = reader.mapping(node, path: "\(path).events", allowed: ["time", "end", "title"]) {
            if let titleNode = events["title"], let title = reader.nonEmptyString(titleNode, path: "\(path).events.title") {
                mapping.events = EventColumns(time: events["time"].flatMap { reader.nonEmptyString($0, path: "\(path).events.time") },
                                              end: events["end"].flatMap { reader.nonEmptyString($0, path: "\(path).events.end") }, title: title)
            } else if events["title"] == nil {
                reader.fail(node, "'\(path).events' needs a 'title' column (and usually 'time')")
            }
        }
        if format == .ical {
            for key in ["date", "sum", "flags", "value", "events"] where map[key] != nil {
                reader.fail(map[key], "'\(path).\(key)' is for CSV and JSON rows; a calendar gives its events of the day (and 'count' counts them)")
            }
        } else if mapping.count == nil && mapping.sums.isEmpty && mapping.flags.isEmpty && mapping.values.isEmpty && mapping.events == nil {
            reader.fail(map["url"] ?? map["path"], "'\(path)' shows nothing: add 'count', 'sum', 'flags', 'value' or 'events'")
        }
        if !mapping.allowsPersonalData {
            let shown = mapping.flags.map(\.column) + mapping.values.map(\.column) + [mapping.events?.title].compactMap { $0 }
            // "Groepsnaam", "Room name", "Company name" name groups and rooms, which may be shown.
            let allowed = ["group", "groep", "room", "kamer", "company", "bedrijf", "firma", "event", "afdeling", "ward"]
            for column in shown where personalColumnWords.contains(where: { column.lowercased().contains($0) })
                && !allowed.contains(where: { column.lowercased().contains($0) }) {
                reader.fail(map["flags"] ?? map["value"] ?? map["events"],
                            "'\(path)' would show the column '\(column)', which looks like people's names; Huddle shows counts, rooms and groups, not names, unless the source says 'pii: allow'")
            }
        }
        return mapping
    }

    static func factName(_ node: Node, path: String, reader: inout ConfigReader) -> FactName? {
        if node.scalar != nil {
            guard let id = reader.nonEmptyString(node, path: path) else { return nil }
            return validID(id, node: node, path: path, reader: &reader) ? FactName(id) : nil
        }
        guard let map = reader.mapping(node, path: path, allowed: ["name", "nl", "en"]) else { return nil }
        guard let idNode = map["name"], let id = reader.nonEmptyString(idNode, path: "\(path).name") else {
            reader.fail(node, "'\(path)' needs a 'name' (such as arrivals) with its 'nl' and 'en' words")
            return nil
        }
        let label = reader.localized(in: map, node: node, path: path)
        return validID(id, node: idNode, path: path, reader: &reader) ? FactName(id, label: label) : nil
    }

    static func validID(_ id: String, node: Node, path: String, reader: inout ConfigReader) -> Bool {
        guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            reader.fail(node, "'\(path)' names a fact '\(id)'; use lower-case letters, digits and '_' such as arrivals or late_checkout")
            return false
        }
        return true
    }

    /// `{fact: column}` or `{fact: {column: …, nl: …, en: …}}`.
    static func factColumns(_ node: Node, path: String, reader: inout ConfigReader) -> [FactColumn] {
        guard case .mapping(let pairs) = node else {
            reader.fail(node, "'\(path)' must map facts to columns, such as {vip: VIP, allergies: Allergy}")
            return []
        }
        var result: [FactColumn] = []
        for (keyNode, valueNode) in pairs {
            guard let id = keyNode.string, validID(id, node: keyNode, path: path, reader: &reader) else { continue }
            if valueNode.scalar != nil {
                if let column = reader.nonEmptyString(valueNode, path: "\(path).\(id)") { result.append(FactColumn(FactName(id), column: column)) }
                continue
            }
            guard let map = reader.mapping(valueNode, path: "\(path).\(id)", allowed: ["column", "nl", "en"]) else { continue }
            guard let column = map["column"].flatMap({ reader.nonEmptyString($0, path: "\(path).\(id).column") }) else {
                reader.fail(valueNode, "'\(path).\(id)' needs a 'column'")
                continue
            }
            let label = map["nl"] == nil && map["en"] == nil ? nil : reader.localized(in: map, node: valueNode, path: "\(path).\(id)")
            result.append(FactColumn(FactName(id, label: label), column: column))
        }
        return result
    }
}

extension CounterConfig {
    /// A `counters:` list: `{id: val, nl: "dagen zonder val", en: "days without a fall", since: 2026-01-01}`.
    static func readAll(_ node: Node, path: String, reader: inout ConfigReader) -> [CounterConfig] {
        guard let items = reader.list(node, path: path) else { return [] }
        var counters: [CounterConfig] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let map = reader.mapping(item, path: itemPath, allowed: ["id", "nl", "en", "since"]) else { continue }
            guard let idNode = map["id"], let id = reader.nonEmptyString(idNode, path: "\(itemPath).id") else {
                if map["id"] == nil { reader.fail(item, "'\(itemPath)' needs an 'id' people type after !incident, such as val") }
                continue
            }
            guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                reader.fail(idNode, "'\(itemPath).id' must be lower-case letters, digits, '-' and '_', not '\(id)'")
                continue
            }
            if counters.contains(where: { $0.id == id }) { reader.fail(idNode, "counter id '\(id)' is used twice") }
            var since: CalendarDay?
            if let sinceNode = map["since"], let value = reader.string(sinceNode, path: "\(itemPath).since") {
                since = CalendarDay(parsing: value)
                if since == nil { reader.fail(sinceNode, "'\(itemPath).since' must be a date YYYY-MM-DD, not '\(value)'") }
            }
            guard let label = reader.localized(in: map, node: item, path: itemPath) else { continue }
            counters.append(CounterConfig(id: id, label: label, since: since))
        }
        return counters
    }
}

extension Lineup {
    /// A group's `lineup:`: dates and weekdays to texts, and `sources:` (calendars) whose events of the day are the topic.
    static func read(_ node: Node, path: String, reader: inout ConfigReader) -> Lineup {
        guard case .mapping(let pairs) = node else {
            reader.fail(node, "'\(path)' must map dates (2026-12-24) or weekdays (mon) to texts {nl: …, en: …}, and may have 'sources:'")
            return Lineup()
        }
        var lineup = Lineup()
        for (keyNode, valueNode) in pairs {
            let key = keyNode.string ?? ""
            if key == "sources" {
                lineup.sources = DaySource.readAll(valueNode, path: "\(path).sources", reader: &reader)
                for source in lineup.sources where source.format != .ical {
                    reader.fail(valueNode, "'\(path).sources' takes calendars (format: ical); '\(source.name)' is \(source.format.rawValue)")
                }
                continue
            }
            guard let text = reader.localized(valueNode, path: "\(path).\(key)") else { continue }
            if let day = CalendarDay(parsing: key) {
                lineup.byDate[day] = text
            } else if let weekday = Weekday(parsing: key) {
                lineup.byWeekday[weekday] = text
            } else {
                reader.fail(keyNode, "'\(path)' holds '\(key)'; expected a date YYYY-MM-DD, a weekday (mon … sun) or 'sources'")
            }
        }
        return lineup
    }
}

extension OpeningSettings {
    /// The top-level `prompt:` section: `{opening_lines: 4, fetch_ahead: 15m}`.
    static func read(_ node: Node, reader: inout ConfigReader) -> OpeningSettings {
        var settings = OpeningSettings()
        guard let map = reader.mapping(node, path: "prompt", allowed: ["opening_lines", "fetch_ahead"]) else { return settings }
        if let lines = map["opening_lines"].flatMap({ reader.int($0, path: "prompt.opening_lines", range: 0...12) }) { settings.lines = lines }
        if let node = map["fetch_ahead"], let value = reader.string(node, path: "prompt.fetch_ahead") {
            if let seconds = DurationText.seconds(value), (60...6 * 3600).contains(seconds) { settings.fetchAhead = seconds } else {
                reader.fail(node, "'prompt.fetch_ahead' must be a duration from 1m to 6h such as 15m, not '\(value)'")
            }
        }
        return settings
    }
}
