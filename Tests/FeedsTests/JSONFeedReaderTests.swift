import Foundation
import Testing
import Feeds

private func read(_ json: String, rows: String) throws -> FeedTable {
    try JSONFeedReader.read(Data(json.utf8), rows: rows)
}

private let reservations = """
    {"data": {"reservations": [
        {"id": 42, "rate": 3.5, "nights": 2.0, "guest": {"name": "Anna", "vip": true, "note": null}, "tags": ["late", "quiet"]},
        {"id": 43, "rate": -0.25, "guest": {"name": "Bob", "vip": false}, "extra": {"crib": 1}}
    ]}, "count": 2}
    """

@Suite struct JSONFeedReaderTests {
    /// The objects of a nested array become rows with dotted keys; columns come in first-seen order.
    @Test func nestedPath() throws {
        let table = try read(reservations, rows: "$.data.reservations[*]")
        #expect(table.columns == ["guest.name", "guest.note", "guest.vip", "id", "nights", "rate", "tags.0", "tags.1", "extra.crib"])
        #expect(table.rows == [
            ["id": "42", "rate": "3.5", "nights": "2", "guest.name": "Anna", "guest.vip": "true", "guest.note": "",
             "tags.0": "late", "tags.1": "quiet"],
            ["id": "43", "rate": "-0.25", "guest.name": "Bob", "guest.vip": "false", "extra.crib": "1"],
        ])
    }

    /// A path to an array (`$.reservations`) gives its elements, like `[*]`; `['name']` and `[n]` steps work too.
    @Test func arrayAndBracketSteps() throws {
        let all = try read(reservations, rows: "$['data'].reservations[*]")
        #expect(try read(reservations, rows: "$.data.reservations") == all)
        #expect(try read(reservations, rows: "$.data['reservations'][1].guest").rows == [["name": "Bob", "vip": "false"]])
        #expect(try read(#"[{"a b": {"c": 1}}]"#, rows: "$[0]['a b']").rows == [["c": "1"]])
    }

    /// `$[*]` over a top-level array; `[*]` over an object gives its values in key order; selected
    /// arrays stand for their elements.
    @Test func wildcards() throws {
        #expect(try read(#"[{"n": 1}, {"n": 2}]"#, rows: "$[*]").rows == [["n": "1"], ["n": "2"]])
        let rooms = #"{"rooms": {"b12": {"floor": 1}, "a7": {"floor": 0}}}"#
        #expect(try read(rooms, rows: "$.rooms[*]").rows == [["floor": "0"], ["floor": "1"]])
        #expect(try read(#"{"x": [[1, 2], [3]]}"#, rows: "$.x[*]").rows == [["value": "1"], ["value": "2"], ["value": "3"]])
    }

    /// Selected scalars become rows of one `value`: numbers as written, booleans, null as empty.
    @Test func scalars() throws {
        let table = try read(#"{"v": [1, 2.5, 1e3, 12345678901234, "x", true, false, null]}"#, rows: "$.v[*]")
        #expect(table.columns == ["value"])
        #expect(table.rows.map { $0["value"] } == ["1", "2.5", "1000", "12345678901234", "x", "true", "false", ""])
        #expect(try read("7", rows: "$").rows == [["value": "7"]])
        #expect(try read(#""hé""#, rows: "$").rows == [["value": "hé"]])
    }

    /// A path that selects nothing gives a table without rows.
    @Test func selectsNothing() throws {
        #expect(try read(reservations, rows: "$.data.bookings[*]") == FeedTable(columns: [], rows: []))
        #expect(try read(reservations, rows: "$.count[*]") == FeedTable(columns: [], rows: []))
        #expect(try read("[]", rows: "$[5]") == FeedTable(columns: [], rows: []))
    }

    /// JSON that does not parse is an error that says so.
    @Test(arguments: ["", "{", #"{"a": }"#, "[1, 2", "nul"])
    func badJSON(text: String) throws {
        let error = #expect(throws: FeedError.self) { try read(text, rows: "$[*]") }
        #expect(error?.message.hasPrefix("the JSON source does not parse") == true)
        #expect(error?.line == nil)
    }

    /// The path grammar is `$` then `.name`, `['name']`, `[n]`, `[*]`, and nothing else.
    @Test(arguments: ["$", "$.data[*]", "$[*]", "$.reservations", "$['a b'][0].c", "$['it\\'s']", "$[*][*]", "$.a-b_c9"])
    func validPaths(path: String) {
        #expect(JSONFeedReader.problem(inPath: path) == nil)
    }

    /// Paths outside the grammar are refused with where and why, by `problem(inPath:)` and by `read`.
    @Test(arguments: ["", "data", "$.", "$..a", "$.*", "$[?(@.x)]", "$[-1]", "$.a[", "$['a", "$[\"a\"]", "$[1:2]", "$ .a", "$[99999999999]"])
    func invalidPaths(path: String) throws {
        let problem = try #require(JSONFeedReader.problem(inPath: path))
        let error = #expect(throws: FeedError.self) { try read("{}", rows: path) }
        #expect(error?.message == problem)
    }
}
