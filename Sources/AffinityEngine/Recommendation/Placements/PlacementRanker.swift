package import AffinityCore

/// Turns a placement's scored candidates into the list a shopper sees: filters,
/// boosts and buries, re-sort, diversity (caps and MMR), fallback fill, pins, top N.
///
/// Pure: it reads the catalog through closures and never touches engine state, so the
/// same input always gives the same list (ties break by the core's order, then id).
/// Every rule that removes, moves or re-scores an item is recorded for `explain=true`.
package struct PlacementRanker {
    /// The placement's rules (with any experiment variant's overrides already applied).
    package var placement: Placement
    /// Request facts the rules test.
    package var context: PlacementContext
    /// Catalog lookup by dense id; nil for products known only from events.
    package var product: (Int32) -> Product?
    /// Dense id of an external product id (pins name external ids).
    package var denseID: (String) -> Int32?
    /// Whether a product may be shown in the asking channel; a pin must pass it too.
    package var isServable: (Int32) -> Bool
    /// Vector or content similarity of two items, for MMR with those features.
    package typealias SimilarityMeasure = (Int32, Int32, ScoringCore.SimilarityMeasure) -> Float
    package var measure: SimilarityMeasure?

    package init(
        placement: Placement, context: PlacementContext, product: @escaping (Int32) -> Product?,
        denseID: @escaping (String) -> Int32?, isServable: @escaping (Int32) -> Bool,
        measure: SimilarityMeasure? = nil
    ) {
        self.measure = measure
        self.placement = placement
        self.context = context
        self.product = product
        self.denseID = denseID
        self.isServable = isServable
    }

    /// Ranks `candidates` (the core's list for the placement's strategy). `fallback` gives
    /// the candidates of a fallback strategy; it is asked only while the list is short.
    package func rank(_ candidates: [ScoredItem], fallback: (StrategyName) -> [ScoredItem] = { _ in [] }) -> RankedList
    {
        var removed: [RemovedCandidate] = []
        var seen = Set<Int32>()
        let pins = activePins(removed: &removed)
        let pinned = Set(pins.map(\.item))
        let target = max(0, placement.count - pins.count)
        var selector = DiversitySelector(diversity: placement.diversity, product: product, measure: measure)
        let pool = prepare(candidates, source: nil, seen: &seen, pinned: pinned, removed: &removed)
        var selected = selector.select(from: pool, upTo: target, removed: &removed)
        for (index, strategy) in placement.fallback.enumerated() where selected.count < target {
            let source = "fallback:\(strategy.rawValue)"
            var extra = prepare(fallback(strategy), source: source, seen: &seen, pinned: pinned, removed: &removed)
            for i in extra.indices { extra[i].rules.append(RuleEffect(rule: "fallback[\(index)]", effect: "filled")) }
            selected += selector.select(from: extra, upTo: target - selected.count, removed: &removed)
        }
        let candidateScores = Dictionary(candidates.map { ($0.item, $0) }, uniquingKeysWith: { first, _ in first })
        let items = place(pins, into: selected, scores: candidateScores)
        return RankedList(items: Array(items.prefix(placement.count)), removed: removed)
    }

    /// Filters, adjusts and sorts one candidate list; items already met (or pinned) are skipped.
    func prepare(
        _ candidates: [ScoredItem], source: String?, seen: inout Set<Int32>, pinned: Set<Int32>,
        removed: inout [RemovedCandidate]
    ) -> [RankedItem] {
        var kept: [(order: Int, item: RankedItem)] = []
        for scored in candidates {
            guard !pinned.contains(scored.item), seen.insert(scored.item).inserted else { continue }
            if let rule = failedFilter(scored.item) {
                removed.append(RemovedCandidate(item: scored.item, rule: rule))
                continue
            }
            let (adjusted, rules) = adjusted(scored)
            kept.append((kept.count, RankedItem(scored: adjusted, rules: rules, source: source)))
        }
        kept.sort { a, b in
            if a.item.scored.score != b.item.scored.score { return a.item.scored.score > b.item.scored.score }
            return a.order < b.order
        }
        return kept.map(\.item)
    }
}
