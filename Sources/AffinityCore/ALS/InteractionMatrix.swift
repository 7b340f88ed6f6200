/// A sparse user×item matrix of interaction weights in compressed sparse row form.
///
/// This is the hand-off between the incremental state (`ScoringCore`) and batch
/// training (`ALSTrainer`): one contiguous pass per row is what CG needs, and CSR
/// makes the transpose a counting sort instead of a hash map.
public struct InteractionMatrix: Sendable, Equatable {
    /// Number of rows (users / shoppers, dense ids `0..<rows`).
    public let rows: Int
    /// Number of columns (items, dense ids `0..<columns`).
    public let columns: Int
    /// `rowStart[r]..<rowStart[r+1]` indexes row r's entries; count `rows + 1`.
    public let rowStart: [Int]
    /// Column (item) of each entry, ascending within a row.
    public let columnIndex: [Int32]
    /// Weight of each entry (> 0).
    public let values: [Float]

    /// Builds the matrix from triples; duplicate (row, column) pairs are summed and
    /// entries whose summed weight is not positive are dropped (e.g. an add-to-cart
    /// cancelled by a removal).
    public init(rows: Int, columns: Int, triples: [(row: Int32, column: Int32, weight: Float)]) {
        let sorted = triples.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var start = [Int](repeating: 0, count: rows + 1)
        var cols: [Int32] = []
        var vals: [Float] = []
        cols.reserveCapacity(sorted.count)
        vals.reserveCapacity(sorted.count)
        var i = 0
        var rowsCount = [Int](repeating: 0, count: rows)
        while i < sorted.count {
            let (r, c) = (sorted[i].row, sorted[i].column)
            var w: Float = 0
            while i < sorted.count && sorted[i].row == r && sorted[i].column == c {
                w += sorted[i].weight
                i += 1
            }
            if w > 0 && Int(r) < rows && Int(c) < columns {
                cols.append(c)
                vals.append(w)
                rowsCount[Int(r)] += 1
            }
        }
        for r in 0..<rows { start[r + 1] = start[r] + rowsCount[r] }
        self.rows = rows
        self.columns = columns
        self.rowStart = start
        self.columnIndex = cols
        self.values = vals
    }

    private init(rows: Int, columns: Int, rowStart: [Int], columnIndex: [Int32], values: [Float]) {
        self.rows = rows
        self.columns = columns
        self.rowStart = rowStart
        self.columnIndex = columnIndex
        self.values = values
    }

    /// Number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// The item×user view, needed for the item half-sweep of ALS.
    public func transposed() -> InteractionMatrix {
        var start = [Int](repeating: 0, count: columns + 1)
        for c in columnIndex { start[Int(c) + 1] += 1 }
        for c in 0..<columns { start[c + 1] += start[c] }
        var next = start
        var cols = [Int32](repeating: 0, count: values.count)
        var vals = [Float](repeating: 0, count: values.count)
        for r in 0..<rows {
            for e in rowStart[r]..<rowStart[r + 1] {
                let c = Int(columnIndex[e])
                cols[next[c]] = Int32(r)
                vals[next[c]] = values[e]
                next[c] += 1
            }
        }
        return InteractionMatrix(rows: columns, columns: rows, rowStart: start, columnIndex: cols, values: vals)
    }
}
