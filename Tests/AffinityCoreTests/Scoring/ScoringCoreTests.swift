import Testing

@testable import AffinityCore

@Suite struct ScoringCoreTests {
    /// Shoppers 0–9 view 0 → 1 → 2 in that order; item 3 is bought by everyone
    /// (popular but unrelated to sequences).
    static func sequentialCore(_ config: ModelConfig = ModelConfig()) -> ScoringCore {
        let core = ScoringCore(config: config)
        var t: Int64 = 1_000
        for s in Int32(0)..<10 {
            for item in [Int32(0), 1, 2] {
                core.record(shopper: s, items: [item], kind: .productView, timestamp: t, channel: nil)
                t += 10
            }
            core.record(shopper: s + 100, items: [3], kind: .purchase, timestamp: t, channel: nil)
        }
        return core
    }

    @Test func sequenceRecommendsWhatComesNext() {
        let core = Self.sequentialCore()
        core.record(shopper: 50, items: [1], kind: .productView, timestamp: 9_000, channel: nil)
        let recs = core.recommend(RecommendationRequest(strategy: .forYou, shopper: 50, count: 3))
        #expect(recs.first?.item == 2, "what others view next after 1")
        #expect(recs.first?.seed == 1)
        #expect(recs.first!.contributions.sequence > 0)
        #expect(Set(recs.map(\.item)).count == recs.count, "deduplicated")
    }

    @Test func returningShoppersLeanOnPopularity() {
        let core = Self.sequentialCore()
        core.record(shopper: 50, items: [1], kind: .productView, timestamp: 9_000, channel: nil)
        let live = core.recommend(RecommendationRequest(strategy: .forYou, shopper: 50, count: 1, now: 9_060))
        #expect(live.map(\.item) == [2], "a minute later the session continues: what comes next")
        let back = core.recommend(
            RecommendationRequest(strategy: .forYou, shopper: 50, count: 1, now: 9_000 + 30 * 86_400))
        #expect(back.map(\.item) == [3], "a month later: what is popular now")
        let cart = core.recommend(
            RecommendationRequest(strategy: .forYou, shopper: 50, count: 1, contextItems: [1], now: 9_000 + 30 * 86_400)
        )
        #expect(cart.map(\.item) == [2], "context items make the session live again")
    }

    @Test func anonymousAndUnknownShoppersGetPopularity() {
        let core = Self.sequentialCore()
        let recs = core.recommend(RecommendationRequest(strategy: .forYou, shopper: nil, count: 2))
        #expect(recs.first?.item == 3)
        #expect(recs.count == 2)
        #expect(core.recommend(RecommendationRequest(strategy: .popular(category: nil), count: 1)).map(\.item) == [3])
    }

    @Test func exclusionsFiltersAndFill() {
        let core = Self.sequentialCore()
        core.record(shopper: 50, items: [1], kind: .productView, timestamp: 9_000, channel: nil)
        core.record(shopper: 50, items: [3], kind: .purchase, timestamp: 9_001, channel: nil)
        let r = RecommendationRequest(
            strategy: .forYou, shopper: 50, count: 10, exclude: [2], excludePurchased: true,
            isAllowed: { $0 != 0 })
        let items = core.recommend(r).map(\.item)
        #expect(items == [1], "2 excluded, 3 purchased, 0 disallowed: only 1 is left, and it is filled in")
    }

    @Test func similarAndBoughtTogetherUseItemEvidence() {
        let core = ScoringCore()
        for s in Int32(0)..<5 {
            core.record(shopper: s, items: [10, 11], kind: .purchase, timestamp: 100 + Int64(s), channel: nil)
            core.record(shopper: s + 10, items: [12], kind: .purchase, timestamp: 200, channel: nil)
        }
        let fbt = core.recommend(RecommendationRequest(strategy: .frequentlyBoughtTogether(items: [10]), count: 1))
        #expect(fbt.map(\.item) == [11])
        let sim = core.recommend(RecommendationRequest(strategy: .similarItems(item: 11), count: 2))
        #expect(sim.first?.item == 10 && !sim.contains { $0.item == 11 })
    }

    @Test func othersAlsoViewedAndRecentlyViewed() {
        let core = Self.sequentialCore()
        let also = core.recommend(RecommendationRequest(strategy: .othersAlsoViewed(item: 0), count: 2))
        #expect(Set(also.map(\.item)) == [1, 2])
        core.record(shopper: 60, items: [2], kind: .productView, timestamp: 1, channel: nil)
        core.record(shopper: 60, items: [0], kind: .productView, timestamp: 2, channel: nil)
        core.record(shopper: 60, items: [2], kind: .productView, timestamp: 3, channel: nil)
        core.record(shopper: 60, items: [3], kind: .purchase, timestamp: 4, channel: nil)
        let rv = core.recommend(RecommendationRequest(strategy: .recentlyViewed, shopper: 60, count: 5))
        #expect(rv.map(\.item) == [2, 0])
    }

    @Test func buyAgainRanksRepeatPurchases() {
        let core = ScoringCore()
        core.record(shopper: 1, items: [5], kind: .purchase, timestamp: 10, channel: nil)
        core.record(shopper: 1, items: [6], kind: .purchase, timestamp: 20, channel: nil)
        core.record(shopper: 1, items: [6], kind: .purchase, timestamp: 30, channel: nil)
        core.record(shopper: 1, items: [7], kind: .productView, timestamp: 40, channel: nil)
        let r = core.recommend(RecommendationRequest(strategy: .buyAgain, shopper: 1, count: 5, excludePurchased: true))
        #expect(r.map(\.item) == [6, 5])
    }

    @Test func trendingPerCategoryAndChannelPopularity() {
        let core = ScoringCore()
        core.setItemAttributes(1, categories: [7], brand: nil, tokens: [])
        core.setItemAttributes(2, categories: [7], brand: nil, tokens: [])
        core.setItemAttributes(3, categories: [8], brand: nil, tokens: [])
        core.record(shopper: 1, items: [3], kind: .purchase, timestamp: 0, channel: 1)
        core.record(shopper: 1, items: [3], kind: .purchase, timestamp: 0, channel: 1)
        core.record(shopper: 2, items: [1], kind: .productView, timestamp: 0, channel: 2)
        core.record(shopper: 3, items: [2], kind: .purchase, timestamp: 0, channel: 2)
        let t = core.recommend(RecommendationRequest(strategy: .trending(category: 7), count: 5))
        #expect(t.map(\.item) == [2, 1])
        let ch = core.recommend(RecommendationRequest(strategy: .popular(category: nil), count: 1, channel: 2))
        #expect(ch.map(\.item) == [2])
        #expect(core.recommend(RecommendationRequest(strategy: .popular(category: nil), count: 1)).map(\.item) == [3])
        // Category 8: two purchases (10); category 7: a view and a purchase (6).
        #expect(core.trendingCategories(count: 5).map(\.category) == [8, 7])
    }

    @Test func popularityDecaysWithEventTime() {
        let core = ScoringCore()
        let day: Int64 = 86_400
        for _ in 0..<3 { core.record(shopper: 1, items: [1], kind: .purchase, timestamp: 0, channel: nil) }
        core.record(shopper: 2, items: [2], kind: .purchase, timestamp: 90 * day, channel: nil)
        // Three purchases 90 days (three 30-day half-lives) ago weigh 3/8 of one today.
        #expect(
            core.recommend(RecommendationRequest(strategy: .popular(category: nil), count: 2)).map(\.item) == [2, 1])
        #expect(core.recommend(RecommendationRequest(strategy: .trending(category: nil), count: 1)).map(\.item) == [2])
    }

    @Test func contentReachesColdItems() {
        let core = ScoringCore()
        core.setItemAttributes(1, categories: [1], brand: 5, tokens: [100, 101])
        core.setItemAttributes(2, categories: [1], brand: 5, tokens: [100])  // cold twin of 1
        core.setItemAttributes(3, categories: [2], brand: 6, tokens: [200])
        core.record(shopper: 9, items: [3], kind: .purchase, timestamp: 0, channel: nil)
        core.record(shopper: 9, items: [3], kind: .purchase, timestamp: 1, channel: nil)
        let sim = core.recommend(RecommendationRequest(strategy: .similarItems(item: 1), count: 1))
        #expect(sim.map(\.item) == [2])
        #expect(sim.first!.contributions.content > 0)
    }

    @Test func mergeInterleavesHistoriesAndFollowsAliases() {
        let core = Self.sequentialCore()
        core.record(shopper: 70, items: [0], kind: .productView, timestamp: 5, channel: nil)  // anonymous
        core.record(shopper: 71, items: [2], kind: .productView, timestamp: 7, channel: nil)  // logged in
        core.record(shopper: 70, items: [1], kind: .productView, timestamp: 6, channel: nil)
        core.mergeShopper(70, into: 71)
        #expect(core.canonical(70) == 71)
        core.record(shopper: 70, items: [3], kind: .productView, timestamp: 8, channel: nil)  // still reaches 71
        let rv = core.recommend(RecommendationRequest(strategy: .recentlyViewed, shopper: 71, count: 10))
        #expect(rv.map(\.item) == [3, 2, 1, 0])
        let viaAlias = core.recommend(RecommendationRequest(strategy: .recentlyViewed, shopper: 70, count: 10))
        #expect(viaAlias.map(\.item) == [3, 2, 1, 0])
    }

    @Test func rerankKeepsOnlyCandidates() {
        let core = Self.sequentialCore()
        core.record(shopper: 50, items: [1], kind: .productView, timestamp: 9_000, channel: nil)
        let r = core.recommend(
            RecommendationRequest(strategy: .rerank(candidates: [3, 2, 2, 99]), shopper: 50, count: 10))
        #expect(r.map(\.item) == [2, 3])
    }

    @Test func vectorsFromAnInstalledModel() {
        let core = ScoringCore()
        let m = ALSTests.blockMatrix()
        for u in 0..<m.rows {
            for e in m.rowStart[u]..<m.rowStart[u + 1] {
                core.record(
                    shopper: Int32(u), items: [m.columnIndex[e]], kind: .purchase, timestamp: Int64(e), channel: nil)
            }
        }
        core.install(model: ALSTests.trained())
        core.record(shopper: 500, items: [12], kind: .productView, timestamp: 10_000, channel: nil)
        let recs = core.recommend(RecommendationRequest(strategy: .vectors, shopper: 500, count: 5, exclude: [12]))
        #expect(recs.count == 5)
        #expect(recs.allSatisfy { $0.item >= 10 && $0.contributions.vectors > 0 })
        let matrix = core.trainingMatrix()
        #expect(matrix.nonZeroCount == m.nonZeroCount + 1)
    }

    @Test("link: the first link carries the anonymous history; a re-link moves nothing; no user is merged")
    func linkingNeverMergesUsers() {
        let core = ScoringCore()
        let (a, b, device) = (Int32(1), Int32(2), Int32(10))
        core.record(shopper: device, items: [100], kind: .productView, timestamp: 10, channel: nil)  // before login
        core.link(anonymous: device, to: a)
        core.record(shopper: a, items: [101], kind: .purchase, timestamp: 20, channel: nil)
        core.record(shopper: device, items: [102], kind: .productView, timestamp: 30, channel: nil)  // A's session
        core.link(anonymous: device, to: b)  // B logs in on the same device
        core.record(shopper: device, items: [200], kind: .productView, timestamp: 40, channel: nil)  // B's now
        func viewed(_ shopper: Int32) -> [Int32] {
            core.recommend(RecommendationRequest(strategy: .recentlyViewed, shopper: shopper, count: 10)).map(\.item)
        }
        #expect(viewed(a) == [102, 100])
        #expect(viewed(b) == [200])
        #expect(core.recommend(RecommendationRequest(strategy: .buyAgain, shopper: b, count: 10)).isEmpty)
        #expect(core.canonical(device) == b)
        #expect(core.canonical(a) == a)
        #expect(core.firstLinkedAnonymous(of: a) == device)
        #expect(core.firstLinkedAnonymous(of: b) == device)
        core.link(anonymous: device, to: b)  // the same link again changes nothing
        #expect(viewed(b) == [200])
        core.forget(b)
        #expect(viewed(b) == [])
        #expect(core.canonical(device) == device)  // the device no longer points at the forgotten user
        #expect(viewed(a) == [102, 100])
    }
}
