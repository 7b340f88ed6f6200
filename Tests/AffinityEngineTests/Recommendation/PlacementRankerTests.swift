import AffinityCore
import AffinityEngine
import Testing

/// A small catalog for the pure pipeline: dense id = index.
private struct Shelf {
    var products: [Product]

    static func item(
        _ id: String, category: String = "shoes", brand: String = "Acme", tags: [String] = [], price: Int64 = 1000,
        created: String? = nil, available: Int = 5
    ) -> Product {
        Product(
            id: id, title: "Title \(id)", categories: [category], brand: brand, tags: tags, createdAt: created,
            prices: [Price(channel: "web", amountMinor: price, currency: "EUR")], stock: Stock(available: available))
    }

    func ranker(_ placement: Placement, context: PlacementContext = .init(now: testNow), servable: Set<Int32>? = nil)
        -> PlacementRanker
    {
        let products = self.products
        return PlacementRanker(
            placement: placement, context: context,
            product: { Int($0) < products.count ? products[Int($0)] : nil },
            denseID: { id in products.firstIndex { $0.id == id }.map(Int32.init) },
            isServable: { servable?.contains($0) ?? (Int($0) < products.count) })
    }

    /// Candidates in id order with descending scores 1.0, 0.9, …
    var candidates: [ScoredItem] {
        products.indices.map { ScoredItem(item: Int32($0), score: 1 - Float($0) / 10) }
    }
}

private func ids(_ list: RankedList) -> [Int32] { list.items.map(\.scored.item) }

private let web = Channel(id: "web", kind: "web", currency: "EUR", locale: "de-DE")

@Suite("Placement ranker")
struct PlacementRankerTests {
    private let shelf = Shelf(products: (0..<6).map { Shelf.item("P\($0)") })

    @Test func plainListKeepsCoreOrderAndCount() {
        let list = shelf.ranker(Placement(strategy: .forYou, count: 4)).rank(shelf.candidates)
        #expect(ids(list) == [0, 1, 2, 3])
        #expect(list.removed.isEmpty)
    }

    @Test func boostMovesUpAndBuryMovesDownByTheFactor() {
        var shelf = self.shelf
        shelf.products[3] = Shelf.item("P3", brand: "House")
        shelf.products[0] = Shelf.item("P0", tags: ["clearance"])
        let placement = Placement(
            strategy: .forYou, count: 6, boosts: [Adjustment(when: Condition(brands: ["House"]), factor: 2)],
            buries: [Adjustment(when: Condition(tags: ["clearance"]), factor: 0.4)])
        let list = shelf.ranker(placement).rank(shelf.candidates)
        #expect(ids(list) == [3, 1, 2, 4, 5, 0])
        #expect(list.items[0].scored.score == 0.7 * 2)
        #expect(list.items[0].rules == [RuleEffect(rule: "boosts[0]", effect: "boosted", factor: 2)])
        #expect(list.items[5].scored.score == 1 * 0.4)
        #expect(list.items[5].rules == [RuleEffect(rule: "buries[0]", effect: "buried", factor: 0.4)])
    }

    @Test func sameAsContextComparesWithTheViewedProduct() {
        var shelf = self.shelf
        shelf.products[4] = Shelf.item("P4", category: "bags")
        shelf.products[5] = Shelf.item("P5", category: "bags")
        let placement = Placement(
            strategy: .similarItems, count: 3,
            boosts: [Adjustment(when: Condition(sameAsContext: [.category]), factor: 3)])
        let list = shelf.ranker(placement, context: PlacementContext(now: testNow, contextItem: 5))
            .rank(Array(shelf.candidates.prefix(5)))
        #expect(ids(list) == [4, 0, 1])
    }

    @Test func pinLandsAtItsPositionOnlyInItsChannelAndWindow() {
        let from = testNow - 1000
        let until = testNow + 1000
        let pin = Pin(productID: "P5", position: 2, channels: ["web"], from: from, until: until)
        let placement = Placement(strategy: .forYou, count: 4, pins: [pin])
        let inWindow = shelf.ranker(placement, context: PlacementContext(channel: web, now: testNow))
        let list = inWindow.rank(shelf.candidates)
        #expect(ids(list) == [0, 5, 1, 2])
        #expect(list.items[1].rules == [RuleEffect(rule: "pins[0]", effect: "pinned")])
        let app = Channel(id: "app", kind: "app", currency: "USD", locale: "en-US")
        #expect(
            ids(shelf.ranker(placement, context: .init(channel: app, now: testNow)).rank(shelf.candidates)) == [
                0, 1, 2, 3,
            ])
        #expect(
            ids(shelf.ranker(placement, context: .init(channel: web, now: until)).rank(shelf.candidates)) == [
                0, 1, 2, 3,
            ])
    }

    @Test func pinOfAnUnservableProductIsSkippedAndRecorded() {
        let placement = Placement(strategy: .forYou, count: 3, pins: [Pin(productID: "P5", position: 1)])
        let list = shelf.ranker(placement, servable: [0, 1, 2, 3, 4]).rank(shelf.candidates)
        #expect(ids(list) == [0, 1, 2])
        #expect(list.removed == [RemovedCandidate(item: 5, productID: "P5", rule: "pins[0]")])
    }

    @Test func categoryCapHoldsAndSkippedItemsAreRecorded() {
        let shelf = Shelf(products: (0..<6).map { Shelf.item("P\($0)", category: $0 < 4 ? "shoes" : "bags") })
        let placement = Placement(strategy: .forYou, count: 4, diversity: Diversity(maxPerCategory: 2))
        let list = shelf.ranker(placement).rank(shelf.candidates)
        #expect(ids(list) == [0, 1, 4, 5])
        #expect(list.removed.map(\.rule) == ["diversity.max_per_category", "diversity.max_per_category"])
    }

    @Test func mmrPrefersVarietyAndMarksTheMove() {
        let shelf = Shelf(
            products: (0..<4).map {
                Shelf.item("P\($0)", category: $0 < 3 ? "shoes" : "bags", brand: $0 < 3 ? "Acme" : "Other")
            })
        let placement = Placement(strategy: .forYou, count: 2, diversity: Diversity(mmrLambda: 0.3))
        let list = shelf.ranker(placement).rank(shelf.candidates)
        #expect(ids(list) == [0, 3])
        #expect(list.items[1].rules == [RuleEffect(rule: "diversity.mmr_lambda", effect: "diversified")])
    }

    @Test func mmrByVectorsCatchesMoreOfTheSameAcrossCategories() {
        // Four categories, four brands: category and brand similarity see no sameness, but
        // the vectors say P1 is P0 again (the same product in another category).
        let shelf = Shelf(products: (0..<4).map { Shelf.item("P\($0)", category: "c\($0)", brand: "b\($0)") })
        var ranker = shelf.ranker(
            Placement(strategy: .forYou, count: 2, diversity: Diversity(mmrLambda: 0.3, similarity: [.vectors])))
        ranker.measure = { a, b, measure in
            guard measure == .vectors else { return 0 }
            return Set([a, b]) == [0, 1] ? 1 : 0
        }
        #expect(ids(ranker.rank(shelf.candidates)) == [0, 2])
        // With category and brand only (the default), relevance order stands.
        ranker.placement.diversity = Diversity(mmrLambda: 0.3)
        #expect(ids(ranker.rank(shelf.candidates)) == [0, 1])
        // Content similarity goes through the same measure.
        ranker.placement.diversity = Diversity(mmrLambda: 0.3, similarity: [.content])
        ranker.measure = { a, b, measure in measure == .content && Set([a, b]) == [0, 1] ? 1 : 0 }
        #expect(ids(ranker.rank(shelf.candidates)) == [0, 2])
    }

    @Test func filtersRemoveAndNameTheRule() {
        var shelf = Shelf(products: (0..<8).map { Shelf.item("P\($0)", created: "2026-11-20T00:00:00Z") })
        shelf.products[1] = Shelf.item("P1", category: "gift-cards", created: "2026-11-20T00:00:00Z")
        shelf.products[2] = Shelf.item("P2", price: 90_000, created: "2026-11-20T00:00:00Z")
        shelf.products[6] = Shelf.item("P6", created: "2025-01-01T00:00:00Z")
        let filters = PlacementFilters(
            excludeCategories: ["gift-cards"], priceMax: 5000, excludePurchasedWithin: 30 * 86_400, excludeCart: true,
            newWithinDays: 30)
        let context = PlacementContext(
            channel: web, now: testNow, cartItems: [3], requestExclude: [4], purchases: [5: testNow / 1000 - 86_400])
        let list = shelf.ranker(Placement(strategy: .forYou, count: 8, filters: filters), context: context)
            .rank(shelf.candidates)
        #expect(ids(list) == [0, 7])
        let removed = Dictionary(uniqueKeysWithValues: list.removed.map { ($0.item!, $0.rule) })
        #expect(
            removed == [
                1: "filters.exclude_categories", 2: "filters.price_max", 3: "filters.exclude_cart",
                4: "filters.exclude_request_ids", 5: "filters.exclude_purchased_within", 6: "filters.new_within",
            ])
    }

    @Test func fallbackFillsAShortListWithoutDuplicatesAndUnderTheSameFilters() {
        let placement = Placement(
            strategy: .recentlyViewed, count: 4, filters: PlacementFilters(excludeCart: true),
            fallback: [.trending, .popular])
        let context = PlacementContext(now: testNow, cartItems: [2])
        let list = shelf.ranker(placement, context: context).rank([ScoredItem(item: 5, score: 1)]) { strategy in
            strategy == .trending ? shelf.candidates.prefix(3).map { $0 } : shelf.candidates
        }
        #expect(ids(list) == [5, 0, 1, 3])
        #expect(list.items[1].source == "fallback:trending")
        #expect(list.items[3].source == "fallback:popular")
        #expect(list.items[3].rules == [RuleEffect(rule: "fallback[1]", effect: "filled")])
        #expect(list.removed == [RemovedCandidate(item: 2, rule: "filters.exclude_cart")])
    }

    @Test func tiesKeepTheCoreOrder() {
        let flat = shelf.products.indices.reversed().map { ScoredItem(item: Int32($0), score: 1) }
        let list = shelf.ranker(Placement(strategy: .forYou, count: 3)).rank(flat)
        #expect(ids(list) == [5, 4, 3])
    }
}
