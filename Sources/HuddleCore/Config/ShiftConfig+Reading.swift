import Foundation
import Yams

extension ShiftConfig {
    /// The keys of a shift.
    static let configKeys = ["name", "start", "end", "days", "window", "grace", "skip_dates", "questions", "handover_to"]

    /// One shift of a team's `shifts:` list.
    static func read(_ node: Node, path: String, reader: inout ConfigReader) -> ShiftConfig? {
        guard let map = reader.mapping(node, path: path, allowed: Self.configKeys) else { return nil }
        var name: String?
        if let nameNode = map["name"], let value = reader.nonEmptyString(nameNode, path: "\(path).name") {
            if value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                name = value
            } else {
                reader.fail(nameNode, "'\(path).name' must use only letters, digits, '-' and '_', not '\(value)'")
            }
        } else if map["name"] == nil {
            reader.fail(node, "missing '\(path).name'; expected a name such as ochtend")
        }
        var start: LocalTime?
        if let startNode = map["start"], let value = reader.string(startNode, path: "\(path).start") {
            start = LocalTime(parsing: value)
            if start == nil { reader.fail(startNode, "'\(path).start' must be a time HH:MM such as \"07:00\" (quoted), not '\(value)'") }
        } else if map["start"] == nil {
            reader.fail(node, "missing '\(path).start'; expected a time such as \"07:00\"")
        }
        var days = Set(Weekday.allCases)
        if let daysNode = map["days"] {
            days = []
            for (value, itemNode) in reader.stringList(daysNode, path: "\(path).days") ?? [] {
                if let day = Weekday(parsing: value) {
                    days.insert(day)
                } else {
                    reader.fail(itemNode, "'\(path).days' holds '\(value)'; expected mon, tue, wed, thu, fri, sat or sun")
                }
            }
            if days.isEmpty { reader.warn(daysNode, "shift '\(name ?? path)' has no days; it never opens a huddle") }
        }
        var window = 15 * 60
        if let windowNode = map["window"], let value = reader.string(windowNode, path: "\(path).window") {
            if let seconds = DurationText.seconds(value), seconds >= 60, seconds <= 12 * 3600 {
                window = seconds
            } else {
                reader.fail(windowNode, "'\(path).window' must be a duration from 1m to 12h such as 15m or 1h30m, not '\(value)'")
            }
        }
        var end: LocalTime?
        if let endNode = map["end"], let value = reader.string(endNode, path: "\(path).end") {
            end = LocalTime(parsing: value)
            if end == nil { reader.fail(endNode, "'\(path).end' must be a time HH:MM such as \"15:00\" (quoted), not '\(value)'") }
            if let end, end == start { reader.fail(endNode, "'\(path).end' must differ from its start") }
        }
        var grace = 15 * 60
        if let graceNode = map["grace"], let value = reader.string(graceNode, path: "\(path).grace") {
            if let seconds = DurationText.seconds(value), seconds <= 12 * 3600 {
                grace = seconds
            } else {
                reader.fail(graceNode, "'\(path).grace' must be a duration up to 12h such as 15m, not '\(value)'")
            }
        }
        if let end, let start {
            let shift = ShiftConfig(name: "", start: start, end: end)
            if window > shift.length, let windowNode = map["window"] {
                reader.fail(windowNode, "'\(path).window' (\(DurationText.format(window))) is longer than the shift (\(DurationText.format(shift.length)))")
            }
        }
        let skipDates = map["skip_dates"].map { reader.days($0, path: "\(path).skip_dates") } ?? []
        var handover: Set<Int> = []
        var checks: [Int: QuickCheck] = [:]
        let questions = map["questions"].flatMap { reader.questionList($0, path: "\(path).questions", handover: &handover, checks: &checks) }
        guard let name, let start else { return nil }
        var shift = ShiftConfig(name: name, start: start, end: end, days: days, window: window, grace: grace,
                                skipDates: skipDates, questions: questions)
        shift.handoverQuestions = handover
        shift.quickChecks = checks
        shift.handoverTo = map["handover_to"].flatMap { reader.nonEmptyString($0, path: "\(path).handover_to") }
        return shift
    }
}
