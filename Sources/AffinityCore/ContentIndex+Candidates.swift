extension ContentIndex {
    /// IDF of feature `key`: ln(1 + items with attributes / document frequency).
    @inline(__always)
    func inverseFrequency(_ key: Int64) -> Float {
        let df = Double(postings[key]?.count ?? 0)
        guard df > 0 else { return 0 }
        return Float(Math.ln(1 + Double(itemsWithAttributes) / df))
    }

    /// The Euclidean norm of `item`'s TF-IDF vector (0 without attributes).
    func vectorNorm(_ item: Int32) -> Float {
        guard item >= 0, Int(item) < features.count else { return 0 }
        var s: Float = 0
        for (k, w) in features[Int(item)] {
            let v = w * inverseFrequency(k)
            s += v * v
        }
        return s.squareRoot()
    }

    /// Adds Σ seedWeight·cos(seed, candidate) to the `content` evidence of every
    /// candidate sharing a feature with a seed (making it a candidate of `s`). Seeds
    /// themselves are skipped as candidates. Same sums in the same order as
    /// `accumulate(seeds:into:)`, with norms from `norms` and no per-request
    /// dictionary; expects no content evidence in `s` yet.
    func accumulate(seeds: [(item: Int32, weight: Float)], into s: inout ScoreScratch, norms: inout ContentNormCache) {
        let limit = s.itemCapacity
        for (seed, sw) in seeds where seed >= 0 && Int(seed) < features.count && !features[Int(seed)].isEmpty {
            let sn = norms.norm(seed, in: self)
            guard sn > 0 else { continue }
            for (k, w) in features[Int(seed)] {
                guard let list = postings[k], list.count <= config.maxPostings else { continue }
                let q = inverseFrequency(k)
                let contribution = sw * w * q * q / sn
                for c in list where c != seed && Int(c) < limit { s.candidates[s.slot(c)].content += contribution }
            }
        }
        for k in s.candidates.indices where s.candidates[k].content != 0 {
            let cn = norms.norm(s.candidates[k].item, in: self)
            s.candidates[k].content = cn > 0 ? s.candidates[k].content / cn : 0
        }
    }
}
