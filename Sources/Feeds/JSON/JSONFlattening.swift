import Foundation

/// Turns a JSON value as `JSONSerialization` gives it into a row of text.
enum JSONFlattening {
    /// Adds `value` to `row`: an object's scalars under dotted keys (`guest.vip`), an array's under
    /// their index (`tags.0`), a lone scalar under `value`. `order` gets each new key as it is added.
    static func flatten(_ value: Any, into row: inout [String: String], order: inout [String]) {
        if value is [String: Any] || value is [Any] {
            add(value, prefix: nil, into: &row, order: &order)
        } else {
            add(value, prefix: "value", into: &row, order: &order)
        }
    }

    private static func add(_ value: Any, prefix: String?, into row: inout [String: String], order: inout [String]) {
        func key(_ name: String) -> String { prefix.map { "\($0).\(name)" } ?? name }
        if let object = value as? [String: Any] {
            for name in object.keys.sorted() { add(object[name]!, prefix: key(name), into: &row, order: &order) }
        } else if let array = value as? [Any] {
            for (index, element) in array.enumerated() { add(element, prefix: key(String(index)), into: &row, order: &order) }
        } else if let prefix {
            if row.updateValue(text(of: value), forKey: prefix) == nil { order.append(prefix) }
        }
    }

    /// The text of a scalar: strings as they are, numbers as written (`42`, `3.5`, not `42.0`),
    /// booleans `true`/`false`, null empty.
    static func text(of value: Any) -> String {
        switch value {
        case let string as String:
            return string
        case let number as NSNumber:
            return text(of: number)
        case is NSNull:
            return ""
        default:
            return String(describing: value)
        }
    }

    private static func text(of number: NSNumber) -> String {
        if isBoolean(number) { return number.boolValue ? "true" : "false" }
        switch String(cString: number.objCType) {
        case "d", "f":
            let double = number.doubleValue
            if double.isFinite, double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
            return "\(double)"
        default:
            return number.stringValue
        }
    }

    /// Whether `JSONSerialization` made this number of `true` or `false`: those are the two shared
    /// boolean instances (`__NSCFBoolean` here and on Apple platforms).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        number === (true as NSNumber) || number === (false as NSNumber)
    }
}
