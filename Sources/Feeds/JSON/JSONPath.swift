/// A path to the rows of a JSON document: `$`, then `.name`, `['name']`, `[n]` and `[*]` steps.
/// No filters, slices, recursive descent or scripts: a path selects, it never runs anything.
struct JSONPath: Hashable {
    enum Step: Hashable {
        /// The value of this key in an object.
        case key(String)
        /// The element at this index in an array.
        case index(Int)
        /// Every element of an array, or every value of an object (in key order).
        case all
    }

    var steps: [Step]

    /// Parses `text`, or says at which character and why it is not a path.
    static func parse(_ text: String) -> Result<JSONPath, FeedError> {
        var parser = Parser(characters: Array(text))
        return parser.parse().map { JSONPath(steps: $0) }
    }

    private struct Parser {
        let characters: [Character]
        var position = 0

        mutating func parse() -> Result<[Step], FeedError> {
            guard characters.first == "$" else {
                return .failure(FeedError("a rows path starts with '$' (the whole document), as in $.data[*]"))
            }
            position = 1
            var steps: [Step] = []
            while position < characters.count {
                switch characters[position] {
                case ".":
                    position += 1
                    let start = position
                    while position < characters.count, !".[]'\"*".contains(characters[position]), !characters[position].isWhitespace {
                        position += 1
                    }
                    guard position > start else {
                        if position < characters.count, characters[position] == "*" {
                            return failure("write every element as [*], not .*")
                        }
                        return failure("a name must follow '.'; write ['name'] for a name with other characters")
                    }
                    steps.append(.key(String(characters[start..<position])))
                case "[":
                    position += 1
                    switch bracket() {
                    case .success(let step): steps.append(step)
                    case .failure(let error): return .failure(error)
                    }
                default:
                    return failure("expected .name, ['name'], [n] or [*]")
                }
            }
            return .success(steps)
        }

        /// What follows a `[`: `*]`, digits and `]`, or a quoted name and `]`.
        private mutating func bracket() -> Result<Step, FeedError> {
            guard position < characters.count else { return failure("'[' is not closed") }
            let step: Step
            if characters[position] == "*" {
                position += 1
                step = .all
            } else if characters[position] == "'" {
                position += 1
                var name = ""
                while true {
                    guard position < characters.count else { return failure("the quoted name is not closed with '") }
                    let character = characters[position]
                    position += 1
                    if character == "'" { break }
                    if character == "\\", position < characters.count, characters[position] == "'" || characters[position] == "\\" {
                        name.append(characters[position])
                        position += 1
                    } else {
                        name.append(character)
                    }
                }
                step = .key(name)
            } else if characters[position].isASCII, characters[position].isNumber {
                let start = position
                while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
                guard position - start <= 9, let index = Int(String(characters[start..<position])) else {
                    return failure("the index is too large")
                }
                step = .index(index)
            } else if characters[position] == "\"" {
                return failure("quote names with single quotes: ['name']")
            } else {
                return failure("expected *, a whole number of 0 or more, or a quoted name after '['")
            }
            guard position < characters.count, characters[position] == "]" else { return failure("expected ']'") }
            position += 1
            return .success(step)
        }

        private func failure<T>(_ why: String) -> Result<T, FeedError> {
            .failure(FeedError("at character \(position + 1) of the rows path: \(why)"))
        }
    }
}
