extension ScoringCore {
    /// The blended strategies: gathers every enabled source into the scratch buffers,
    /// scales each by its maximum, combines them with `blend`, and selects the top
    /// `count` admissible items with a bounded heap. Popularity (weighted by
    /// `blend.popularity`, plus a tiny tie-breaker) covers every known item, which is
    /// what fills lists when personal evidence runs short.
    func blended(
        _ request: RecommendationRequest, seeds: [Seed], st: ShopperState?, blend: BlendWeights,
        pairs: [CooccurrenceIndex], excluded: Set<Int32>, candidates: [Int32]? = nil
    ) -> [ScoredItem] {
        let n = known.count
        var s = scratch
        scratch = ScoreScratch()  // take ownership to avoid copy-on-write
        defer { scratch = s }
        s.reset(itemCount: n)
        let seqSeeds = seeds.prefix(max(0, config.cooccurrence.sequenceSeeds))
        if blend.sequence != 0 {
            var target = s.sequence
            s.sequence = []
            accumulate(sequence, seeds: seqSeeds, into: &target, scratch: &s, seedBias: blend.sequence)
            s.sequence = target
        }
        if blend.cooccurrence != 0 {
            var target = s.cooccurrence
            s.cooccurrence = []
            for index in pairs {
                accumulate(index, seeds: seeds[...], into: &target, scratch: &s, seedBias: blend.cooccurrence)
            }
            s.cooccurrence = target
        }
        dampPopularity(&s)
        if blend.content != 0 { content.accumulate(seeds: seeds, into: &s.content) }
        if blend.recency != 0 {
            for seed in seeds where Int(seed.item) < n {
                s.recency[Int(seed.item)] += seed.weight
                s.touch(seed.item)
            }
        }
        let useVectors = blend.vectors != 0 && scoreVectors(seeds: seeds, scratch: &s)
        // Per-source maxima over the touched (or, for vectors, all) items.
        var maxSeq: Float = 0, maxCo: Float = 0, maxRec: Float = 0, maxVec: Float = 0, maxCon: Float = 0
        for t in s.touched {
            let i = Int(t)
            maxSeq = max(maxSeq, s.sequence[i]); maxCo = max(maxCo, s.cooccurrence[i]); maxRec = max(maxRec, s.recency[i])
        }
        if blend.content != 0 { for v in s.content { maxCon = max(maxCon, v) } }
        if useVectors { for i in 0..<n { maxVec = max(maxVec, s.vectors[i]) } }
        let wSeq = maxSeq > 0 ? blend.sequence / maxSeq : 0
        let wCo = maxCo > 0 ? blend.cooccurrence / maxCo : 0
        let wRec = maxRec > 0 ? blend.recency / maxRec : 0
        let wVec = maxVec > 0 ? blend.vectors / maxVec : 0
        let wCon = maxCon > 0 ? blend.content / maxCon : 0
        let pop = request.channel.flatMap { channelPopularity[$0] } ?? popularity
        let wPop = blend.popularity
        let tieBreak: Float = 1e-4

        var top = TopK(k: request.count)
        func consider(_ i: Int) {
            guard known[i] else { return }
            let p = pop.normalized(Int32(i))
            var score = wPop * p + tieBreak * p
            score += wSeq * s.sequence[i] + wCo * s.cooccurrence[i] + wRec * s.recency[i]
            if wCon != 0 { score += wCon * s.content[i] }
            if wVec != 0 { score += wVec * s.vectors[i] }
            guard score >= top.threshold, admissible(Int32(i), request, excluded) else { return }
            top.insert(Int32(i), score: score)
        }
        if let candidates {
            var seen = Set<Int32>()
            for c in candidates where c >= 0 && Int(c) < n && seen.insert(c).inserted { consider(Int(c)) }
        } else {
            for i in 0..<n { consider(i) }
        }
        let selected = top.sorted()
        var out: [ScoredItem] = []
        out.reserveCapacity(selected.count)
        for e in selected {
            let i = Int(e.item)
            var c = ScoredItem.Contributions()
            c.sequence = wSeq * s.sequence[i]
            c.cooccurrence = wCo * s.cooccurrence[i]
            c.recency = wRec * s.recency[i]
            c.content = wCon * s.content[i]
            c.vectors = wVec * s.vectors[i]
            c.popularity = wPop * pop.normalized(e.item)
            let seed = s.bestSeed[i] >= 0 && (c.sequence > 0 || c.cooccurrence > 0) ? s.bestSeed[i] : nil
            out.append(ScoredItem(item: e.item, score: e.score, contributions: c, seed: seed))
        }
        if blend.content != 0 { for i in 0..<n where s.content[i] != 0 { s.content[i] = 0 } }
        return out
    }
}
