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

    /// One seed feature's contribution to every other item on its posting list.
    struct Contribution {
        var seed: Int32
        var postings: [Int32]
        var value: Float
    }

    /// Every (seed, usable feature) pair with its contribution seedWeight·w·idf²/|seed|,
    /// computed once per request and shared by the evidence passes.
    func contributions(seeds: [(item: Int32, weight: Float)], norms: inout ContentNormCache) -> [Contribution] {
        var out: [Contribution] = []
        for (seed, sw) in seeds where seed >= 0 && Int(seed) < features.count && !features[Int(seed)].isEmpty {
            let sn = norms.norm(seed, in: self)
            guard sn > 0 else { continue }
            for (k, w) in features[Int(seed)] {
                guard let list = postings[k], list.count <= config.maxPostings else { continue }
                let q = inverseFrequency(k)
                out.append(Contribution(seed: seed, postings: list, value: sw * w * q * q / sn))
            }
        }
        return out
    }

    /// Adds Σ seedWeight·w·idf²/|seed| to the `content` evidence of every item on a
    /// contribution's posting list (making it a candidate of `s`), seeds themselves
    /// excepted; `finishContent` then divides by the items' norms, giving
    /// Σ seedWeight·cos(seed, candidate).
    /// Passes follow `EvidencePass`; with `.strong`/`.weak` the floor is a
    /// fraction of the largest contribution; whole posting lists are strong or weak,
    /// since every item on one gets the same contribution. Call `finishContent` once
    /// all passes ran.
    func accumulate(_ contributions: [Contribution], into s: inout ScoreScratch, pass: EvidencePass) {
        let limit = s.itemCapacity
        let floor = pass.floor * contributions.reduce(0) { max($0, $1.value) }
        for c in contributions {
            switch pass {
            case .all:
                for i in c.postings where i != c.seed && Int(i) < limit { s.candidates[s.slot(i)].content += c.value }
            case .strong:
                guard c.value >= floor else { continue }
                for i in c.postings where i != c.seed && Int(i) < limit { s.candidates[s.slot(i)].content += c.value }
            case .weak:
                guard c.value < floor else { continue }
                s.withExisting { x in
                    for i in c.postings where i != c.seed && Int(i) < limit {
                        if let k = x.slot(of: i) { x.candidates[k].content += c.value }
                    }
                }
            }
        }
    }

    /// Divides each candidate's summed content evidence by its norm (cosine).
    func finishContent(_ s: inout ScoreScratch, norms: inout ContentNormCache) {
        s.withExisting { x in
            for k in x.candidates.indices where x.candidates[k].content != 0 {
                let cn = norms.norm(x.candidates[k].item, in: self)
                x.candidates[k].content = cn > 0 ? x.candidates[k].content / cn : 0
            }
        }
    }
}
