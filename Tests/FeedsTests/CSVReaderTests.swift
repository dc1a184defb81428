import Foundation
import Testing
@testable import Feeds

/// The table of `text` read with the defaults.
private func read(_ text: String, delimiter: Character? = nil) throws -> FeedTable {
    try CSVReader.read(Data(text.utf8), delimiter: delimiter)
}

@Suite struct CSVReaderTests {
    /// Each delimiter is found from the header line, and a comma inside a value does not outvote it.
    @Test(arguments: [
        ("name,room\nAnna,12\n", ","),
        ("naam;bedrag\nAnna;3,50\n", ";"),
        ("name\troom\tnote\nAnna\t12\ta, b\n", "\t"),
        ("name|room\nAnna|12\n", "|"),
        ("\"a,b\";c\n1;2\n", ";"),
    ])
    func detectsDelimiter(text: String, delimiter: String) throws {
        let table = try read(text)
        let expected = try read(text, delimiter: Character(delimiter))
        #expect(table == expected)
        #expect(table.columns.count == text.split(separator: "\n")[0].filter { String($0) == delimiter }.count + 1)
    }

    /// A comma report reads to columns and rows of text.
    @Test func comma() throws {
        let table = try read("name,room,nights\nAnna,12,3\nBob,14,1\n")
        #expect(table.columns == ["name", "room", "nights"])
        #expect(table.rows == [["name": "Anna", "room": "12", "nights": "3"], ["name": "Bob", "room": "14", "nights": "1"]])
    }

    /// Semicolons (what Dutch Excel writes) and tabs work the same way.
    @Test func semicolonAndTab() throws {
        #expect(try read("naam;bedrag\r\nAnna;3,50\r\n").rows == [["naam": "Anna", "bedrag": "3,50"]])
        #expect(try read("name\troom\nAnna\t12").rows == [["name": "Anna", "room": "12"]])
    }

    /// Quoted fields keep delimiters, doubled quotes and line breaks; CRLF ends records.
    @Test func quoting() throws {
        let table = try read("id,note,room\r\n1,\"Said \"\"hi\"\", then left\r\nby the back door\",12\r\n2,plain,\"\"\r\n")
        #expect(table.rows == [
            ["id": "1", "note": "Said \"hi\", then left\r\nby the back door", "room": "12"],
            ["id": "2", "note": "plain", "room": ""],
        ])
    }

    /// A UTF-8 byte-order mark does not end up in the first column's name.
    @Test func byteOrderMark() throws {
        let table = try CSVReader.read(Data([0xEF, 0xBB, 0xBF] + Array("name,room\nZoë,12\n".utf8)))
        #expect(table.columns == ["name", "room"])
        #expect(table.rows == [["name": "Zoë", "room": "12"]])
    }

    /// Bytes that are not UTF-8 are read as Windows-1252: "Café" from 0x43 0x61 0x66 0xE9, and 0x80 is €.
    @Test func windows1252() throws {
        let bytes = Data(Array("name,price\n".utf8) + [0x43, 0x61, 0x66, 0xE9] + Array(",".utf8) + [0x80] + Array("5\n".utf8))
        #expect(try CSVReader.read(bytes).rows == [["name": "Café", "price": "€5"]])
        #expect(try CSVReader.read(bytes, encoding: .windows1252).rows == [["name": "Café", "price": "€5"]])
        #expect(try CSVReader.read(bytes, encoding: .utf8).rows == [["name": "Caf\u{FFFD}", "price": "\u{FFFD}5"]])
    }

    /// Valid UTF-8 is read as UTF-8, unless Windows-1252 is asked for.
    @Test func utf8UnlessAsked() throws {
        let bytes = Data("name\nCafé\n".utf8)
        #expect(try CSVReader.read(bytes).rows == [["name": "Café"]])
        #expect(try CSVReader.read(bytes, encoding: .windows1252).rows == [["name": "CafÃ©"]])
    }

    /// A short row gets empty text for its missing fields; blank lines are skipped.
    @Test func shortRowsAndBlankLines() throws {
        let table = try read("\nname,room,note\n\nAnna,12\n   \nBob\r\r\n")
        #expect(table.rows == [["name": "Anna", "room": "12", "note": ""], ["name": "Bob", "room": "", "note": ""]])
    }

    /// A row with more fields than the header is an error on its own line (counting quoted line breaks).
    @Test func longRowIsAnError() throws {
        let error = #expect(throws: FeedError.self) { try read("name,note\nAnna,\"two\nlines\"\nBob,x,y\n") }
        #expect(error?.line == 4)
        #expect(error?.message.contains("3 fields but the header has 2 columns") == true)
    }

    /// An unterminated quote is an error on the line where the quoted field starts.
    @Test func unterminatedQuote() throws {
        let error = #expect(throws: FeedError.self) { try read("name,note\nAnna,ok\nBob,\"never\nclosed,at all\n") }
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("line 3: a quoted field starts here") == true)
    }

    /// Empty input, blank lines only, or a header alone give a table without rows.
    @Test func emptyInputs() throws {
        #expect(try read("") == FeedTable(columns: [], rows: []))
        #expect(try read("\r\n\n") == FeedTable(columns: [], rows: []))
        #expect(try read("name;room\r\n") == FeedTable(columns: ["name", "room"], rows: []))
    }

    /// Header names are trimmed, and a repeated name is made distinct so no value is lost.
    @Test func headerNames() throws {
        let table = try read(" name , room,room ,\nAnna,12,14,x\n")
        #expect(table.columns == ["name", "room", "room.1", ""])
        #expect(table.rows == [["name": "Anna", "room": "12", "room.1": "14", "": "x"]])
    }

    /// A given delimiter wins over detection; one that cannot be a delimiter is refused.
    @Test func givenDelimiter() throws {
        #expect(try read("a;b,c\n1;2,3\n", delimiter: ",").columns == ["a;b", "c"])
        #expect(throws: FeedError.self) { try read("a\n", delimiter: "\"") }
        #expect(throws: FeedError.self) { try read("a\n", delimiter: "é") }
    }

    /// Text after a closing quote is kept, and a quote inside an unquoted field is just a character.
    @Test func lenientQuotes() throws {
        #expect(try read("a,b\n\"x\"y,z\"w\n").rows == [["a": "xy", "b": "z\"w"]])
    }

    /// A source over 20 MB is refused with the reason.
    @Test func tooLarge() throws {
        let error = #expect(throws: FeedError.self) { try CSVReader.read(Data(count: FeedLimit.maximumBytes + 1)) }
        #expect(error?.message.contains("up to 20 MB") == true)
    }

    /// A 50,000-row report reads whole.
    @Test func manyRows() throws {
        var text = "id;name;room;arrival;departure;note\n"
        for index in 0..<50_000 { text += "\(index);Guest \(index);\(index % 300);2026-04-10;2026-04-12;\"late, \"\"quiet\"\" room\"\n" }
        let table = try read(text)
        #expect(table.rows.count == 50_000)
        #expect(table.rows[49_999] == ["id": "49999", "name": "Guest 49999", "room": "199", "arrival": "2026-04-10",
                                       "departure": "2026-04-12", "note": "late, \"quiet\" room"])
    }
}
