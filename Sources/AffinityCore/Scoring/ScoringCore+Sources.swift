/// A weighted seed item (history or context) driving item-to-item sources.
typealias Seed = (item: Int32, weight: Float)

extension ScoringCore {
    /// The shopper's seeds: context items first, then history newest first, each
    /// weighted by kind weight × recency 2^(−k/half-life) (floored at `minWeight`).
    func historySeeds(_ st: ShopperState?, context: [Int32]) -> [Seed] {
        var seeds: [Seed] = []
        let h = config.history
        let top = config.eventWeights.values.max() ?? 1
        var k = 0
        for c in context where c >= 0 {
            seeds.append((item: c, weight: top * recencyWeight(k)))
            k += 1
        }
        if let st {
            for e in st.recent(h.window).reversed() {
                seeds.append((item: e.item, weight: e.weight * recencyWeight(k)))
                k += 1
            }
        }
        return seeds
    }

    /// The for-you blend for this shopper's session state: `fresh` right after an
    /// event (or with context items, which are "now" by definition), drifting to
    /// `returning` as the gap since their last event grows.
    func sessionBlend(
        fresh: BlendWeights, returning: BlendWeights, _ st: ShopperState?, _ request: RecommendationRequest
    ) -> BlendWeights {
        guard request.contextItems.isEmpty, let now = request.now else { return fresh }
        return fresh.interpolated(to: returning, 1 - sessionFreshness(st, now: now))
    }

    /// 2^(−gap/h) for the gap since the shopper's last history event: 1 within a
    /// session, → 0 for a returning shopper. Shared with `BlendTuner`, so tuning
    /// splits cases exactly where `recommend` switches blends.
    func sessionFreshness(_ st: ShopperState?, now: Int64) -> Float {
        let h = config.history.sessionHalfLifeSeconds
        guard let last = st?.history.last?.timestamp, h > 0 else { return 1 }
        return Float(Math.exp2(-Double(max(0, now - last)) / h))
    }

    @inline(__always)
    func recencyWeight(_ k: Int) -> Float {
        let h = config.history
        guard h.halfLifeEvents > 0 else { return 1 }
        return Float(max(h.minWeight, Math.exp2(-Double(k) / h.halfLifeEvents)))
    }

    /// Adds Σ_seed weight · P(candidate | seed) (or LLR) from `index` into each
    /// candidate's `sequence` (`toSequence`) or `cooccurrence` evidence, tracking the
    /// strongest seed per candidate. Candidate popularity damping is applied
    /// afterwards by `dampPopularity`, since it depends on the candidate only.
    ///
    /// `pass` splits the work for large catalogues (see `EvidencePass`): with a
    /// floor, `.strong` adds only contributions at or above it (making candidates) and
    /// `.weak` adds only those below it, to items that are already candidates, so
    /// every candidate still ends with its exact sum.
    func accumulate(
        _ index: CooccurrenceIndex, seeds: ArraySlice<Seed>, toSequence: Bool, scratch s: inout ScoreScratch,
        seedBias: Float, pass: EvidencePass = .all, ceilings: [Float] = []
    ) {
        let minCount = config.cooccurrence.minCount
        let limit = min(known.count, s.itemCapacity)
        if config.cooccurrence.measure == "llr" {
            accumulateLLR(index, seeds: seeds, toSequence: toSequence, scratch: &s, seedBias: seedBias)
            return
        }
        /// Adds contribution `v` of `seed` to candidate slot `k`.
        @inline(__always) func add(_ k: Int, _ v: Float, _ seed: Int32) {
            s.candidates[k].add(v, from: seed, toSequence: toSequence, bias: seedBias)
        }
        for (idx, seed) in zip(seeds.indices, seeds) where seed.item >= 0 && Int(seed.item) < known.count {
            let total = index.rowTotal(seed.item)
            guard total > 0 else { continue }
            let inv = seed.weight / total
            // One specialised loop per pass over the row's contiguous entries.
            index.withNeighbours(of: seed.item) { row in
                switch pass {
                case .all:
                    for e in row where e.weight >= minCount && e.item >= 0 && Int(e.item) < limit {
                        add(s.slot(e.item), inv * e.weight, seed.item)
                    }
                case .strong(let floor):
                    // A row whose heaviest contribution is below the floor has nothing strong.
                    let c = idx - seeds.startIndex
                    if c < ceilings.count && ceilings[c] < floor { return }
                    for e in row where e.weight >= minCount && e.item >= 0 && Int(e.item) < limit {
                        let v = inv * e.weight
                        if v >= floor { add(s.slot(e.item), v, seed.item) }
                    }
                case .weak(let floor):
                    s.withExisting { x in
                        for e in row where e.weight >= minCount && e.item >= 0 && Int(e.item) < limit {
                            let v = inv * e.weight
                            guard v < floor, let k = x.slot(of: e.item) else { continue }
                            x.candidates[k].add(v, from: seed.item, toSequence: toSequence, bias: seedBias)
                        }
                    }
                }
            }
        }
    }

    /// `accumulate` under the LLR measure (every neighbour, no passes): Dunning's G²
    /// of each pair, which needs the neighbour's row total too.
    private func accumulateLLR(
        _ index: CooccurrenceIndex, seeds: ArraySlice<Seed>, toSequence: Bool, scratch s: inout ScoreScratch,
        seedBias: Float
    ) {
        let minCount = config.cooccurrence.minCount
        let n = Float(max(1, index.grandTotal))
        let limit = min(known.count, s.itemCapacity)
        for seed in seeds where seed.item >= 0 && Int(seed.item) < known.count {
            let total = index.rowTotal(seed.item)
            guard total > 0 else { continue }
            index.forEachNeighbour(of: seed.item) { j, c in
                guard c >= minCount, j >= 0, Int(j) < limit else { return }
                let colTotal = index.rowTotal(j)
                let v =
                    seed.weight
                    * Float(
                        LogLikelihoodRatio.score(
                            k11: Double(c), k12: Double(max(0, total - c)), k21: Double(max(0, colTotal - c)),
                            k22: Double(max(0, n - total - colTotal + c))))
                s.candidates[s.slot(j)].add(v, from: seed.item, toSequence: toSequence, bias: seedBias)
            }
        }
    }

    /// Per seed, the strongest single contribution `accumulate` would add from
    /// `index` (normalised measure): seed weight × heaviest pair ÷ row total.
    func contributionCeilings(_ index: CooccurrenceIndex, seeds: ArraySlice<Seed>) -> [Float] {
        seeds.map { seed in
            guard seed.item >= 0, Int(seed.item) < known.count else { return 0 }
            let total = index.rowTotal(seed.item)
            return total > 0 ? seed.weight / total * index.heaviestWeight(of: seed.item) : 0
        }
    }

    /// Divides candidates' co-occurrence scores by frequency^exponent so the
    /// conditional probability does not simply favour blockbusters.
    func dampPopularity(_ s: inout ScoreScratch) {
        let beta = config.cooccurrence.popularityExponent
        guard beta != 0 else { return }
        // Locals, not `self`'s stored properties, inside the loop: no per-item
        // exclusivity checks.
        let frequency = self.frequency
        var damping = candidateIndexes.damping
        candidateIndexes.damping = DampingCache()  // avoid copy-on-write
        defer { candidateIndexes.damping = damping }
        s.withExisting { x in
            for k in x.candidates.indices {
                guard x.candidates[k].sequence != 0 || x.candidates[k].cooccurrence != 0 else { continue }
                let i = Int(x.candidates[k].item)
                let d = damping.factor(i, frequency: frequency[i], exponent: beta)
                x.candidates[k].sequence *= d
                x.candidates[k].cooccurrence *= d
            }
        }
    }
}
