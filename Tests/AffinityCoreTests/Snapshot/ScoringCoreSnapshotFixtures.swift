@testable import AffinityCore

/// Deterministic, realistic event streams and an exhaustive output comparison for
/// the snapshot tests: every strategy, several shoppers, with and without `now`.
enum SnapshotFixtures {
    /// Small caps and windows so pruning, history trimming and decay re-anchoring
    /// all happen within a few hundred events (the paths most likely to diverge).
    static func config() -> ModelConfig {
        var c = ModelConfig()
        c.eventWeights["wishlist"] = 2
        c.history.window = 6
        c.cooccurrence.window = 4
        c.cooccurrence.maxNeighbours = 3
        c.popularity.halfLifeSeconds = 40
        c.popularity.trendingHalfLifeSeconds = 10
        c.als.factors = 4
        c.als.iterations = 3
        return c
    }

    static let kinds: [EventKind] = [
        .productView, .productView, .productView, .listView, .search, .recClick, .recImpression,
        .addToCart, .removeFromCart, .purchase, .purchase, "wishlist",
    ]

    /// Feeds `events` pseudo-random events (seeded) into every core in `cores`,
    /// interleaving baskets, listings, channels, attribute updates and merges, so
    /// the cores receive exactly the same calls.
    static func feed(_ cores: [ScoringCore], seed: UInt64, events: Int, start: Int64) {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var t = start
        for n in 0..<events {
            t += Int64(pick(30))
            let shopper = Int32(pick(24))
            let kind = kinds[pick(kinds.count)]
            var items = [Int32(pick(40))]
            if kind == .listView || kind == .search || (kind == .purchase && pick(3) == 0) {
                for _ in 0..<(1 + pick(3)) { items.append(Int32(pick(40))) }
            }
            let channel: Int32? = [nil, 1, 2][pick(3)]
            for core in cores {
                core.record(shopper: shopper, items: items, kind: kind, timestamp: t, channel: channel)
            }
            if n % 37 == 5 {
                let item = Int32(pick(48))
                let cats = [Int32(pick(5)), Int32(pick(5))]
                let brand: Int32? = pick(2) == 0 ? Int32(pick(3)) : nil
                let tokens = [Int32(pick(8)), Int32(pick(8)), Int32(pick(8))]
                for core in cores { core.setItemAttributes(item, categories: cats, brand: brand, tokens: tokens) }
            }
            if n % 53 == 11 {
                let (from, into) = (Int32(pick(30)), Int32(pick(30)))
                for core in cores { core.mergeShopper(from, into: into) }
            }
        }
    }

    /// A core with shoppers, merges (including into a never-seen id), channels,
    /// attributes of cold items, baskets, an installed ALS model and installed blends.
    static func richCore() -> ScoringCore {
        let core = ScoringCore(config: config())
        for item in Int32(40)..<Int32(44) {
            core.setItemAttributes(item, categories: [item % 5], brand: 1, tokens: [item % 8, 7])
        }
        feed([core], seed: 11, events: 600, start: 1_000)
        core.mergeShopper(3, into: 4)
        core.mergeShopper(5, into: 4)
        core.mergeShopper(6, into: 90)  // target slot beyond every recorded shopper
        core.link(anonymous: 20, to: 21)
        core.link(anonymous: 20, to: 22)  // a shared device, re-linked
        core.record(shopper: 7, items: [1, 2, 3], kind: .purchase, timestamp: core.latestTimestamp + 5, channel: 1)
        var als = core.config.als
        als.seed = 7
        core.install(model: ALSTrainer(config: als).train(core.trainingMatrix()))
        var tuned = core.config.blend
        tuned.forYou = BlendWeights(cooccurrence: 0.3, sequence: 0.1, vectors: 1, popularity: 0.2, content: 0.05)
        core.install(blend: tuned)
        return core
    }

    /// Every strategy for each probe shopper (plus anonymous), as comparable values.
    static func outputs(_ core: ScoringCore) -> [String] {
        var out: [String] = []
        let t = core.latestTimestamp
        let shoppers: [Int32?] = [nil, 0, 3, 4, 7, 12, 23, 90, 500]
        let strategies: [Strategy] = [
            .forYou, .similarItems(item: 1), .similarItems(item: 41), .frequentlyBoughtTogether(items: [1, 2]),
            .othersAlsoViewed(item: 3), .trending(category: nil), .trending(category: 2), .recentlyViewed, .buyAgain,
            .rerank(candidates: [5, 1, 9, 30, 41, 2]), .popular(category: nil), .popular(category: 2), .vectors,
            .cooccurrence,
        ]
        for s in shoppers {
            for strategy in strategies {
                for channel in [nil, 1] as [Int32?] {
                    let r = RecommendationRequest(strategy: strategy, shopper: s, count: 8, channel: channel)
                    out.append("\(s as Any) \(strategy) \(channel as Any): \(core.recommend(r))")
                }
            }
            for now in [t, t + 60, t + 100_000] {
                let r = RecommendationRequest(strategy: .forYou, shopper: s, count: 8, now: now)
                out.append("\(s as Any) forYou now \(now): \(core.recommend(r))")
            }
            let purchased = RecommendationRequest(
                strategy: .forYou, shopper: s, count: 8, excludePurchased: true, contextItems: [2, 41])
            out.append("\(s as Any) forYou context: \(core.recommend(purchased))")
            out.append("canonical \(s as Any): \(s.map { core.canonical($0) } as Any)")
        }
        out.append("categories: \(core.trendingCategories(count: 5))")
        out.append("items \(core.itemCount) latest \(core.latestTimestamp)")
        return out
    }
}
