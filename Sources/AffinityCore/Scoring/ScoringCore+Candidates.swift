extension ScoringCore {
    /// Adds an event's weight to the global (and the channel's) popularity and tells
    /// the matching leader indexes which item changed.
    func notePopularity(_ item: Int32, weight: Double, at timestamp: Int64, channel: Int32?) {
        let (before, after) = Self.add(
            item, weight, timestamp, to: &popularity, index: &candidateIndexes.popularity)
        noteCategoryLeaders(item, LeaderScope(trending: false, channel: nil), before, after)
        guard let c = channel else { return }
        let (old, new) = Self.add(
            item, weight, timestamp, channel: c, halfLife: config.popularity.halfLifeSeconds,
            to: &channelPopularity, indexes: &candidateIndexes.channelPopularity)
        noteCategoryLeaders(item, LeaderScope(trending: false, channel: c), old, new)
    }

    /// The same for the trending (short half-life) scores, so trending lists never scan
    /// the catalogue.
    func noteTrending(_ item: Int32, weight: Double, at timestamp: Int64, channel: Int32?) {
        let (before, after) = Self.add(item, weight, timestamp, to: &trending, index: &candidateIndexes.trending)
        noteCategoryLeaders(item, LeaderScope(trending: true, channel: nil), before, after)
        guard let c = channel else { return }
        let (old, new) = Self.add(
            item, weight, timestamp, channel: c, halfLife: config.popularity.trendingHalfLifeSeconds,
            to: &channelTrending, indexes: &candidateIndexes.channelTrending)
        noteCategoryLeaders(item, LeaderScope(trending: true, channel: c), old, new)
    }

    /// Adds to one item's score and notes the change in the index; the raw value before and after.
    private static func add(
        _ item: Int32, _ weight: Double, _ timestamp: Int64, to scores: inout DecayedScores,
        index: inout PopularityIndex
    ) -> (Double, Double) {
        let before = scores.rawValue(item)
        scores.add(item, weight: weight, at: timestamp)
        let after = scores.rawValue(item)
        index.noteChange(item, before: before, after: after)
        return (before, after)
    }

    /// The same in channel `c`'s scores (created on its first event) and index (if built).
    private static func add(
        _ item: Int32, _ weight: Double, _ timestamp: Int64, channel c: Int32, halfLife: Double,
        to scores: inout [Int32: DecayedScores], indexes: inout [Int32: PopularityIndex]
    ) -> (Double, Double) {
        var channelScores = scores.removeValue(forKey: c) ?? DecayedScores(halfLife: halfLife)  // no copy-on-write
        let before = channelScores.rawValue(item)
        channelScores.add(item, weight: weight, at: timestamp)
        let after = channelScores.rawValue(item)
        indexes[c]?.noteChange(item, before: before, after: after)
        scores[c] = channelScores
        return (before, after)
    }

    /// Tells the category leader indexes of `item`'s categories in `scope` that its value
    /// moved (nothing to do until a category-scoped list was first asked for).
    @inline(__always)
    func noteCategoryLeaders(_ item: Int32, _ scope: LeaderScope, _ before: Double, _ after: Double) {
        guard !candidateIndexes.categoryLeaders.isEmpty else { return }
        for c in content.categories(of: item) {
            guard var byScope = candidateIndexes.categoryLeaders.removeValue(forKey: c) else { continue }
            byScope[scope]?.noteChange(item, before: before, after: after)
            candidateIndexes.categoryLeaders[c] = byScope
        }
    }

    /// Folds `seeds` into the installed model: the user vector, or nil when there is
    /// no model, no usable seed, or the fold-in is all zeros (vectors then stay off).
    func userVector(seeds: [Seed]) -> [Float]? {
        guard let model, !seeds.isEmpty else { return nil }
        var items: [Int32] = []
        var weights: [Float] = []
        items.reserveCapacity(seeds.count)
        weights.reserveCapacity(seeds.count)
        for (idx, seed) in seeds.enumerated() {
            items.append(seed.item)
            weights.append(seed.weight / recencyWeight(idx))  // kind weight only
        }
        let u = model.foldIn(items: items, weights: weights)
        return u.allSatisfy({ $0 == 0 }) ? nil : u
    }

    /// Scores every known item's vector (exhaustive: small models without an index,
    /// and the `vectors` diagnostic strategy), which makes every item a candidate.
    func scoreAllVectors(user: [Float], scratch s: inout ScoreScratch) {
        guard let model else { return }
        let n = min(known.count, s.itemCapacity), f = model.stride
        user.withUnsafeBufferPointer { u in
            model.itemFactors.withUnsafeBufferPointer { yb in
                for i in 0..<n {
                    let k = s.slot(Int32(i))
                    if i < model.itemCount {
                        s.candidates[k].vector = VectorMath.dot(u.baseAddress!, yb.baseAddress! + i * f, f)
                    }
                    s.candidates[k].vectorScored = true
                }
            }
        }
    }

    /// Scans the coarse quantiser's best clusters for `user` (`vectorBudget` items):
    /// items that are candidates already get their vector score, and the
    /// `vectorCandidates` best of the rest become candidates with theirs. The rest
    /// have no evidence but a vector score below those and their popularity (the
    /// popularity leaders are candidates anyway), so they cannot beat them.
    func probeVectors(user: [Float], index: VectorIndex, scratch s: inout ScoreScratch) {
        let n = min(known.count, s.itemCapacity)
        var best = TopK(k: candidateIndexes.vectorCandidates)
        index.probe(user: user, budget: candidateIndexes.vectorBudget) { i, v in
            guard Int(i) < n else { return }
            if let k = s.existingSlot(i) {
                s.candidates[k].vector = v
                s.candidates[k].vectorScored = true
            } else if v >= best.threshold {
                best.insert(i, score: v)
            }
        }
        for e in best.unordered {  // the order of candidates never changes a list
            let k = s.slot(e.item)
            s.candidates[k].vector = e.score
            s.candidates[k].vectorScored = true
        }
    }

    /// The vector score of candidate slot `k` (computed and stored on first use; 0
    /// for items the model does not know).
    @inline(__always)
    func vectorScore(_ k: Int, user: [Float], scratch s: inout ScoreScratch) -> Float {
        if s.candidates[k].vectorScored { return s.candidates[k].vector }
        s.candidates[k].vectorScored = true
        let i = Int(s.candidates[k].item)
        guard let model, i < model.itemCount else { return 0 }
        let f = model.stride
        let v = user.withUnsafeBufferPointer { u in
            model.itemFactors.withUnsafeBufferPointer { yb in
                VectorMath.dot(u.baseAddress!, yb.baseAddress! + i * f, f)
            }
        }
        s.candidates[k].vector = v
        return v
    }

    /// Scores the candidates in `slots` (not yet scored) four rows at a time, so the
    /// scattered factor rows are fetched in parallel rather than one miss at a time.
    func scoreVectors(slots: [Int], user: [Float], scratch s: inout ScoreScratch) {
        guard let model else { return }
        let f = model.stride, m = model.itemCount
        var rows: [Int] = []
        rows.reserveCapacity(slots.count)
        for k in slots {
            s.candidates[k].vectorScored = true
            if Int(s.candidates[k].item) < m { rows.append(k) }
        }
        user.withUnsafeBufferPointer { ub in
            model.itemFactors.withUnsafeBufferPointer { yb in
                let u = ub.baseAddress!, y = yb.baseAddress!
                func row(_ k: Int) -> UnsafePointer<Float> { y + Int(s.candidates[k].item) * f }
                var j = 0
                while j + 4 <= rows.count {
                    let d = VectorMath.dot4(row(rows[j]), row(rows[j + 1]), row(rows[j + 2]), row(rows[j + 3]), u, f)
                    for l in 0..<4 { s.candidates[rows[j + l]].vector = d[l] }
                    j += 4
                }
                while j < rows.count {
                    s.candidates[rows[j]].vector = VectorMath.dot(row(rows[j]), u, f)
                    j += 1
                }
            }
        }
    }

    /// Adds the popularity leaders to the candidates: every item whose popularity may
    /// have changed since the index was built, then leaders in order until `count`
    /// admissible items not already candidates were added — those bound the score of
    /// every item left out, whose only evidence would be popularity. Falls back to
    /// adding every item when the leaders run out (heavy exclusions or filters).
    func touchPopularCandidates(
        _ request: RecommendationRequest, _ excluded: Set<Int32>, scratch s: inout ScoreScratch
    ) {
        let n = min(known.count, s.itemCapacity)
        let index: PopularityIndex
        if let c = request.channel, let scores = channelPopularity[c] {
            var idx = candidateIndexes.channelPopularity.removeValue(forKey: c) ?? PopularityIndex()
            idx.refresh(scores)
            candidateIndexes.channelPopularity[c] = idx
            index = idx
        } else {
            var idx = candidateIndexes.popularity
            candidateIndexes.popularity = PopularityIndex()  // avoid copy-on-write
            idx.refresh(popularity)
            candidateIndexes.popularity = idx
            index = idx
        }
        var added = 0
        let enough = index.walk { i in
            if Int(i) < n { s.touch(i) }
        } ordered: { i in
            guard Int(i) < n, !s.contains(i) else { return true }
            s.touch(i)
            if admissible(i, request, excluded) { added += 1 }
            return added < request.count
        }
        if !enough && added < request.count {
            for i in 0..<n { s.touch(Int32(i)) }
        }
    }
}
