extension BlendWeights {
    /// Six little-endian floats in declaration order.
    func write(to w: inout SnapshotWriter) {
        for v in [cooccurrence, sequence, vectors, popularity, recency, content] { w.f32(v) }
    }

    /// Rejects non-finite weights: a NaN would silently empty every list.
    static func read(from r: inout SnapshotReader, _ what: String) throws(ScoringCoreSnapshotError) -> BlendWeights {
        var v: [Float] = []
        for _ in 0..<6 {
            let x = try r.f32(what)
            guard x.isFinite else { throw .corrupt("\(what) holds a non-finite weight") }
            v.append(x)
        }
        return BlendWeights(
            cooccurrence: v[0], sequence: v[1], vectors: v[2], popularity: v[3], recency: v[4], content: v[5])
    }
}

extension BlendConfig {
    /// Every strategy's weights, in `CodingKeys` order, so a restored core answers
    /// with exactly the blends that were installed when the snapshot was taken.
    func write(to w: inout SnapshotWriter) {
        for b in [forYou, forYouReturning, similarItems, frequentlyBoughtTogether, rerank] { b.write(to: &w) }
    }

    /// Reads what `write(to:)` wrote.
    static func read(from r: inout SnapshotReader) throws(ScoringCoreSnapshotError) -> BlendConfig {
        var c = BlendConfig()
        c.forYou = try BlendWeights.read(from: &r, "installed for_you blend")
        c.forYouReturning = try BlendWeights.read(from: &r, "installed for_you_returning blend")
        c.similarItems = try BlendWeights.read(from: &r, "installed similar_items blend")
        c.frequentlyBoughtTogether = try BlendWeights.read(from: &r, "installed frequently_bought_together blend")
        c.rerank = try BlendWeights.read(from: &r, "installed rerank blend")
        return c
    }
}
