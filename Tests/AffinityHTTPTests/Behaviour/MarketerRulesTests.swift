import AffinityStore
import Foundation
import HTTPTypes
import Testing

@testable import AffinityEngine

/// Rules a marketer configures hold as written: filters before the cut, trending per
/// channel and category, hidden products, explained removals, and conversions made in
/// Affinity's own carts attributed to the experiment variant that showed the product.
@Suite("Marketers' rules")
struct MarketerRulesTests {
    static let channels = """
        channels:
          - {id: web, kind: web, currency: EUR, locale: de-DE}
          - {id: app, kind: app, currency: USD, locale: en-US}
          - {id: kiosk, kind: kiosk, currency: GBP, locale: en-GB}

        """

    /// `removed` entries as (product_id, reason, rule).
    static func removals(_ json: [String: Any]) -> [(id: String, reason: String, rule: String?)] {
        (json["removed"] as? [[String: Any]] ?? []).map {
            ($0["product_id"] as? String ?? "", $0["reason"] as? String ?? "", $0["rule"] as? String)
        }
    }

    @Test("a placement restricted to one 50-item demo category answers count items of it, and explains the rest")
    func restrictiveFilterFillsTheList() async throws {
        let rules =
            Self.channels + """
                placements:
                  cookbooks:
                    strategy: for_you
                    count: 20
                    filters: {include_categories: [cookbooks]}
                    fallback: [popular]
                """
        try await TestServer.run(TestSetup(rules: rules, seedDemo: true)) { client, engine in
            let inCategory = try engine.listProducts(ProductQuery(category: "cookbooks", limit: 200)).items
            #expect(inCategory.count == 50)
            let cookbooks = Set(inCategory.map(\.product.id))
            // A shopper with history elsewhere, so the strategy's own top candidates are not cookbooks.
            for shopper in ["U00001", "U00002", "anonymous-new"] {
                let field = shopper.hasPrefix("U") ? "user_id" : "anonymous_id"
                let token = shopper.hasPrefix("U") ? "&user_token=\(engine.userTokens.token(for: shopper))" : ""
                let (status, json) = try await client.send(
                    .get,
                    "/v1/recommendations?placement=cookbooks&channel=web&\(field)=\(shopper)&explain=true\(token)")
                #expect(status == .ok)
                let ids = json.productIDs
                #expect(ids.count == 20, "\(shopper)")
                #expect(Set(ids).count == 20)
                #expect(ids.allSatisfy(cookbooks.contains), "\(shopper): \(ids.filter { !cookbooks.contains($0) })")
                // Filled by the strategy itself, not by the fallback.
                let sources = json.items.compactMap { ($0["explain"] as? [String: Any])?["source"] as? String }
                #expect(sources.isEmpty, "\(shopper): \(sources)")
                let removed = Self.removals(json)
                #expect(!removed.isEmpty)
                for entry in removed {
                    #expect(!ids.contains(entry.id))
                    if entry.rule == "filters.include_categories" {
                        #expect(entry.reason == "filter")
                        #expect(!cookbooks.contains(entry.id))
                    }
                }
                #expect(removed.contains { $0.rule == "filters.include_categories" })
            }
        }
    }

    @Test("explain names removals by stock, channel publication and currency, and hidden listings")
    func explainNamesSystemRemovals() async throws {
        try await TestServer.run(.placements()) { client, engine in
            try await PlacementFixtures.seed(engine)
            var soldOut = PlacementFixtures.product(0)
            soldOut.stock = Stock(available: 0)
            var webOnly = PlacementFixtures.product(1)
            webOnly.listings = [Listing(channel: "web", published: true)]
            var noDollars = PlacementFixtures.product(2)
            noDollars.prices = noDollars.prices.filter { $0.channel != "app" }
            var hidden = PlacementFixtures.product(3)
            hidden.listings = ["web", "app", "kiosk"].map { Listing(channel: $0, published: true, visible: false) }
            for product in [soldOut, webOnly, noDollars, hidden] { _ = try await engine.putProduct(product) }

            let json = try await client.send(.get, "/v1/recommendations?strategy=popular&channel=app&explain=true")
                .json
            #expect(!json.productIDs.contains { ["P0", "P1", "P2", "P3"].contains($0) })
            let reasons = Dictionary(Self.removals(json).map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
            #expect(reasons["P0"] == "out_of_stock")
            #expect(reasons["P1"] == "unpublished_in_channel")
            #expect(reasons["P2"] == "no_price_in_currency")
            #expect(reasons["P3"] == "hidden_from_listings")
            #expect(Self.removals(json).allSatisfy { $0.rule == nil })

            // The request's own exclusions and a placement filter are named too.
            let placement = try await client.send(
                .get, "/v1/recommendations?placement=home&channel=web&exclude=P4&explain=true"
            ).json
            let rules = placement.removedRules
            #expect(rules["P4"] == "filters.exclude_request_ids")
            let placementReasons = Dictionary(
                Self.removals(placement).map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
            #expect(placementReasons["P4"] == "excluded_by_request")
            #expect(placementReasons["P0"] == "out_of_stock")
            #expect(placementReasons["P3"] == "hidden_from_listings")
        }
    }

    @Test("a hidden product stays out of listings but stays in the shopper's own history")
    func hiddenProductsLeaveListingsOnly() async throws {
        try await TestServer.run(.placements()) { client, engine in
            try await PlacementFixtures.seed(engine)
            var hidden = PlacementFixtures.product(0)
            hidden.listings = [
                Listing(channel: "web", published: true, visible: false), Listing(channel: "app", published: true),
            ]
            _ = try await engine.putProduct(hidden)
            let viewed = try await client.send(
                .post, "/v1/events", body: viewEvent("h1", user: "viewer", product: "P0"))
            #expect(viewed.status == .ok)
            let web = try await client.send(.get, "/v1/recommendations?strategy=popular&channel=web&count=20").json
            #expect(!web.productIDs.contains("P0"))
            let app = try await client.send(.get, "/v1/recommendations?strategy=popular&channel=app&count=20").json
            #expect(app.productIDs.first == "P0")
            let history = try await client.send(
                .get,
                "/v1/recommendations?strategy=recently_viewed&channel=web&user_id=viewer&user_token=\(engine.userTokens.token(for: "viewer"))"
            ).json
            #expect(history.productIDs == ["P0"])
            // The product page and the cart still work.
            let product = try await client.send(.get, "/v1/products/P0?channel=web")
            #expect(product.status == .ok)
        }
    }

    @Test("trending and popular follow the asking channel and take a category; a placement can scope them")
    func trendingPerChannelAndCategory() async throws {
        let rules =
            Self.channels + """
                placements:
                  app_trending:
                    strategy: trending
                    count: 3
                    scope: {channel: app}
                  hats_trending:
                    strategy: trending
                    count: 10
                    scope: {category: hats}
                """
        try await TestServer.run(.placements(rules: rules)) { client, engine in
            try await PlacementFixtures.seed(engine)  // web traffic: P0 leads
            var events: [Event] = []
            for index in 0..<30 {
                events.append(
                    Event(
                        eventID: "app-\(index)", type: "product_view", occurredAt: "2026-11-27T11:00:00Z",
                        channel: "app", userID: "app\(index)", items: [EventItem(productID: "P9")]))
            }
            _ = try await engine.ingest(events, batched: true)
            for strategy in ["trending", "popular"] {
                let web = try await client.send(.get, "/v1/recommendations?strategy=\(strategy)&channel=web").json
                let app = try await client.send(.get, "/v1/recommendations?strategy=\(strategy)&channel=app").json
                #expect(web.productIDs.first == "P0", "\(strategy)")
                #expect(app.productIDs.first == "P9", "\(strategy)")
                #expect(web.productIDs != app.productIDs)
                let hats = try await client.send(
                    .get, "/v1/recommendations?strategy=\(strategy)&channel=web&category=hats&count=10"
                ).json
                #expect(hats.productIDs == ["P6", "P7", "P8", "P9"], "\(strategy)")
            }
            let unknown = try await client.send(.get, "/v1/recommendations?strategy=trending&category=nope")
            #expect(unknown.status == .notFound)
            #expect(unknown.json.errorCode == "unknown_category")
            let wrong = try await client.send(.get, "/v1/recommendations?strategy=for_you&category=hats")
            #expect(wrong.status == .unprocessableContent)

            let scoped = try await client.send(.get, "/v1/recommendations?placement=app_trending&channel=web").json
            #expect(scoped.productIDs.first == "P9")
            let hats = try await client.send(.get, "/v1/recommendations?placement=hats_trending&channel=web").json
            #expect(hats.productIDs == ["P6", "P7", "P8", "P9"])
        }
    }

    @Test(
        "a cart built from a recommended list and checked out counts for that variant: add-to-cart, purchase, revenue")
    func cartConversionsAreAttributed() async throws {
        let rules =
            Self.channels + """
                placements:
                  home_hero: {strategy: for_you, count: 4, fallback: [popular]}
                experiments:
                  hero_test:
                    placement: home_hero
                    attribution_window: 1h
                    variants:
                      - {id: control, weight: 1}
                      - {id: treatment, weight: 1, overrides: {count: 3}}
                """
        try await TestServer.run(.rulesFile(rules)) { client, engine in
            try await CommerceFixtures.seed(engine, products: (1...10).map { CommerceFixtures.product("P\($0)") })
            // Two shoppers, so both variants are likely served; each buys from its own list.
            var bought: [String: (variant: String, revenue: Int)] = [:]
            for shopper in ["s1", "s2", "s3", "s4"] {
                let list = try await client.send(
                    .get, "/v1/recommendations?placement=home_hero&channel=web&user_id=\(shopper)"
                ).json
                let recommendation = try #require(list["recommendation_id"] as? String)
                let variant = try #require((list["experiment"] as? [String: Any])?["variant"] as? String)
                let product = try #require(list.productIDs.first)
                let cart = try #require(
                    try await client.send(.post, "/v1/carts", body: #"{"channel":"web","user_id":"\#(shopper)"}"#)
                        .json["id"] as? String)
                let added = try await client.send(
                    .post, "/v1/carts/\(cart)/items",
                    body: #"{"product_id":"\#(product)","quantity":2,"recommendation_id":"\#(recommendation)"}"#)
                #expect(added.status == .ok || added.status == .created)
                let line = (added.json["lines"] as? [[String: Any]])?.first
                #expect(line?["recommendation_id"] as? String == recommendation)
                // A line added without a list is not attributed.
                let other = try #require((1...10).map { "P\($0)" }.first { !list.productIDs.contains($0) })
                _ = try await client.send(.post, "/v1/carts/\(cart)/items", body: #"{"product_id":"\#(other)"}"#)
                let order = try await checkout(client, cart: cart, key: "k-\(shopper)")
                #expect(order.status == .created)
                let previous = bought[variant]?.revenue ?? 0
                bought[variant] = (variant, previous + 2 * 1999)
            }
            let report = try await client.send(.get, "/v1/admin/experiments/hero_test", key: TestServer.secretKey).json
            let variants = try #require(report["variants"] as? [[String: Any]])
            var total = 0
            for entry in variants {
                let id = try #require(entry["variant"] as? String)
                let expected = bought[id]
                let purchases = entry["purchases"] as? Int ?? -1
                #expect(purchases == (expected == nil ? 0 : (expected!.revenue / (2 * 1999))), "\(id)")
                #expect(entry["add_to_carts"] as? Int == purchases, "\(id)")
                let revenue = (entry["revenue"] as? [[String: Any]])?.first { $0["currency"] as? String == "EUR" }
                #expect((revenue?["total_minor"] as? Int ?? 0) == (expected?.revenue ?? 0), "\(id)")
                total += purchases
            }
            #expect(total == 4)
        }
    }
}
