extension ScoringCore {
    /// How two items are compared when a list is diversified.
    public enum SimilarityMeasure: Sendable {
        /// Cosine of the installed ALS item vectors ("bought by the same people").
        case vectors
        /// Cosine of the TF-IDF attribute vectors (categories, brand, title words, tags).
        case content
    }

    /// The similarity of two items under `measure`, in [0, 1] (negative cosines count
    /// as unrelated); 0 when either item has no vector or no attributes. Used by MMR
    /// diversification, which calls it a few thousand times per list at most.
    public func similarity(_ a: Int32, _ b: Int32, by measure: SimilarityMeasure) -> Float {
        guard a >= 0, b >= 0 else { return 0 }
        switch measure {
        case .vectors:
            guard let model, Int(a) < model.itemCount, Int(b) < model.itemCount else { return 0 }
            let f = model.stride
            return model.itemFactors.withUnsafeBufferPointer { y in
                let pa = y.baseAddress! + Int(a) * f, pb = y.baseAddress! + Int(b) * f
                let na = VectorMath.dot(pa, pa, f), nb = VectorMath.dot(pb, pb, f)
                guard na > 0, nb > 0 else { return 0 }
                return max(0, min(1, VectorMath.dot(pa, pb, f) / (na * nb).squareRoot()))
            }
        case .content:
            return content.cosine(a, b)
        }
    }
}

extension ContentIndex {
    /// Cosine of two items' TF-IDF vectors (both sorted by feature key), in [0, 1].
    func cosine(_ a: Int32, _ b: Int32) -> Float {
        guard Int(a) < features.count, Int(b) < features.count else { return 0 }
        let fa = features[Int(a)], fb = features[Int(b)]
        guard !fa.isEmpty, !fb.isEmpty else { return 0 }
        var i = 0, j = 0
        var dot: Float = 0
        while i < fa.count && j < fb.count {
            if fa[i].key == fb[j].key {
                let idf = inverseFrequency(fa[i].key)
                dot += fa[i].weight * fb[j].weight * idf * idf
                i += 1
                j += 1
            } else if fa[i].key < fb[j].key {
                i += 1
            } else {
                j += 1
            }
        }
        let norm = vectorNorm(a) * vectorNorm(b)
        return norm > 0 ? min(1, dot / norm) : 0
    }
}
