/// One item's co-occurrence neighbours: a dense entry list, which scoring reads in one
/// contiguous pass, plus an open-addressing position table, which updates use to find
/// a neighbour.
///
/// A `[Int32: Float]` per row did both jobs, but iterating a Swift dictionary walks its
/// bucket bitmap and every update hashes with SipHash; reading ~10k neighbour entries
/// per `for_you` request was the largest cost of the item-to-item sources. Entries stay
/// in insertion order (weight order right after a prune), so the same event history
/// always gives the same order, and a snapshot written in that order restores
/// identical sums.
struct NeighbourRow: Sendable {
    /// One neighbour and its accumulated weight.
    struct Entry: Sendable, Equatable {
        var item: Int32
        var weight: Float
    }

    /// The neighbours, in insertion order.
    private(set) var entries: [Entry] = []
    /// The largest weight in `entries` (0 when empty). Pair weights only ever grow and
    /// a prune keeps the heaviest, so a running maximum stays exact.
    private(set) var heaviest: Float = 0
    /// `position + 1` of each entry, 0 for empty; a power of two at most 3/4 full.
    /// Empty while the row is small enough to scan.
    private var table: [Int32] = []

    /// Rows up to this size find a neighbour by scanning `entries`.
    static let scanLimit = 8

    /// Heap bytes held by this row (allocated capacity, for the memory metrics).
    var heapBytes: Int {
        entries.capacity * MemoryLayout<Entry>.stride + table.capacity * MemoryLayout<Int32>.stride
    }

    /// An empty row.
    init() {}

    /// A row holding `entries` in that order; nil if an item repeats.
    init?(entries: [Entry]) {
        self.entries = entries
        for e in entries { heaviest = max(heaviest, e.weight) }
        if entries.count > Self.scanLimit {
            guard rebuildTable() else { return nil }
        } else {
            for a in entries.indices {
                for b in entries.indices where b > a && entries[a].item == entries[b].item { return nil }
            }
        }
    }

    /// Number of neighbours.
    var count: Int { entries.count }

    /// The weight of `item` (0 if absent).
    func weight(of item: Int32) -> Float {
        guard let p = position(of: item) else { return 0 }
        return entries[p].weight
    }

    /// Adds `weight` to `item`, inserting it if new.
    @inline(__always)
    mutating func add(_ item: Int32, weight: Float) {
        if let p = position(of: item) {
            entries[p].weight += weight
            heaviest = max(heaviest, entries[p].weight)
            return
        }
        entries.append(Entry(item: item, weight: weight))
        heaviest = max(heaviest, weight)
        if table.isEmpty {
            if entries.count > Self.scanLimit { _ = rebuildTable() }
        } else if entries.count * 4 > table.count * 3 {
            _ = rebuildTable()
        } else {
            insertIntoTable(entries.count - 1)
        }
    }

    /// Keeps the `limit` heaviest neighbours (ties: smaller item id), heaviest first.
    mutating func prune(keeping limit: Int) {
        entries.sort { $0.weight > $1.weight || ($0.weight == $1.weight && $0.item < $1.item) }
        if entries.count > limit { entries.removeSubrange(limit...) }
        heaviest = entries.first?.weight ?? 0
        table = []
        if entries.count > Self.scanLimit { _ = rebuildTable() }
    }

    @inline(__always)
    private static func bucket(_ item: Int32, mask: Int) -> Int {
        // Fibonacci hashing: the multiply spreads consecutive ids over the table.
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: item)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always)
    private func position(of item: Int32) -> Int? {
        if table.isEmpty {
            for p in entries.indices where entries[p].item == item { return p }
            return nil
        }
        let mask = table.count - 1
        var b = Self.bucket(item, mask: mask)
        while true {
            let t = Int(table[b])
            if t == 0 { return nil }
            if entries[t - 1].item == item { return t - 1 }
            b = (b + 1) & mask
        }
    }

    @inline(__always)
    private mutating func insertIntoTable(_ p: Int) {
        let mask = table.count - 1
        var b = Self.bucket(entries[p].item, mask: mask)
        while table[b] != 0 { b = (b + 1) & mask }
        table[b] = Int32(p + 1)
    }

    /// Sizes the table for the entries (at most 3/4 full) and refills it; false if an
    /// item repeats.
    private mutating func rebuildTable() -> Bool {
        var size = 16
        while entries.count * 4 > size * 3 { size *= 2 }
        table = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for p in entries.indices {
            var b = Self.bucket(entries[p].item, mask: mask)
            while table[b] != 0 {
                if entries[Int(table[b]) - 1].item == entries[p].item { return false }
                b = (b + 1) & mask
            }
            table[b] = Int32(p + 1)
        }
        return true
    }
}
