/// The text encodings a CSV report can come in.
public enum CSVEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// Windows-1252, what spreadsheet programs on Western Windows systems still export.
    case windows1252 = "windows-1252"
}

extension CSVEncoding {
    /// The encoding of a report whose bytes (byte-order mark removed) are `bytes`: UTF-8 when they
    /// are valid UTF-8, else Windows-1252.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> CSVEncoding {
        String(validating: bytes, as: UTF8.self) == nil ? .windows1252 : .utf8
    }

    /// The text of one field's bytes.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            guard bytes.contains(where: { $0 >= 0x80 }) else { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Self.windows1252Scalar(byte)) }
            return String(scalars)
        }
    }

    /// Windows-1252 differs from Latin-1 only in 0x80–0x9F; its five unassigned bytes there map to
    /// the C1 controls of the same value, as the WHATWG encoding standard does.
    private static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        guard (0x80...0x9F).contains(byte) else { return Unicode.Scalar(byte) }
        return Unicode.Scalar(windows1252High[Int(byte - 0x80)])!
    }

    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
