/// Weighted item→item co-occurrence with a bounded neighbour list per item.
///
/// Updated incrementally per event; memory is capped at ~2×`maxNeighbours`
/// entries per item: when a row reaches that size the weakest half is pruned, which
/// keeps the strong pairs exactly and costs amortised O(log n) per update. The
/// index may be directional (a→b only) or symmetric depending on how the caller
/// adds pairs. Not thread-safe (value type mutated by `ScoringCore`).
public struct CooccurrenceIndex: Sendable {
    /// Neighbours kept after pruning.
    public let maxNeighbours: Int
    private(set) var rows: [[Int32: Float]] = []
    /// Total weight ever added to each row (including pruned pairs): the
    /// denominator of the conditional probability P(b | a).
    private(set) var rowTotals: [Float] = []
    /// Total weight ever added, for LLR's k22.
    private(set) var grandTotal: Double = 0

    /// Creates an empty index.
    public init(maxNeighbours: Int) { self.maxNeighbours = max(1, maxNeighbours) }

    /// Restores exactly the state a snapshot captured (totals include pruned pairs,
    /// so they cannot be recomputed from the kept rows).
    init(maxNeighbours: Int, rows: [[Int32: Float]], rowTotals: [Float], grandTotal: Double) {
        self.maxNeighbours = max(1, maxNeighbours)
        self.rows = rows
        self.rowTotals = rowTotals
        self.grandTotal = grandTotal
    }

    /// Adds `weight` to the pair a→b.
    public mutating func add(_ a: Int32, _ b: Int32, weight: Float) {
        let i = Int(a)
        if i >= rows.count {
            rows.append(contentsOf: repeatElement([:], count: i + 1 - rows.count))
            rowTotals.append(contentsOf: repeatElement(0, count: i + 1 - rowTotals.count))
        }
        rows[i][b, default: 0] += weight
        rowTotals[i] += weight
        grandTotal += Double(weight)
        if rows[i].count >= 2 * maxNeighbours { prune(i) }
    }

    private mutating func prune(_ i: Int) {
        let kept = rows[i].sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(maxNeighbours)
        var row: [Int32: Float] = [:]
        row.reserveCapacity(2 * maxNeighbours)
        for (k, v) in kept { row[k] = v }
        rows[i] = row
    }

    /// The weight of a→b (0 if absent or pruned).
    public func weight(_ a: Int32, _ b: Int32) -> Float {
        Int(a) < rows.count ? rows[Int(a)][b] ?? 0 : 0
    }

    /// The total weight of a's row.
    public func rowTotal(_ a: Int32) -> Float { Int(a) < rowTotals.count ? rowTotals[Int(a)] : 0 }

    /// Calls `body(neighbour, weight)` for every kept neighbour of `a`.
    @inline(__always)
    public func forEachNeighbour(of a: Int32, _ body: (Int32, Float) -> Void) {
        guard Int(a) < rows.count else { return }
        for (k, v) in rows[Int(a)] { body(k, v) }
    }

    /// Number of kept neighbours of `a`.
    public func neighbourCount(of a: Int32) -> Int { Int(a) < rows.count ? rows[Int(a)].count : 0 }
}
