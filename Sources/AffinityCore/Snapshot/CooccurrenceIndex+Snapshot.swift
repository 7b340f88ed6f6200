extension CooccurrenceIndex {
    /// Writes the index as three flat columns (row sizes, neighbour ids, weights)
    /// plus the totals, which include pruned pairs and so cannot be recomputed.
    /// Rows are written in their stored order, which the event history determines, so
    /// the same state always produces the same bytes and a restored index sums
    /// neighbours in the same order as the original.
    func write(to w: inout SnapshotWriter) {
        w.i64(Int64(maxNeighbours))
        w.f64(grandTotal)
        w.array(rowTotals)
        var total = 0
        for row in rows { total += row.count }
        var sizes: [Int32] = []
        var keys: [Int32] = []
        var values: [Float] = []
        sizes.reserveCapacity(rows.count)
        keys.reserveCapacity(total)
        values.reserveCapacity(total)
        for row in rows {
            sizes.append(Int32(row.count))
            for e in row.entries {
                keys.append(e.item)
                values.append(e.weight)
            }
        }
        w.array(sizes)
        w.array(keys)
        w.array(values)
    }

    /// Reads an index written by `write(to:)`. Every neighbour id must be a known
    /// item (`< itemCount`), as `record` guarantees, so scoring can index by it.
    static func read(
        from r: inout SnapshotReader, maxNeighbours expected: Int, itemCount: Int, _ what: String
    ) throws(ScoringCoreSnapshotError) -> CooccurrenceIndex {
        let cap = try r.i64("\(what) neighbour cap")
        guard cap == Int64(max(1, expected)) else {
            throw .corrupt("\(what) neighbour cap \(cap) differs from the configured \(max(1, expected))")
        }
        let grandTotal = try r.f64("\(what) grand total")
        let rowTotals = try r.floats("\(what) row totals")
        guard rowTotals.count <= itemCount else {
            throw .corrupt("\(what) has \(rowTotals.count) rows for \(itemCount) items")
        }
        let sizes = try r.array(Int32.self, count: rowTotals.count, "\(what) row sizes")
        let keys = try r.array(Int32.self, "\(what) neighbour ids")
        let values = try r.floats(count: keys.count, "\(what) weights")
        var rows: [NeighbourRow] = []
        rows.reserveCapacity(sizes.count)
        var at = 0
        var entries: [NeighbourRow.Entry] = []
        for size in sizes {
            let n = Int(size)
            guard n >= 0, n <= keys.count - at else { throw .corrupt("\(what) row sizes exceed the neighbour list") }
            entries.removeAll(keepingCapacity: true)
            for e in at..<(at + n) {
                let k = keys[e]
                guard k >= 0, Int(k) < itemCount else { throw .corrupt("\(what) neighbour id \(k) out of range") }
                entries.append(NeighbourRow.Entry(item: k, weight: values[e]))
            }
            guard let row = NeighbourRow(entries: entries) else { throw .corrupt("\(what) row repeats a neighbour") }
            rows.append(row)
            at += n
        }
        guard at == keys.count else { throw .corrupt("\(what) has \(keys.count - at) unassigned neighbours") }
        return CooccurrenceIndex(maxNeighbours: expected, rows: rows, rowTotals: rowTotals, grandTotal: grandTotal)
    }
}
