extension CooccurrenceIndex {
    /// Writes the index as three flat columns (row sizes, neighbour ids, weights)
    /// plus the totals, which include pruned pairs and so cannot be recomputed.
    /// Rows are written in ascending neighbour order so the same state always
    /// produces the same bytes, whatever the dictionaries' hash seeds.
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
        var sorted: [UInt64] = [], scratch: [UInt64] = []
        for row in rows {
            sizes.append(Int32(row.count))
            // Pack (id, weight bits) so the sort compares plain integers; ids are
            // non-negative, so unsigned order is id order.
            sorted.removeAll(keepingCapacity: true)
            var largest: UInt32 = 0
            for (k, v) in row {
                largest = max(largest, UInt32(bitPattern: k))
                sorted.append(UInt64(UInt32(bitPattern: k)) << 32 | UInt64(v.bitPattern))
            }
            let passes = (UInt32.bitWidth - largest.leadingZeroBitCount + 7) / 8
            CooccurrenceIndex.radixSortByID(&sorted, scratch: &scratch, passes: passes)
            for p in sorted {
                keys.append(Int32(bitPattern: UInt32(truncatingIfNeeded: p >> 32)))
                values.append(Float(bitPattern: UInt32(truncatingIfNeeded: p)))
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
        var rows: [[Int32: Float]] = []
        rows.reserveCapacity(sizes.count)
        var at = 0
        for size in sizes {
            let n = Int(size)
            guard n >= 0, n <= keys.count - at else { throw .corrupt("\(what) row sizes exceed the neighbour list") }
            var row = [Int32: Float](minimumCapacity: n)
            for e in at..<(at + n) {
                let k = keys[e]
                guard k >= 0, Int(k) < itemCount else { throw .corrupt("\(what) neighbour id \(k) out of range") }
                row[k] = values[e]
            }
            guard row.count == n else { throw .corrupt("\(what) row repeats a neighbour") }
            rows.append(row)
            at += n
        }
        guard at == keys.count else { throw .corrupt("\(what) has \(keys.count - at) unassigned neighbours") }
        return CooccurrenceIndex(maxNeighbours: expected, rows: rows, rowTotals: rowTotals, grandTotal: grandTotal)
    }

    /// Sorts packed `(id << 32 | weight bits)` entries by id with a stable LSD radix
    /// sort over the id's low `passes` bytes (all ids must be `< 256^passes`): a
    /// few linear passes instead of n·log n unpredictable comparisons, which is what
    /// makes writing millions of rows in canonical order cheap.
    static func radixSortByID(_ a: inout [UInt64], scratch: inout [UInt64], passes: Int) {
        let n = a.count
        guard n > 1 else { return }
        if scratch.count < n { scratch = [UInt64](repeating: 0, count: n) }
        var counts = (0..<256).map { _ in 0 }
        for pass in 0..<passes {
            let shift = UInt64(32 + 8 * pass)
            a.withUnsafeMutableBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    counts.withUnsafeMutableBufferPointer { c in
                        c.update(repeating: 0)
                        for v in src { c[Int((v >> shift) & 0xFF)] += 1 }
                        var sum = 0
                        for d in 0..<256 { let k = c[d]; c[d] = sum; sum += k }
                        for v in src {
                            let d = Int((v >> shift) & 0xFF)
                            dst[c[d]] = v
                            c[d] += 1
                        }
                        _ = src.update(fromContentsOf: dst[0..<n])
                    }
                }
            }
        }
    }
}
