import CStemmer
import Synchronization

/// Snowball's stemmer for one language, from libstemmer (the Snowball project's own C library):
/// `liften`, `lift` → `lift`. One stemmer instance is not safe to share between threads, so each
/// call takes a lock.
public final class Stemmer: Sendable {
    /// The C stemmer; used only while holding `lock`.
    private nonisolated(unsafe) let stemmer: OpaquePointer
    private let lock = Mutex(())

    /// The stemmer of a Snowball algorithm (`dutch`, `english`), or nil when libstemmer has none by that name.
    public init?(algorithm: String) {
        guard let made = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        stemmer = made
    }

    deinit { sb_stemmer_delete(stemmer) }

    /// The stem of one lower-case word.
    public func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes in
            lock.withLock { _ -> String in
                guard let base = bytes.baseAddress, let stemmed = sb_stemmer_stem(stemmer, base, Int32(bytes.count)) else {
                    return String(decoding: bytes, as: UTF8.self)
                }
                return String(decoding: UnsafeBufferPointer(start: stemmed, count: Int(sb_stemmer_length(stemmer))), as: UTF8.self)
            }
        }
    }

    /// Dutch and English, the languages Huddle speaks.
    public static let dutch = Stemmer(algorithm: "dutch")!
    public static let english = Stemmer(algorithm: "english")!

    /// The stemmer for a team's language.
    public static func of(_ language: Language) -> Stemmer { language == .nl ? dutch : english }
}
