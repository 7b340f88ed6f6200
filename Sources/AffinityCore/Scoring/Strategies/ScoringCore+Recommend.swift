extension ScoringCore {
    /// Produces one recommendation list. Results are deduplicated, never contain
    /// excluded, disallowed or unknown items, and blended strategies fall back to
    /// popularity so a list is only short when the catalogue (after filters) is.
    public func recommend(_ request: RecommendationRequest) -> [ScoredItem] {
        let shopper = request.shopper.map { canonical($0) }
        let st = shopper.flatMap { state($0) }
        var excluded = request.exclude
        if request.excludePurchased, let st, request.strategy != .buyAgain {
            for k in st.purchases.keys { excluded.insert(k) }
        }
        let b = effectiveBlend
        switch request.strategy {
        case .forYou:
            let w = request.blend ?? sessionBlend(fresh: b.forYou, returning: b.forYouReturning, st, request)
            return blended(
                request, seeds: historySeeds(st, context: request.contextItems), st: st,
                blend: w, pairs: [symmetric], excluded: excluded)
        case .cooccurrence:
            let w = request.blend ?? BlendWeights(cooccurrence: b.forYou.cooccurrence, sequence: b.forYou.sequence)
            return blended(
                request, seeds: historySeeds(st, context: request.contextItems), st: st,
                blend: w, pairs: [symmetric], excluded: excluded)
        case .vectors:
            return blended(
                request, seeds: historySeeds(st, context: request.contextItems), st: st,
                blend: request.blend ?? BlendWeights(vectors: 1), pairs: [symmetric], excluded: excluded,
                exhaustiveVectors: true)
        case .rerank(let candidates):
            let w = request.blend ?? sessionBlend(fresh: b.rerank, returning: b.forYouReturning, st, request)
            return blended(
                request, seeds: historySeeds(st, context: request.contextItems), st: st,
                blend: w, pairs: [symmetric], excluded: excluded,
                candidates: candidates)
        case .similarItems(let item):
            excluded.insert(item)
            return blended(
                request, seeds: [(item: item, weight: 1)], st: nil, blend: request.blend ?? b.similarItems,
                pairs: [symmetric, viewToPurchase], excluded: excluded)
        case .frequentlyBoughtTogether(let items):
            excluded.formUnion(items)
            return blended(
                request, seeds: items.map { (item: $0, weight: 1) }, st: nil,
                blend: request.blend ?? b.frequentlyBoughtTogether, pairs: [basket], excluded: excluded)
        case .othersAlsoViewed(let item):
            excluded.insert(item)
            return blended(
                request, seeds: [(item: item, weight: 1)], st: nil,
                blend: request.blend ?? BlendWeights(cooccurrence: 1, popularity: 0.02),
                pairs: [coView], excluded: excluded)
        case .popular(let category):
            return leaders(.popularity, category: category, request, excluded)
        case .trending(let category):
            return leaders(.trending, category: category, request, excluded)
        case .recentlyViewed:
            var seen = Set<Int32>()
            var out: [ScoredItem] = []
            for (k, e) in (st?.history ?? []).reversed().enumerated() where e.isView && out.count < request.count {
                candidatesScored &+= 1
                guard seen.insert(e.item).inserted, admissible(e.item, request, excluded) else { continue }
                var c = ScoredItem.Contributions()
                c.recency = recencyWeight(k)
                out.append(ScoredItem(item: e.item, score: c.recency, contributions: c))
            }
            return out
        case .buyAgain:
            let half = config.popularity.halfLifeSeconds
            let now = latestTimestamp
            let purchases = st?.purchases ?? [:]
            return ranked(purchases.keys.sorted(), request, excluded) { c, item in
                let p = purchases[item]!
                let age = Double(max(0, now - p.last))
                let v = Float(Double(p.count) * (half > 0 ? Math.exp2(-age / half) : 1))
                c.recency = v
                return v
            }
        }
    }

    /// Whether `item` may be returned.
    @inline(__always)
    func admissible(_ item: Int32, _ request: RecommendationRequest, _ excluded: Set<Int32>) -> Bool {
        item >= 0 && Int(item) < known.count && known[Int(item)] && !excluded.contains(item)
            && (request.isAllowed?(item) ?? true)
    }

    /// Top-K over `items` by a single score (popular, trending, buy-again).
    func ranked<S: Sequence<Int32>>(
        _ items: S, _ request: RecommendationRequest, _ excluded: Set<Int32>,
        score: (inout ScoredItem.Contributions, Int32) -> Float
    ) -> [ScoredItem] {
        var top = TopK(k: request.count)
        var scratchContrib = ScoredItem.Contributions()
        var visited = 0
        defer { candidatesScored &+= visited }
        for i in items {
            visited += 1
            let s = score(&scratchContrib, i)
            guard s >= top.threshold, admissible(i, request, excluded) else { continue }
            top.insert(i, score: s)
        }
        return top.sorted().map { e in
            var c = ScoredItem.Contributions()
            _ = score(&c, e.item)
            return ScoredItem(item: e.item, score: e.score, contributions: c)
        }
    }
}
