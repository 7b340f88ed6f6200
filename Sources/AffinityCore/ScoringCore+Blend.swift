extension ScoringCore {
    /// The blended strategies: gathers every enabled source into the scratch buffers,
    /// scales each by its maximum over the candidates, combines them with `blend`, and
    /// selects the top `count` admissible items with a bounded heap.
    ///
    /// Only a bounded candidate set is scored, never the whole catalogue: the items the
    /// item-to-item sources reached from the seeds (co-occurrence, sequence, content,
    /// recency), the vector source's coarse-quantiser probe, and the popularity leaders
    /// (`touchPopularCandidates`), which is what fills lists when personal evidence runs
    /// short. Probed and popular candidates come with their vector score; the ones the
    /// item-to-item sources found get theirs only if they could still enter the list
    /// (a bound on the vector term, see `consider`), in one batched gather.
    /// `exhaustiveVectors` (the `vectors` diagnostic strategy) and models small enough to
    /// have no index score every item instead, which makes every item a candidate (the
    /// exact full-catalogue result). With `candidates` (rerank) only those are ranked,
    /// each with its vector score; the probe still runs so that the vector scale (the
    /// maximum) is the catalogue's, as in a full scan.
    func blended(
        _ request: RecommendationRequest, seeds: [Seed], st: ShopperState?, blend: BlendWeights,
        pairs: [CooccurrenceIndex], excluded: Set<Int32>, candidates: [Int32]? = nil,
        exhaustiveVectors: Bool = false
    ) -> [ScoredItem] {
        let n = known.count
        var s = scratch
        scratch = ScoreScratch()  // take ownership to avoid copy-on-write
        defer { scratch = s }
        s.reset(itemCount: n)
        let seqSeeds = seeds.prefix(max(0, config.cooccurrence.sequenceSeeds))
        if blend.sequence != 0 {
            accumulate(sequence, seeds: seqSeeds, toSequence: true, scratch: &s, seedBias: blend.sequence)
        }
        if blend.cooccurrence != 0 {
            for index in pairs {
                accumulate(index, seeds: seeds[...], toSequence: false, scratch: &s, seedBias: blend.cooccurrence)
            }
        }
        dampPopularity(&s)
        if blend.content != 0 { content.accumulate(seeds: seeds, into: &s, norms: &candidateIndexes.contentNorms) }
        if blend.recency != 0 {
            for seed in seeds where seed.item >= 0 && Int(seed.item) < n {
                s.candidates[s.slot(seed.item)].recency += seed.weight
            }
        }
        let user = blend.vectors != 0 ? userVector(seeds: seeds) : nil
        // Candidates beyond the sources above; those (`sourced`) get a vector score
        // only if they could still enter the list (see `consider`).
        let sourced = s.candidates.count
        var everything = false  // every item is a candidate, with its vector score
        if let user, exhaustiveVectors || candidateIndexes.vectors == nil {
            scoreAllVectors(user: user, scratch: &s)
            everything = true
        } else if let user, let index = candidateIndexes.vectors {
            probeVectors(user: user, index: index, scratch: &s)
        }
        if let candidates {  // rerank: the caller's items, all scored (the probe gave the scale)
            for c in candidates where c >= 0 && Int(c) < n {
                let k = s.slot(c)
                if let user { _ = vectorScore(k, user: user, scratch: &s) }
            }
        } else if !everything {
            touchPopularCandidates(request, excluded, scratch: &s)
        }
        if let user {
            for k in sourced..<s.candidates.count { _ = vectorScore(k, user: user, scratch: &s) }
        }
        // Per-source maxima over the candidates (vectors: over the scored ones).
        var maxSeq: Float = 0, maxCo: Float = 0, maxRec: Float = 0, maxVec: Float = 0, maxCon: Float = 0
        for c in s.candidates {
            maxSeq = max(maxSeq, c.sequence); maxCo = max(maxCo, c.cooccurrence); maxRec = max(maxRec, c.recency)
            maxCon = max(maxCon, c.content); maxVec = max(maxVec, c.vector)
        }
        let wSeq = maxSeq > 0 ? blend.sequence / maxSeq : 0
        let wCo = maxCo > 0 ? blend.cooccurrence / maxCo : 0
        let wRec = maxRec > 0 ? blend.recency / maxRec : 0
        let wVec = maxVec > 0 ? blend.vectors / maxVec : 0
        let wCon = maxCon > 0 ? blend.content / maxCon : 0
        let pop = request.channel.flatMap { channelPopularity[$0] } ?? popularity
        let wPop = blend.popularity
        let tieBreak: Float = 1e-4

        var top = TopK(k: request.count)
        let known = self.known  // a local: no exclusivity check per candidate
        /// Every term but the vector one (nil for items that are never returned).
        func partial(_ c: ScoreScratch.Candidate) -> Float? {
            guard known[Int(c.item)] else { return nil }
            let p = pop.normalized(c.item)
            var score = wPop * p + tieBreak * p
            score += wSeq * c.sequence + wCo * c.cooccurrence + wRec * c.recency
            if wCon != 0 { score += wCon * c.content }
            return score
        }
        // An unscored candidate's vector term is at most `blend.vectors` (its score at
        // most the scored maximum, which the probe's best clusters almost surely hold):
        // if even that cannot reach the heap's threshold, its dot product is skipped.
        func consider(_ k: Int) {
            let c = s.candidates[k]
            guard var score = partial(c) else { return }
            if wVec != 0, let user {
                if !c.vectorScored && score + blend.vectors < top.threshold { return }
                score += wVec * vectorScore(k, user: user, scratch: &s)
            }
            guard score >= top.threshold, admissible(c.item, request, excluded) else { return }
            top.insert(c.item, score: score)
        }
        if let candidates {
            var seen = Set<Int32>()
            for c in candidates where c >= 0 && Int(c) < n && seen.insert(c).inserted { consider(s.slot(c)) }
        } else {
            // Scored candidates first: they set the threshold that lets sourced ones
            // skip their dot product; the rest are scored in one batched gather.
            for k in sourced..<s.candidates.count { consider(k) }
            if wVec != 0, let user {
                var pending: [Int] = []
                for k in 0..<sourced {
                    if let p = partial(s.candidates[k]), p + blend.vectors >= top.threshold { pending.append(k) }
                }
                scoreVectors(slots: pending, user: user, scratch: &s)
            }
            for k in 0..<sourced { consider(k) }
        }
        let selected = top.sorted()
        var out: [ScoredItem] = []
        out.reserveCapacity(selected.count)
        for e in selected {
            let k = s.slot(e.item)
            let d = s.candidates[k]
            var c = ScoredItem.Contributions()
            c.sequence = wSeq * d.sequence
            c.cooccurrence = wCo * d.cooccurrence
            c.recency = wRec * d.recency
            c.content = wCon * d.content
            c.vectors = wVec * d.vector
            c.popularity = wPop * pop.normalized(e.item)
            let seed = d.bestSeed >= 0 && (c.sequence > 0 || c.cooccurrence > 0) ? d.bestSeed : nil
            out.append(ScoredItem(item: e.item, score: e.score, contributions: c, seed: seed))
        }
        return out
    }
}
