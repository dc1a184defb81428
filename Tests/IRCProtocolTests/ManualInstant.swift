/// An instant on a test's own time line, which moves only when the test moves it.
struct ManualInstant: InstantProtocol {
    var offset: Duration

    /// The start of the time line.
    static let zero = ManualInstant(offset: .zero)

    func advanced(by duration: Duration) -> ManualInstant { ManualInstant(offset: offset + duration) }
    func duration(to other: ManualInstant) -> Duration { other.offset - offset }
    static func < (lhs: ManualInstant, rhs: ManualInstant) -> Bool { lhs.offset < rhs.offset }
    static func + (lhs: ManualInstant, rhs: Duration) -> ManualInstant { lhs.advanced(by: rhs) }
}

/// A clock for pure timers: it stands still until `advance` moves it.
struct ManualTimeline {
    private(set) var now = ManualInstant.zero

    /// Moves the clock forward.
    mutating func advance(_ duration: Duration) { now = now + duration }
}
