/// Reusable per-request candidate table, so scoring a request allocates nothing per
/// candidate and never touches per-catalogue arrays beyond one slot lookup per item.
///
/// Each candidate's evidence lives in one contiguous `Candidate` record (one cache
/// line or less), so the passes over candidates (maxima, damping, scoring) stream
/// memory instead of gathering from one catalogue-sized array per source. The item →
/// slot map is generation-stamped and the membership bitmap is cleared word by word
/// from the candidate list: `reset` never clears anything catalogue-sized.
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
        /// Every blended term but the vector one (-infinity: not to be returned).
        var partial: Float = 0
        var vectorScored = false

        init(item: Int32) { self.item = item }

        /// Adds co-occurrence (`toSequence`: sequence) evidence `v` from `seed`, which
        /// becomes the explaining seed if `v · bias` is its strongest contribution.
        @inline(__always)
        mutating func add(_ v: Float, from seed: Int32, toSequence: Bool, bias: Float) {
            if toSequence { sequence += v } else { cooccurrence += v }
            if v * bias > bestSeedScore {
                bestSeedScore = v * bias
                bestSeed = seed
            }
        }
    }

    /// This request's candidates, in order of first touch.
    var candidates: [Candidate] = []
    /// Per item: `generation << 32 | slot` when the item is a candidate this request.
    private var slots: [UInt64] = []
    /// One bit per item, set while it is a candidate: an L1-sized membership test for
    /// passes that only touch items already found (`existingSlot`).
    private var members: [UInt64] = []
    private var generation: UInt64 = 1

    /// Grows to `n` items and forgets the previous request's candidates (O(1)).
    mutating func reset(itemCount n: Int) {
        if candidates.count > members.count {
            for w in members.indices { members[w] = 0 }
        } else {
            for c in candidates { members[Int(c.item) >> 6] = 0 }
        }
        candidates.removeAll(keepingCapacity: true)
        generation += 1
        if generation > UInt64(UInt32.max) {  // stamps would wrap: clear them once
            for i in slots.indices { slots[i] = 0 }
            generation = 1
        }
        if n > slots.count { slots.append(contentsOf: repeatElement(0, count: n - slots.count)) }
        let words = (slots.count + 63) >> 6
        if words > members.count { members.append(contentsOf: repeatElement(0, count: words - members.count)) }
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
        members[Int(item) >> 6] |= 1 << UInt64(Int(item) & 63)
        return s
    }

    /// The slot of `item` if it is already a candidate.
    @inline(__always)
    func existingSlot(_ item: Int32) -> Int? {
        guard members[Int(item) >> 6] & (1 << UInt64(Int(item) & 63)) != 0 else { return nil }
        let e = slots[Int(item)]
        return e >> 32 == generation ? Int(truncatingIfNeeded: e & 0xFFFF_FFFF) : nil
    }

    /// Direct access to this request's candidates for passes that add evidence but
    /// never add candidates, so the hot loops pay no bounds or uniqueness check per
    /// write. Valid only inside `withExisting`.
    struct Existing {
        let candidates: UnsafeMutableBufferPointer<Candidate>
        fileprivate let slots: UnsafePointer<UInt64>
        fileprivate let members: UnsafePointer<UInt64>
        fileprivate let generation: UInt64

        /// The slot of `item` (a valid id `< itemCapacity`) if it is a candidate.
        @inline(__always)
        func slot(of item: Int32) -> Int? {
            let i = Int(item)
            guard members[i >> 6] & (1 << UInt64(i & 63)) != 0 else { return nil }
            let e = slots[i]
            return e >> 32 == generation ? Int(truncatingIfNeeded: e & 0xFFFF_FFFF) : nil
        }
    }

    /// Runs `body` with an `Existing` view of the candidates.
    mutating func withExisting<R>(_ body: (Existing) -> R) -> R {
        let g = generation
        return slots.withUnsafeBufferPointer { sl in
            members.withUnsafeBufferPointer { m in
                candidates.withUnsafeMutableBufferPointer { c in
                    body(Existing(candidates: c, slots: sl.baseAddress!, members: m.baseAddress!, generation: g))
                }
            }
        }
    }

    /// Adds `item` as a candidate (once).
    @inline(__always)
    mutating func touch(_ item: Int32) { _ = slot(item) }

    /// Whether `item` is already a candidate.
    @inline(__always)
    func contains(_ item: Int32) -> Bool { members[Int(item) >> 6] & (1 << UInt64(Int(item) & 63)) != 0 }
}
