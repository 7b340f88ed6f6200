extension ScoringCore {
    /// The categories attracting the most recent interest (trending half-life), best
    /// first, for "trending in …" carousels where the engine chooses which categories
    /// to show. Category membership comes from `setItemAttributes`.
    public func trendingCategories(count: Int) -> [(category: Int32, score: Float)] {
        var top = TopK(k: count)
        for c in 0..<categoryPopularity.count {
            let v = categoryPopularity.normalized(Int32(c))
            if v > 0 { top.insert(Int32(c), score: v) }
        }
        return top.sorted().map { (category: $0.item, score: $0.score) }
    }
}
