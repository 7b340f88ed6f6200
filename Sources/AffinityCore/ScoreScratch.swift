/// Reusable per-request candidate table, so scoring a request allocates nothing per
/// candidate and never touches per-catalogue arrays beyond one slot lookup per item.
///
/// Each candidate's evidence lives in one contiguous `Candidate` record (one cache
/// line or less), so the passes over candidates (maxima, damping, scoring) stream
/// memory instead of gathering from one catalogue-sized array per source. The item →
/// slot map is generation-stamped: `reset` is O(1), nothing catalogue-sized is cleared
/// per request.
struct ScoreScratch {
    /// One candidate's per-source evidence for the current request.
    struct Candidate {
        /// The item id.
        var item: Int32
        /// The seed with the strongest co-occurrence contribution (-1: none).
        var bestSeed: Int32 = -1
        var sequence: Float = 0
        var cooccurrence: Float = 0
        var content: Float = 0
        var recency: Float = 0
        /// User-vector score; valid only when `vectorScored` (scored lazily).
        var vector: Float = 0
        var bestSeedScore: Float = 0
        var vectorScored = false

        init(item: Int32) { self.item = item }
    }

    /// This request's candidates, in order of first touch.
    var candidates: [Candidate] = []
    /// Per item: `generation << 32 | slot` when the item is a candidate this request.
    private var slots: [UInt64] = []
    private var generation: UInt64 = 1

    /// Grows to `n` items and forgets the previous request's candidates (O(1)).
    mutating func reset(itemCount n: Int) {
        candidates.removeAll(keepingCapacity: true)
        generation += 1
        if generation > UInt64(UInt32.max) {  // stamps would wrap: clear them once
            for i in slots.indices { slots[i] = 0 }
            generation = 1
        }
        if n > slots.count { slots.append(contentsOf: repeatElement(0, count: n - slots.count)) }
    }

    /// Number of item ids the map covers.
    var itemCapacity: Int { slots.count }

    /// The slot of `item` (a valid id `< itemCapacity`), adding it as a candidate the
    /// first time.
    @inline(__always)
    mutating func slot(_ item: Int32) -> Int {
        let e = slots[Int(item)]
        if e >> 32 == generation { return Int(truncatingIfNeeded: e & 0xFFFF_FFFF) }
        let s = candidates.count
        candidates.append(Candidate(item: item))
        slots[Int(item)] = generation << 32 | UInt64(s)
        return s
    }

    /// Adds `item` as a candidate (once).
    @inline(__always)
    mutating func touch(_ item: Int32) { _ = slot(item) }

    /// Whether `item` is already a candidate.
    @inline(__always)
    func contains(_ item: Int32) -> Bool { slots[Int(item)] >> 32 == generation }
}
