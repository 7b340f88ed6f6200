/// Derived, rebuildable state that lets blended strategies score a bounded candidate
/// set instead of the whole catalogue: the vector coarse quantiser, popularity
/// leaders, and per-item caches of values that are costly to recompute per request.
///
/// Nothing here is persisted: it is rebuilt from the core's state (on `install(model:)`,
/// lazily on first use, or when a cache entry's key changed), so snapshots are
/// unaffected. Not thread-safe (owned by `ScoringCore`).
struct CandidateIndexes {
    /// Catalogues (model items) up to this size score vectors exhaustively, which is
    /// exact and, at this size, as fast as probing.
    var exhaustiveVectorLimit = ALSModel.exhaustiveScoringLimit
    /// Items the vector source scores per request when probing `vectors`.
    var vectorBudget = 512
    /// Of those, how many (the best by vector score) become candidates when no other
    /// source found them.
    var vectorCandidates = 64
    /// Coarse quantiser of the installed model (nil: no model, or exhaustive size).
    var vectors: VectorIndex?
    /// Leaders of the global popularity.
    var popularity = PopularityIndex()
    /// Leaders of each channel's popularity.
    var channelPopularity: [Int32: PopularityIndex] = [:]
    /// Leaders of the global and of each channel's trending scores.
    var trending = PopularityIndex()
    var channelTrending: [Int32: PopularityIndex] = [:]
    /// Leaders within a category, per board and channel, built when a category-scoped
    /// `popular` / `trending` is first asked for; dropped when the category's membership
    /// changes (rebuilt on the next request).
    var categoryLeaders: [Int32: [LeaderScope: PopularityIndex]] = [:]
    /// Per-item content (TF-IDF) vector norms.
    var contentNorms = ContentNormCache()
    /// Per-item co-occurrence popularity damping.
    var damping = DampingCache()

    /// Takes the vector index of `model` (built now unless `prepareCandidateIndex`
    /// already did); nil removes it.
    mutating func install(model: ALSModel?) {
        vectors = model.flatMap { $0.itemCount > exhaustiveVectorLimit ? $0.candidateIndex() : nil }
    }
}

/// Which scores a category leader index ranks by: long (popular) or short (trending)
/// half-life, the whole shop's (`channel` nil) or one channel's.
struct LeaderScope: Hashable, Sendable {
    var trending: Bool
    var channel: Int32?
}

/// Content-vector norms per item, valid while `generation` matches the one they were
/// computed under; any attribute change bumps the generation (IDF weights are global,
/// so one change can move every norm) and norms are recomputed lazily, per candidate.
struct ContentNormCache {
    private var norms: [Float] = []
    private var stamps: [UInt32] = []
    private var generation: UInt32 = 1

    /// Marks every cached norm stale.
    mutating func invalidate() { generation &+= 1 }

    @inline(__always)
    private mutating func grow(_ i: Int) {
        guard i >= norms.count else { return }
        norms.append(contentsOf: repeatElement(0, count: i + 1 - norms.count))
        stamps.append(contentsOf: repeatElement(0, count: i + 1 - stamps.count))
    }

    /// The norm of `item` in `index`, from the cache when still valid.
    @inline(__always)
    mutating func norm(_ item: Int32, in index: ContentIndex) -> Float {
        let i = Int(item)
        grow(i)
        if stamps[i] != generation {
            norms[i] = index.vectorNorm(item)
            stamps[i] = generation
        }
        return norms[i]
    }
}

/// `max(1, frequency)^(−exponent)` per item, cached under the frequency it was
/// computed for, so a changed frequency recomputes it and nothing needs invalidating.
struct DampingCache {
    private var factors: [Float] = []
    private var keys: [Float] = []

    /// The damping factor of item `i` whose frequency is `frequency`.
    @inline(__always)
    mutating func factor(_ i: Int, frequency: Float, exponent: Double) -> Float {
        if i >= factors.count {
            factors.append(contentsOf: repeatElement(0, count: i + 1 - factors.count))
            keys.append(contentsOf: repeatElement(-1, count: i + 1 - keys.count))
        }
        if keys[i] != frequency {
            factors[i] = Float(Math.pow(Double(max(1, frequency)), -exponent))
            keys[i] = frequency
        }
        return factors[i]
    }
}
