import AffinityStore
import Synchronization

/// Events committed per wall-clock minute and type, for the last ``minutes`` minutes: what
/// the console's activity chart draws. O(1) per committed event, bounded memory (event
/// types are the validated ones), nothing read from the store.
final class ActivityLog: Sendable {
    /// Minutes kept.
    static let minutes = 120

    private struct Minute {
        var start: Int64
        var counts: [String: Int]
    }

    private let buckets = Mutex<[Minute]>([])

    /// Counts `records`, committed at `now` (Unix ms).
    func record(_ records: [EventRecord], at now: Int64) {
        guard !records.isEmpty else { return }
        let minute = now / 60_000 * 60_000
        buckets.withLock { buckets in
            if buckets.last?.start != minute {
                buckets.append(Minute(start: minute, counts: [:]))
                let oldest = minute - Int64(Self.minutes - 1) * 60_000
                buckets.removeAll { $0.start < oldest }
            }
            for record in records { buckets[buckets.count - 1].counts[record.type, default: 0] += 1 }
        }
    }

    /// Every minute of the last `minutes` up to `now`, oldest first, with its counts by
    /// type (minutes without events included, with none).
    func series(minutes: Int, now: Int64) -> [(start: Int64, counts: [String: Int])] {
        let minutes = min(max(1, minutes), Self.minutes)
        let last = now / 60_000 * 60_000
        let kept = buckets.withLock { buckets in Dictionary(buckets.map { ($0.start, $0.counts) }) { a, _ in a } }
        return (0..<minutes).reversed().map { back in
            let start = last - Int64(back) * 60_000
            return (start, kept[start] ?? [:])
        }
    }
}
