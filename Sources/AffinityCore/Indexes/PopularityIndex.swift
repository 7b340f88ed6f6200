/// The most popular items of one `DecayedScores`, kept usable as a candidate source
/// between rebuilds, so blended lists get their popularity fill without a pass over
/// the whole catalogue.
///
/// `order` holds the `size` largest values at the last rebuild, best first, and
/// `cutoff` the smallest of them. Every later change to an item whose value was or
/// becomes `>= cutoff` marks it *hot* (`noteChange`), so at any time: an item that is
/// neither hot nor in `order` has a value `<= cutoff`, and a non-hot item of `order`
/// still has exactly its rebuild value. Walking the hot items and then `order`
/// therefore visits the popularity leaders exactly. Rebuilds (O(n log size), about
/// 0.3 ms at 100k items) happen lazily, on the next request, once more than
/// max(64, size/8) items turned hot (every hot item is a candidate of every request,
/// so the set is kept small) or the decay anchor moved (which rescales every value).
/// Not thread-safe (value type owned by `ScoringCore`).
struct PopularityIndex: Sendable {
    /// Items kept in `order`.
    let size: Int
    /// Top items by value at the last rebuild, best first (ties: smaller id first).
    private(set) var order: [Int32] = []
    /// Items changed since the rebuild whose value was or became `>= cutoff`.
    private(set) var hot: [Int32] = []
    private var isHot: [Bool] = []
    private var cutoff: Double = 0
    private var anchor: Int64?
    private var built = false

    /// Creates an index that keeps the `size` leaders (built on first use).
    init(size: Int = 2_048) { self.size = max(1, size) }

    /// Heap bytes held (allocated capacity, for the memory metrics).
    var heapBytes: Int { (order.capacity + hot.capacity) * MemoryLayout<Int32>.stride + isHot.capacity }

    /// Records that `item`'s value changed from `before` to `after`.
    @inline(__always)
    mutating func noteChange(_ item: Int32, before: Double, after: Double) {
        guard built, max(before, after) >= cutoff else { return }
        let i = Int(item)
        if i >= isHot.count { isHot.append(contentsOf: repeatElement(false, count: i + 1 - isHot.count)) }
        if !isHot[i] {
            isHot[i] = true
            hot.append(item)
        }
    }

    /// Rebuilds from `scores` if the index was never built, more than max(64, size/8)
    /// items are hot, or the decay anchor moved since the last rebuild.
    mutating func refresh(_ scores: DecayedScores) {
        guard !built || hot.count > max(64, size / 8) || anchor != scores.anchor else { return }
        rebuild(scores)
    }

    /// The same for an index over `members` only (a category's items): its leaders are
    /// the best members, and only members' changes may be noted.
    mutating func refresh(_ scores: DecayedScores, members: [Int32]) {
        guard !built || hot.count > max(64, size / 8) || anchor != scores.anchor else { return }
        rebuild(scores, members: members)
    }

    /// Recomputes `order` and `cutoff` from `scores` and clears the hot set.
    mutating func rebuild(_ scores: DecayedScores) {
        rebuild(scores, ids: scores.values.indices.lazy.map { Int32($0) })
    }

    /// Recomputes from the `members` of `scores` only.
    mutating func rebuild(_ scores: DecayedScores, members: [Int32]) {
        rebuild(scores, ids: members)
    }

    private mutating func rebuild(_ scores: DecayedScores, ids: some Sequence<Int32>) {
        for h in hot { isHot[Int(h)] = false }
        hot.removeAll(keepingCapacity: true)
        anchor = scores.anchor
        built = true
        // Bounded min-heap of the `size` best (value, id); worst (smallest value,
        // then largest id) at the root.
        var heap: [(value: Double, item: Int32)] = []
        heap.reserveCapacity(size)
        func worse(_ a: (value: Double, item: Int32), _ b: (value: Double, item: Int32)) -> Bool {
            a.value < b.value || (a.value == b.value && a.item > b.item)
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && worse(heap[l], heap[m]) { m = l }
                if r < heap.count && worse(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m)
                i = m
            }
        }
        for id in ids {
            let e = (value: scores.rawValue(id), item: id)
            if heap.count < size {
                heap.append(e)
                var c = heap.count - 1
                while c > 0 && worse(heap[c], heap[(c - 1) / 2]) {
                    heap.swapAt(c, (c - 1) / 2)
                    c = (c - 1) / 2
                }
            } else if worse(heap[0], e) {
                heap[0] = e
                siftDown(0)
            }
        }
        heap.sort { worse($1, $0) }
        order = heap.map(\.item)
        // With fewer than `size` ids every id is in `order`; new ids start at 0.
        cutoff = heap.count < size ? 0 : (heap.last?.value ?? 0)
    }

    /// Whether `item` is currently hot.
    @inline(__always)
    func isHotItem(_ item: Int32) -> Bool { Int(item) < isHot.count && isHot[Int(item)] }

    /// Calls `hot` for every hot item, then `ordered` for the items of `order`
    /// (skipping hot ones) for as long as it returns true. Returns false if `order`
    /// ran out while `ordered` still wanted more, i.e. the caller must fall back to a
    /// full pass to be exact.
    func walk(hot visitHot: (Int32) -> Void, ordered: (Int32) -> Bool) -> Bool {
        for h in hot { visitHot(h) }
        for item in order where !isHotItem(item) {
            if !ordered(item) { return true }
        }
        return false
    }
}

extension DecayedScores {
    /// The stored (anchor-scaled) value of `id`, 0 if absent: comparable across ids
    /// until the anchor moves.
    @inline(__always)
    func rawValue(_ id: Int32) -> Double { Int(id) < values.count ? values[Int(id)] : 0 }
}
