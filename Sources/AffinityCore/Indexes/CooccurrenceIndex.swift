/// Weighted item→item co-occurrence with a bounded neighbour list per item.
///
/// Updated incrementally per event; memory is capped at ~2×`maxNeighbours`
/// entries per item: when a row reaches that size the weakest half is pruned, which
/// keeps the strong pairs exactly and costs amortised O(log n) per update. Rows are
/// `NeighbourRow`s: contiguous entries for the per-request reads. The
/// index may be directional (a→b only) or symmetric depending on how the caller
/// adds pairs. Not thread-safe (value type mutated by `ScoringCore`).
public struct CooccurrenceIndex: Sendable {
    /// Neighbours kept after pruning.
    public let maxNeighbours: Int
    private(set) var rows: [NeighbourRow] = []
    /// Total weight ever added to each row (including pruned pairs): the
    /// denominator of the conditional probability P(b | a).
    private(set) var rowTotals: [Float] = []
    /// Total weight ever added, for LLR's k22.
    private(set) var grandTotal: Double = 0

    /// Creates an empty index.
    public init(maxNeighbours: Int) { self.maxNeighbours = max(1, maxNeighbours) }

    /// Restores exactly the state a snapshot captured (totals include pruned pairs,
    /// so they cannot be recomputed from the kept rows).
    init(maxNeighbours: Int, rows: [NeighbourRow], rowTotals: [Float], grandTotal: Double) {
        self.maxNeighbours = max(1, maxNeighbours)
        self.rows = rows
        self.rowTotals = rowTotals
        self.grandTotal = grandTotal
    }

    /// Adds `weight` to the pair a→b.
    public mutating func add(_ a: Int32, _ b: Int32, weight: Float) {
        let i = Int(a)
        if i >= rows.count {
            rows.append(contentsOf: repeatElement(NeighbourRow(), count: i + 1 - rows.count))
            rowTotals.append(contentsOf: repeatElement(0, count: i + 1 - rowTotals.count))
        }
        rows[i].add(b, weight: weight)
        rowTotals[i] += weight
        grandTotal += Double(weight)
        if rows[i].count >= 2 * maxNeighbours { rows[i].prune(keeping: maxNeighbours) }
    }

    /// The weight of a→b (0 if absent or pruned).
    public func weight(_ a: Int32, _ b: Int32) -> Float {
        Int(a) < rows.count ? rows[Int(a)].weight(of: b) : 0
    }

    /// The total weight of a's row.
    public func rowTotal(_ a: Int32) -> Float { Int(a) < rowTotals.count ? rowTotals[Int(a)] : 0 }

    /// Calls `body(neighbour, weight)` for every kept neighbour of `a`.
    @inline(__always)
    public func forEachNeighbour(of a: Int32, _ body: (Int32, Float) -> Void) {
        guard Int(a) < rows.count else { return }
        rows[Int(a)].entries.withUnsafeBufferPointer { entries in
            for e in entries { body(e.item, e.weight) }
        }
    }

    /// The heaviest kept pair weight of `a`'s row (0 for an empty row).
    public func heaviestWeight(of a: Int32) -> Float {
        Int(a) < rows.count ? rows[Int(a)].heaviest : 0
    }

    /// Calls `body` with `a`'s kept neighbours as one contiguous buffer (empty for an
    /// unknown row): the per-request reads run over it without per-entry calls.
    @inline(__always)
    func withNeighbours<R>(of a: Int32, _ body: (UnsafeBufferPointer<NeighbourRow.Entry>) -> R) -> R {
        guard a >= 0, Int(a) < rows.count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return rows[Int(a)].entries.withUnsafeBufferPointer(body)
    }

    /// Number of kept neighbours of `a`.
    public func neighbourCount(of a: Int32) -> Int { Int(a) < rows.count ? rows[Int(a)].count : 0 }
}
