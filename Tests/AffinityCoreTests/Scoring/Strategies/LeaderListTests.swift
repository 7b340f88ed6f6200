import Testing

@testable import AffinityCore

/// `popular` and `trending` walk per-scope leader indexes kept current per event; they
/// must answer exactly what a full pass over the catalogue answers.
@Suite struct LeaderListTests {
    /// The full-pass answer: every item of `items` ranked by `scores`.
    static func fullPass(
        _ core: ScoringCore, _ scores: DecayedScores, _ request: RecommendationRequest, items: [Int32]? = nil
    ) -> [Int32] {
        let all = items ?? Array(0..<Int32(core.itemCount))
        return core.ranked(all, request, request.exclude) { c, i in
            let v = scores.normalized(i)
            c.popularity = v
            return v
        }.map(\.item)
    }

    /// `count` random events, skewed so low ids are popular (leaders and hot items both
    /// matter), in no channel or one of two.
    static func feed(
        _ core: ScoringCore, _ count: Int, items: Int, random: inout SplitMix64, time: inout Int64
    ) {
        for _ in 0..<count {
            let item = Int32(min(items - 1, Int(random.next() % UInt64(items)) / (1 + Int(random.next() % 8))))
            let channel: Int32? = random.next() % 3 == 0 ? nil : Int32(random.next() % 2)
            time += Int64(random.next() % 600)
            core.record(
                shopper: Int32(random.next() % 500), items: [item],
                kind: random.next() % 4 == 0 ? .purchase : .productView, timestamp: time, channel: channel)
        }
    }

    @Test("leader lists equal a full pass, per channel and globally, with filters, while events keep arriving")
    func leadersEqualAFullPass() {
        let core = ScoringCore()
        var random = SplitMix64(seed: 42)
        let items = 3_000  // more than a leader index holds
        var time: Int64 = 1_000
        func feed(_ count: Int) { Self.feed(core, count, items: items, random: &random, time: &time) }
        feed(20_000)
        for round in 0..<30 {
            feed(200)  // leaders change between requests: the indexes' hot sets are exercised
            for channel in [nil, 0, 1] as [Int32?] {
                for filter in 0..<3 {
                    let modulus = UInt32(filter == 2 ? 97 : 1 + filter)
                    let allowed: @Sendable (Int32) -> Bool = { UInt32($0) % modulus == 0 }
                    let exclude: Set<Int32> = round % 2 == 0 ? [0, 1, 2] : []
                    let count = [1, 10, 50][round % 3]
                    let popular = RecommendationRequest(
                        strategy: .popular(category: nil), count: count, channel: channel, exclude: exclude,
                        isAllowed: allowed)
                    let popularScores = channel.flatMap { core.channelPopularity[$0] } ?? core.popularity
                    #expect(
                        core.recommend(popular).map(\.item) == Self.fullPass(core, popularScores, popular),
                        "popular round \(round) channel \(channel as Any) filter \(filter)")
                    var trending = popular
                    trending.strategy = .trending(category: nil)
                    let trendingScores = channel.flatMap { core.channelTrending[$0] } ?? core.trending
                    #expect(
                        core.recommend(trending).map(\.item) == Self.fullPass(core, trendingScores, trending),
                        "trending round \(round) channel \(channel as Any) filter \(filter)")
                }
            }
        }
    }

    @Test("category leader lists equal a full pass over the category, while events and memberships change")
    func categoryLeadersEqualAFullPass() {
        let core = ScoringCore()
        var random = SplitMix64(seed: 7)
        let items = 9_000  // 3,000 per category: more than a leader index holds
        for item in 0..<items {
            core.setItemAttributes(Int32(item), categories: [Int32(item % 3)], brand: nil, tokens: [])
        }
        var time: Int64 = 1_000
        func feed(_ count: Int) { Self.feed(core, count, items: items, random: &random, time: &time) }
        feed(20_000)
        for round in 0..<20 {
            feed(300)
            if round % 5 == 4 {  // an item moves to another category
                let item = Int32(random.next() % UInt64(items))
                core.setItemAttributes(item, categories: [Int32(random.next() % 3)], brand: nil, tokens: [])
            }
            for category in Int32(0)..<3 {
                for channel in [nil, 0, 1] as [Int32?] {
                    for strategy in [Strategy.popular(category: category), .trending(category: category)] {
                        let sevenths: @Sendable (Int32) -> Bool = { $0 % 7 != 0 }
                        let filter = round % 2 == 0 ? nil : sevenths
                        let request = RecommendationRequest(
                            strategy: strategy, count: [1, 10, 50][round % 3], channel: channel, isAllowed: filter)
                        let trending: Bool
                        if case .trending = strategy { trending = true } else { trending = false }
                        let scores =
                            trending
                            ? (channel.flatMap { core.channelTrending[$0] } ?? core.trending)
                            : (channel.flatMap { core.channelPopularity[$0] } ?? core.popularity)
                        let members = core.content.items(inCategory: category)
                        #expect(
                            core.recommend(request).map(\.item) == Self.fullPass(core, scores, request, items: members),
                            "round \(round) category \(category) channel \(channel as Any) \(strategy)")
                    }
                }
            }
        }
    }

    @Test("trending is the asking channel's own; a channel without events falls back to the whole shop")
    func trendingPerChannel() {
        let core = ScoringCore()
        for shopper in Int32(0)..<5 {
            core.record(shopper: shopper, items: [1], kind: .productView, timestamp: 10, channel: 0)
        }
        for shopper in Int32(0)..<3 {
            core.record(shopper: shopper, items: [2], kind: .productView, timestamp: 10, channel: 1)
        }
        func top(_ channel: Int32?) -> [Int32] {
            core.recommend(RecommendationRequest(strategy: .trending(category: nil), count: 2, channel: channel))
                .map(\.item)
        }
        // The channel's leader first; items without events there follow with score 0.
        #expect(top(0) == [1, 2])
        #expect(top(1) == [2, 1])
        #expect(
            core.recommend(RecommendationRequest(strategy: .trending(category: nil), count: 2, channel: 1))
                .map(\.score) == [1, 0])
        #expect(top(nil) == [1, 2])
        #expect(top(9) == [1, 2])  // no events in channel 9
    }

    @Test("popular and trending within a category rank only that category's items, in the asking channel")
    func categoryScope() {
        let core = ScoringCore()
        core.setItemAttributes(1, categories: [7], brand: nil, tokens: [])
        core.setItemAttributes(2, categories: [7], brand: nil, tokens: [])
        core.setItemAttributes(3, categories: [8], brand: nil, tokens: [])
        for _ in 0..<4 { core.record(shopper: 1, items: [3], kind: .purchase, timestamp: 0, channel: 0) }
        core.record(shopper: 2, items: [1], kind: .productView, timestamp: 0, channel: 0)
        for _ in 0..<2 { core.record(shopper: 3, items: [2], kind: .productView, timestamp: 0, channel: 1) }
        for strategy in [Strategy.popular(category: 7), .trending(category: 7)] {
            #expect(core.recommend(RecommendationRequest(strategy: strategy, count: 5)).map(\.item) == [2, 1])
            #expect(
                core.recommend(RecommendationRequest(strategy: strategy, count: 5, channel: 0)).map(\.item) == [1, 2])
        }
    }

    @Test("pairwise similarity: content cosine of attribute vectors, vector cosine of the ALS model")
    func similarity() {
        let core = ScoringCore()
        core.setItemAttributes(1, categories: [1], brand: 5, tokens: [100, 101])
        core.setItemAttributes(2, categories: [1], brand: 5, tokens: [100, 101])
        core.setItemAttributes(3, categories: [2], brand: 6, tokens: [200])
        core.setItemAttributes(4, categories: [1], brand: 6, tokens: [100])
        #expect(abs(core.similarity(1, 2, by: .content) - 1) < 1e-5)
        #expect(core.similarity(1, 3, by: .content) == 0)
        let partial = core.similarity(1, 4, by: .content)
        #expect(partial > 0 && partial < 1)
        #expect(core.similarity(1, 99, by: .content) == 0)
        #expect(core.similarity(1, 2, by: .vectors) == 0)  // no model installed
        let stride = VectorMath.paddedStride(2)
        var factors = [Float](repeating: 0, count: 5 * stride)
        for (item, vector) in [(1, (1, 0)), (2, (2, 0)), (3, (0, 1)), (4, (-1, 0))] as [(Int, (Float, Float))] {
            factors[item * stride] = vector.0
            factors[item * stride + 1] = vector.1
        }
        core.install(
            model: ALSModel(factors: 2, itemCount: 5, regularization: 0.1, alpha: 1, itemFactors: factors))
        #expect(abs(core.similarity(1, 2, by: .vectors) - 1) < 1e-5)  // same direction
        #expect(core.similarity(1, 3, by: .vectors) == 0)  // orthogonal
        #expect(core.similarity(1, 4, by: .vectors) == 0)  // opposite: unrelated, not negative
    }
}
