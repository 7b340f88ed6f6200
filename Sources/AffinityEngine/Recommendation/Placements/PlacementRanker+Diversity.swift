import AffinityCore

/// Picks items in order while keeping the placement's diversity: caps per category and
/// brand (greedy: an item over a cap is skipped and recorded) and, with `mmr_lambda`,
/// maximal marginal relevance. State carries over between calls, so fallback items
/// count against the same caps as the main list.
struct DiversitySelector {
    let diversity: Diversity?
    let product: (Int32) -> Product?
    /// Vector and content similarity of two items (nil: those features count 0).
    let measure: PlacementRanker.SimilarityMeasure?
    private var perCategory: [String: Int] = [:]
    private var perBrand: [String: Int] = [:]
    private var chosen: [(item: Int32, product: Product?)] = []

    init(
        diversity: Diversity?, product: @escaping (Int32) -> Product?,
        measure: PlacementRanker.SimilarityMeasure? = nil
    ) {
        self.diversity = diversity
        self.product = product
        self.measure = measure
    }

    /// Up to `limit` items from `pool` (sorted best first); capped items go to `removed`.
    mutating func select(from pool: [RankedItem], upTo limit: Int, removed: inout [RemovedCandidate]) -> [RankedItem] {
        guard limit > 0 else { return [] }
        guard let lambda = diversity?.mmrLambda, lambda < 1 else {
            var out: [RankedItem] = []
            for item in pool {
                if out.count == limit { break }
                if let rule = capRule(item.scored.item) {
                    removed.append(RemovedCandidate(item: item.scored.item, rule: rule))
                    continue
                }
                take(item.scored.item)
                out.append(item)
            }
            return out
        }
        return selectMMR(from: pool, upTo: limit, lambda: lambda, removed: &removed)
    }

    /// MMR: repeatedly takes the item with the best `λ·relevance − (1−λ)·max similarity`
    /// to what is already chosen; an item taken ahead of a more relevant one is marked.
    private mutating func selectMMR(
        from pool: [RankedItem], upTo limit: Int, lambda: Float, removed: inout [RemovedCandidate]
    ) -> [RankedItem] {
        var remaining = pool
        var out: [RankedItem] = []
        let top = pool.map(\.scored.score).max() ?? 0
        let scale: Float = top > 0 ? top : 1
        while out.count < limit, !remaining.isEmpty {
            var best = -1
            var bestValue = -Float.infinity
            var index = 0
            while index < remaining.count {
                let item = remaining[index].scored.item
                if let rule = capRule(item) {
                    removed.append(RemovedCandidate(item: item, rule: rule))
                    remaining.remove(at: index)
                    continue
                }
                let p = product(item)
                var similarity: Float = 0
                for other in chosen {
                    similarity = max(similarity, self.similarity((item, p), other))
                }
                let value = lambda * remaining[index].scored.score / scale - (1 - lambda) * similarity
                if value > bestValue {
                    bestValue = value
                    best = index
                }
                index += 1
            }
            guard best >= 0 else { break }
            var picked = remaining.remove(at: best)
            if best > 0 { picked.rules.append(RuleEffect(rule: "diversity.mmr_lambda", effect: "diversified")) }
            take(picked.scored.item)
            out.append(picked)
        }
        return out
    }

    /// The cap `item` would break, as a rule path, or nil.
    private func capRule(_ item: Int32) -> String? {
        guard let diversity, let p = product(item) else { return nil }
        if let max = diversity.maxPerCategory, p.categories.contains(where: { perCategory[$0, default: 0] >= max }) {
            return "diversity.max_per_category"
        }
        if let max = diversity.maxPerBrand, let brand = p.brand, perBrand[brand, default: 0] >= max {
            return "diversity.max_per_brand"
        }
        return nil
    }

    private mutating func take(_ item: Int32) {
        let p = product(item)
        for category in Set(p?.categories ?? []) { perCategory[category, default: 0] += 1 }
        if let brand = p?.brand { perBrand[brand, default: 0] += 1 }
        chosen.append((item, p))
    }

    /// The mean over the configured features (``Diversity/similarity``; category and
    /// brand by default): 0 (unrelated) to 1.
    func similarity(_ a: (item: Int32, product: Product?), _ b: (item: Int32, product: Product?)) -> Float {
        let features = diversity?.similarity ?? Diversity.defaultSimilarity
        guard !features.isEmpty else { return 0 }
        var total: Float = 0
        for feature in features {
            switch feature {
            case .category:
                if let pa = a.product, let pb = b.product, pa.categories.contains(where: pb.categories.contains) {
                    total += 1
                }
            case .brand:
                if let brand = a.product?.brand, brand == b.product?.brand { total += 1 }
            case .vectors: total += measure?(a.item, b.item, .vectors) ?? 0
            case .content: total += measure?(a.item, b.item, .content) ?? 0
            }
        }
        return total / Float(features.count)
    }
}
