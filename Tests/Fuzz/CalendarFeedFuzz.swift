// libFuzzer target: iCalendar files through libical, read for two days of April 2026 in the zone
// the first byte selects, with a five-hundredth of the product's walking budget (libical takes
// each step through ICU: at the full budget a fuzzed calendar takes seconds under the sanitizer,
// and a million inputs days; CalendarEdgeCaseTests test the full budget). Properties: no crash and no
// hang (rules are capped); every occurrence overlaps the window (start < to, (end ?? start) >=
// from) and ends no earlier than it starts; the occurrences come sorted by start.
import Foundation
import Feeds

let fuzzZones = ["Europe/Amsterdam", "UTC", "America/New_York", "Pacific/Kiritimati"].map { TimeZone(identifier: $0)! }
let fuzzFrom = Date(timeIntervalSince1970: 1_775_779_200)  // 2026-04-10T00:00:00Z
let fuzzTo = fuzzFrom.addingTimeInterval(2 * 86_400)
let fuzzLimits = CalendarLimits(instancesPerEvent: 3_000, instancesPerCalendar: 10_000, stepsPerCalendar: 10_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCalendarFeed(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = bytes.first else { return 0 }
    let zone = fuzzZones[Int(selector) % fuzzZones.count]
    do throws(FeedError) {
        let found = try CalendarReader.occurrences(in: Data(bytes.dropFirst()), from: fuzzFrom, to: fuzzTo, timeZone: zone,
                                                        limits: fuzzLimits)
        for occurrence in found {
            precondition(occurrence.start < fuzzTo, "an occurrence starts after the window: \(occurrence)")
            precondition((occurrence.end ?? occurrence.start) >= fuzzFrom, "an occurrence ends before the window: \(occurrence)")
            precondition((occurrence.end ?? occurrence.start) >= occurrence.start, "an occurrence ends before it starts: \(occurrence)")
        }
        precondition(zip(found, found.dropFirst()).allSatisfy { $0.start <= $1.start }, "occurrences out of order")
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
    }
    return 0
}
