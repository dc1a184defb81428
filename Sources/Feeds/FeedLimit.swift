/// The largest source the readers accept: a day's report is far smaller, and a bigger file is
/// more likely a wrong export than a real one.
enum FeedLimit {
    static let maximumBytes = 20 * 1024 * 1024

    /// Throws when `count` bytes are more than a reader takes.
    static func check(byteCount count: Int, format: String) throws(FeedError) {
        guard count > maximumBytes else { return }
        let megabytes = (Double(count) / 1_048_576 * 10).rounded() / 10
        throw FeedError("the \(format) source is \(megabytes) MB; Huddle reads sources up to 20 MB: export a shorter period or fewer columns")
    }
}
