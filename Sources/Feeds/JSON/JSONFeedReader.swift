import Foundation

/// Reads JSON reports: the rows are the values a path selects.
public enum JSONFeedReader {
    /// The objects at `rows` (a path like `$.data[*]`, `$[*]`, `$.reservations`), each flattened to dotted keys (`guest.vip`, `tags.0`).
    ///
    /// A selected array stands for its elements (so `$.reservations` reads like `$.reservations[*]`);
    /// a selected scalar becomes the row `["value": text]`. Numbers read as written (`42`, `3.5`),
    /// booleans as `true`/`false`, null as empty text. The columns are the keys in the order first
    /// seen; within one object keys come in sorted order, as `JSONSerialization` keeps no order.
    /// A path that selects nothing gives a table without rows.
    public static func read(_ data: Data, rows: String) throws(FeedError) -> FeedTable {
        let path: JSONPath
        switch JSONPath.parse(rows) {
        case .success(let parsed): path = parsed
        case .failure(let error): throw error
        }
        try FeedLimit.check(byteCount: data.count, format: "JSON")
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw FeedError("the JSON source does not parse: \(detail)")
        }
        var columns: [String] = []
        var seen = Set<String>()
        var table: [[String: String]] = []
        for value in select(path, in: document).flatMap({ $0 as? [Any] ?? [$0] }) {
            var row: [String: String] = [:]
            var order: [String] = []
            JSONFlattening.flatten(value, into: &row, order: &order)
            for key in order where seen.insert(key).inserted { columns.append(key) }
            table.append(row)
        }
        return FeedTable(columns: columns, rows: table)
    }

    /// Checks a path's syntax without data (for config validation); nil when valid, else why not.
    public static func problem(inPath path: String) -> String? {
        if case .failure(let error) = JSONPath.parse(path) { error.message } else { nil }
    }

    /// The values `path` selects in `document`, in document order (object values in key order).
    static func select(_ path: JSONPath, in document: Any) -> [Any] {
        var values = [document]
        for step in path.steps {
            var next: [Any] = []
            for value in values {
                switch step {
                case .key(let key):
                    if let object = value as? [String: Any], let found = object[key] { next.append(found) }
                case .index(let index):
                    if let array = value as? [Any], index < array.count { next.append(array[index]) }
                case .all:
                    if let array = value as? [Any] {
                        next.append(contentsOf: array)
                    } else if let object = value as? [String: Any] {
                        for key in object.keys.sorted() { next.append(object[key]!) }
                    }
                }
            }
            values = next
        }
        return values
    }
}
