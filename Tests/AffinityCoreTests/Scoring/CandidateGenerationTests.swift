import Testing

@testable import AffinityCore

@Suite struct CandidateGenerationTests {
    /// Item factors drawn around `clusters` random centres (latent "genres"), as ALS
    /// factors of a real catalogue are; seeded.
    static func clusteredModel(items: Int, factors: Int = 16, clusters: Int = 24, seed: UInt64 = 7) -> ALSModel {
        var rng = SplitMix64(seed: seed)
        func gaussian() -> Float {  // Irwin–Hall: close enough to normal for test data
            (0..<4).reduce(Float(-2)) { a, _ in a + rng.nextUnitFloat() } * 1.7
        }
        let stride = VectorMath.paddedStride(factors)
        let centres = (0..<clusters * factors).map { _ in gaussian() }
        var y = [Float](repeating: 0, count: items * stride)
        for i in 0..<items {
            let c = Int(rng.next() % UInt64(clusters))
            for d in 0..<factors { y[i * stride + d] = centres[c * factors + d] + 0.4 * gaussian() }
        }
        return ALSModel(factors: factors, itemCount: items, regularization: 1, alpha: 1, itemFactors: y)
    }

    /// Exact top-`k` items by `u · y`.
    static func exactTop(_ model: ALSModel, _ u: [Float], _ k: Int) -> Set<Int32> {
        var top = TopK(k: k)
        var scores = [Float](repeating: 0, count: model.itemCount)
        model.scoreAll(user: u, into: &scores)
        for (i, v) in scores.enumerated() { top.insert(Int32(i), score: v) }
        return Set(top.sorted().map(\.item))
    }

    @Test func coarseQuantiserRecallAgainstExactScoring() {
        let model = Self.clusteredModel(items: 3_000)
        let index = VectorIndex(model: model)
        #expect(index.members.count == 3_000 && Set(index.members).count == 3_000, "a partition of the items")
        var found = 0, total = 0
        for q in 0..<50 {
            // A user who liked a few items: their fold-in vector.
            let liked = (0..<5).map { Int32(($0 * 977 + q * 131) % 3_000) }
            let u = model.foldIn(items: liked, weights: [Float](repeating: 3, count: liked.count))
            let exact = Self.exactTop(model, u, 10)
            var probed = TopK(k: 10)
            var visited = 0
            index.probe(user: u, budget: 300) { item, v in
                probed.insert(item, score: v)
                visited += 1
            }
            #expect(visited >= 300 && visited < 3_000, "bounded work: whole clusters up to the budget")
            found += exact.intersection(probed.sorted().map(\.item)).count
            total += exact.count
        }
        let recall = Double(found) / Double(total)
        #expect(recall >= 0.9, "top-10 recall of a 10% probe: \(recall)")
    }

    /// A shop of `items` items in categories of 20 with attributes, sessions inside a
    /// category, and an installed model over those items.
    static func shop(items: Int, _ core: ScoringCore) {
        for i in 0..<Int32(items) { core.setItemAttributes(i, categories: [i / 20], brand: i % 7, tokens: []) }
        var t: Int64 = 1_000
        for s in Int32(0)..<Int32(items / 4) {
            let base = (s * 37) % Int32(items)
            for k in Int32(0)..<6 {
                let item = k % 3 == 2 ? (s * 11 + k) % 50 : (base / 20 * 20 + (s + k * 7) % 20) % Int32(items)
                core.record(
                    shopper: s, items: [item], kind: k == 5 ? .purchase : .productView, timestamp: t, channel: nil)
                t += 5
            }
        }
        core.install(model: Self.clusteredModel(items: items))
    }

    @Test func candidateScoringEqualsExhaustiveWhenCandidatesCoverEverything() {
        var everyNeighbour = ModelConfig()
        everyNeighbour.cooccurrence.candidateFloor = 0  // every neighbour makes a candidate
        let exhaustive = ScoringCore(), candidates = ScoringCore(config: everyNeighbour)
        candidates.candidateIndexes.exhaustiveVectorLimit = 0  // always build the index
        candidates.candidateIndexes.vectorBudget = 10_000  // a probe then visits every item
        candidates.candidateIndexes.vectorCandidates = 10_000  // and makes each a candidate
        Self.shop(items: 600, exhaustive)
        Self.shop(items: 600, candidates)
        #expect(exhaustive.candidateIndexes.vectors == nil)
        #expect(candidates.candidateIndexes.vectors != nil)
        for s in Int32(0)..<40 {
            let rerank = Strategy.rerank(candidates: (0..<30).map { ($0 * 53 + s) % 600 })
            for strategy: Strategy in [.forYou, .similarItems(item: s * 3), .cooccurrence, rerank] {
                let r = RecommendationRequest(strategy: strategy, shopper: s, count: 10, exclude: [s])
                #expect(exhaustive.recommend(r) == candidates.recommend(r), "shopper \(s) \(strategy)")
            }
        }
    }

    @Test func candidateScoringStaysCloseToExhaustiveOnABoundedProbe() {
        let exhaustive = ScoringCore(), candidates = ScoringCore()
        candidates.candidateIndexes.exhaustiveVectorLimit = 0
        candidates.candidateIndexes.vectorBudget = 150  // a quarter of the catalogue
        Self.shop(items: 600, exhaustive)
        Self.shop(items: 600, candidates)
        var same = 0, total = 0
        for s in Int32(0)..<60 {
            let r = RecommendationRequest(strategy: .forYou, shopper: s, count: 10)
            let a = exhaustive.recommend(r), b = candidates.recommend(r)
            #expect(b.count == 10, "lists stay full")
            same += Set(a.map(\.item)).intersection(b.map(\.item)).count
            total += a.count
        }
        #expect(Double(same) / Double(total) >= 0.9, "overlap \(same)/\(total)")
    }

    @Test func popularityLeadersStayExactUnderUpdatesAndExclusions() {
        let core = ScoringCore()
        var t: Int64 = 1_000
        var rng = SplitMix64(seed: 3)
        func event() {
            let item = Int32(rng.next() % 1_500) % Int32(1 + rng.next() % 1_500)
            core.record(shopper: Int32(rng.next() % 500), items: [item], kind: .productView, timestamp: t, channel: nil)
            t += 1
        }
        for _ in 0..<6_000 { event() }
        core.candidateIndexes.popularity = PopularityIndex(size: 64)
        for round in 0..<30 {
            for _ in 0..<(round * 37) { event() }  // hot items, and rebuilds once too many are hot
            let excluded = Set((0..<Int32(round * 3)).map { $0 * 2 })  // knocks out leaders
            let r = RecommendationRequest(
                strategy: .forYou, shopper: nil, count: 10, exclude: excluded, blend: BlendWeights(popularity: 1))
            let expected = (0..<Int32(core.itemCount)).filter { core.known[Int($0)] && !excluded.contains($0) }
                .sorted {
                    let a = core.popularity.normalized($0), b = core.popularity.normalized($1)
                    let x = a + 1e-4 * a, y = b + 1e-4 * b  // the blend's score, tie-breaker included
                    return x > y || (x == y && $0 < $1)
                }.prefix(10)
            #expect(core.recommend(r).map(\.item) == Array(expected), "round \(round)")
        }
    }
}
