/// Rows of a tabular source: each row maps a column name to its text.
public struct FeedTable: Sendable, Hashable {
    /// The column names, in the order the source gives them (CSV header, or first seen in JSON).
    public var columns: [String]
    /// One dictionary per row; every key is one of `columns`.
    public var rows: [[String: String]]

    /// A table of the given columns and rows.
    public init(columns: [String], rows: [[String: String]]) {
        self.columns = columns
        self.rows = rows
    }
}
