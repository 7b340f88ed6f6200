/// Keeps the `k` best `(score, item)` pairs seen so far in a bounded min-heap.
///
/// Ranking a whole catalogue per request would cost O(n log n) and allocate; the
/// heap costs O(n log k) with one allocation of `k` slots. Ordering is total and
/// deterministic: higher score first, and on equal scores the smaller item id
/// first, so results never depend on iteration order.
public struct TopK: Sendable {
    /// The capacity requested.
    public let k: Int
    private var heap: [(score: Float, item: Int32)] = []

    /// Creates an empty selector for the `k` best entries (`k <= 0` keeps nothing).
    public init(k: Int) {
        self.k = max(0, k)
        heap.reserveCapacity(self.k)
    }

    /// The number of entries currently held (at most `k`).
    public var count: Int { heap.count }

    /// The score an entry must beat to enter once the heap is full; lets callers skip
    /// expensive work for hopeless candidates.
    public var threshold: Float { heap.count < k ? -.infinity : heap[0].score }

    /// `a` ranks below `b` (worse score, or equal score and larger id).
    @inline(__always)
    private static func worse(_ a: (score: Float, item: Int32), _ b: (score: Float, item: Int32)) -> Bool {
        a.score < b.score || (a.score == b.score && a.item > b.item)
    }

    /// Offers a candidate; it is kept only if it ranks among the best `k`.
    @inline(__always)
    public mutating func insert(_ item: Int32, score: Float) {
        guard k > 0 else { return }
        let e = (score: score, item: item)
        if heap.count < k {
            heap.append(e)
            var i = heap.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                if Self.worse(heap[i], heap[p]) { heap.swapAt(i, p); i = p } else { break }
            }
        } else if Self.worse(heap[0], e) {
            heap[0] = e
            var i = 0
            let n = heap.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && Self.worse(heap[l], heap[m]) { m = l }
                if r < n && Self.worse(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
    }

    /// The kept entries in no particular order (cheaper than `sorted()` when the
    /// caller's result does not depend on the order).
    public var unordered: [(item: Int32, score: Float)] { heap.map { (item: $0.item, score: $0.score) } }

    /// The kept entries, best first.
    public func sorted() -> [(item: Int32, score: Float)] {
        var keys = heap.map { Self.rankKey(score: $0.score, item: $0.item) }
        keys.sort()
        return keys.reversed().map { Self.unpack($0) }
    }

    /// A key whose descending integer order is the ranking order (higher score, then
    /// smaller item): sorting plain integers avoids a comparison closure per step.
    @inline(__always)
    static func rankKey(score: Float, item: Int32) -> UInt64 {
        let b = (score == 0 ? 0 : score).bitPattern  // -0 ranks as 0, as in `worse`
        let ordered = b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000  // float order as unsigned order
        return UInt64(ordered) << 32 | UInt64(~(UInt32(bitPattern: item) ^ 0x8000_0000))
    }

    /// The `(item, score)` a `rankKey` was made from.
    @inline(__always)
    static func unpack(_ key: UInt64) -> (item: Int32, score: Float) {
        let ordered = UInt32(truncatingIfNeeded: key >> 32)
        let b = ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered
        return (item: Int32(bitPattern: ~UInt32(truncatingIfNeeded: key) ^ 0x8000_0000), score: Float(bitPattern: b))
    }
}
