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
    /// (a Cauchy–Schwarz bound on the vector term, see `consider`). Above
    /// `exhaustiveVectorLimit` items the item-to-item sources make candidates only from
    /// contributions above a floor (`EvidencePass`, `cooccurrence.candidateFloor`); the
    /// smaller ones still complete every candidate's sums.
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
        defer {
            candidatesScored &+= s.candidates.count
            scratch = s
        }
        s.reset(itemCount: n)
        let seqSeeds = seeds.prefix(max(0, config.cooccurrence.sequenceSeeds))
        // Large catalogues: item-to-item evidence in two passes (see `EvidencePass`).
        let floorFraction = config.cooccurrence.candidateFloor
        let twoPass =
            candidates == nil && !exhaustiveVectors && n > candidateIndexes.exhaustiveVectorLimit
            && floorFraction > 0 && config.cooccurrence.measure != "llr"
        // A source's floor is relative to its own strongest contribution and to its
        // share of the blend: a source weighted 0.05 next to one weighted 1 needs a
        // 20× larger contribution before it alone makes a candidate (at most its
        // strongest one does, so every source still makes some).
        let heaviest = max(blend.sequence, blend.cooccurrence, blend.content, blend.vectors, blend.popularity)
        func fraction(_ weight: Float) -> Float {
            min(1, floorFraction * heaviest / max(weight, .leastNormalMagnitude))
        }
        var weakPasses:
            [(index: CooccurrenceIndex, seeds: ArraySlice<Seed>, toSequence: Bool, bias: Float, floor: Float)] = []
        func gather(_ index: CooccurrenceIndex, _ seeds: ArraySlice<Seed>, toSequence: Bool, bias: Float) {
            guard twoPass else {
                accumulate(index, seeds: seeds, toSequence: toSequence, scratch: &s, seedBias: bias)
                return
            }
            let ceilings = contributionCeilings(index, seeds: seeds)
            let floor = fraction(bias) * (ceilings.max() ?? 0)
            accumulate(
                index, seeds: seeds, toSequence: toSequence, scratch: &s, seedBias: bias, pass: .strong(floor: floor),
                ceilings: ceilings)
            weakPasses.append((index, seeds, toSequence, bias, floor))
        }
        if blend.sequence != 0 { gather(sequence, seqSeeds, toSequence: true, bias: blend.sequence) }
        if blend.cooccurrence != 0 {
            for index in pairs { gather(index, seeds[...], toSequence: false, bias: blend.cooccurrence) }
        }
        let contentEvidence =
            blend.content != 0 ? content.contributions(seeds: seeds, norms: &candidateIndexes.contentNorms) : []
        let contentFloor = fraction(blend.content)
        content.accumulate(contentEvidence, into: &s, pass: twoPass ? .strong(floor: contentFloor) : .all)
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
        // Every candidate is known now: the small contributions complete their sums.
        for w in weakPasses {
            accumulate(
                w.index, seeds: w.seeds, toSequence: w.toSequence, scratch: &s, seedBias: w.bias,
                pass: .weak(floor: w.floor))
        }
        if twoPass { content.accumulate(contentEvidence, into: &s, pass: .weak(floor: contentFloor)) }
        if !contentEvidence.isEmpty { content.finishContent(&s, norms: &candidateIndexes.contentNorms) }
        dampPopularity(&s)
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
        // Every term but the vector one, once per candidate (-infinity: never returned).
        let known = self.known  // a local: no exclusivity check per candidate
        s.withExisting { x in
            for k in x.candidates.indices {
                let c = x.candidates[k]
                guard known[Int(c.item)] else {
                    x.candidates[k].partial = -.infinity
                    continue
                }
                let p = pop.normalized(c.item)
                var score = wPop * p + tieBreak * p
                score += wSeq * c.sequence + wCo * c.cooccurrence + wRec * c.recency
                if wCon != 0 { score += wCon * c.content }
                x.candidates[k].partial = score
            }
        }
        // Cauchy–Schwarz: |wVec · u·y| ≤ |wVec|·|u|·|y|. A candidate whose partial score
        // plus that bound cannot reach the heap's threshold cannot enter the list, so
        // its dot product (a scattered 256-byte row) is skipped; the result is exactly
        // that of scoring every candidate.
        let norms = model?.itemNorms ?? []
        // (The slack covers float rounding in the norms and dot products.)
        let reach =
            user.map { u in
                abs(wVec)
                    * u.withUnsafeBufferPointer { VectorMath.dot($0.baseAddress!, $0.baseAddress!, $0.count) }
                    .squareRoot() * 1.001
            } ?? 0
        @inline(__always) func bound(_ i: Int32) -> Float { Int(i) < norms.count ? reach * norms[Int(i)] : 0 }
        func consider(_ k: Int) {
            let c = s.candidates[k]
            guard c.partial > -.infinity else { return }
            var score = c.partial
            if wVec != 0, let user {
                if !c.vectorScored && score + bound(c.item) < top.threshold { return }
                score += wVec * vectorScore(k, user: user, scratch: &s)
            }
            guard score >= top.threshold, admissible(c.item, request, excluded) else { return }
            top.insert(c.item, score: score)
        }
        if let candidates {
            var seen = Set<Int32>()
            for c in candidates where c >= 0 && Int(c) < n && seen.insert(c).inserted { consider(s.slot(c)) }
        } else if wVec == 0 || user == nil {
            for k in s.candidates.indices { consider(k) }
        } else {
            // Scored candidates first, then the sourced ones with the best partial
            // scores: together they set a threshold that lets almost every other
            // sourced candidate skip its dot product; the few that cannot are scored
            // in one batched gather.
            for k in sourced..<s.candidates.count { consider(k) }
            var leaders = TopK(k: min(sourced, max(32, 4 * request.count)))
            for k in 0..<sourced where s.candidates[k].partial >= leaders.threshold {
                leaders.insert(Int32(k), score: s.candidates[k].partial)
            }
            for e in leaders.unordered {
                let k = Int(e.item)
                consider(k)
                s.candidates[k].partial = -.infinity  // considered: not again below
            }
            var pending: [Int] = []
            for k in 0..<sourced {
                let c = s.candidates[k]
                if !c.vectorScored && c.partial > -.infinity && c.partial + bound(c.item) >= top.threshold {
                    pending.append(k)
                }
            }
            if let user { scoreVectors(slots: pending, user: user, scratch: &s) }
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
