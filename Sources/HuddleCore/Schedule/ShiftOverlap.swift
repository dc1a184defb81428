import Foundation

/// Finds shifts of one team (one channel) whose times overlap, so check-config can warn.
public enum ShiftOverlap {
    /// Pairs of shift names that overlap somewhere in a sample fortnight.
    public static func find(in team: TeamConfig) -> [(String, String)] {
        guard team.shifts.count > 1 else { return [] }
        let monday = ISOWeek(parsing: "2026-W02")!.monday
        var intervals: [(name: String, start: Date, end: Date)] = []
        for offset in 0..<14 {
            let day = monday.adding(days: offset)
            for shift in team.shifts {
                guard let occurrence = team.occurrence(of: shift, on: day) else { continue }
                intervals.append((shift.name, occurrence.opensAt, occurrence.opensAt.addingTimeInterval(TimeInterval(shift.length))))
            }
        }
        var pairs: [(String, String)] = []
        for (index, a) in intervals.enumerated() {
            for b in intervals[(index + 1)...] where a.name != b.name && a.start < b.end && b.start < a.end {
                let pair = a.name < b.name ? (a.name, b.name) : (b.name, a.name)
                if !pairs.contains(where: { $0 == pair }) { pairs.append(pair) }
            }
        }
        return pairs
    }
}
