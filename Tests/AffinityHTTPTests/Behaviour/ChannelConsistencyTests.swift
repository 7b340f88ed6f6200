import AffinityEngine
import HTTPTypes
import Testing

/// Serving-time consistency: every strategy, for every channel, returns only what can
/// be bought there, and a stock or publication change shows in the very next response.
@Suite struct ChannelConsistencyTests {
    static let strategies = [
        "for_you", "trending", "similar_items", "others_also_viewed", "frequently_bought_together", "recently_viewed",
        "popular",
    ]

    func ids(_ engine: Engine, _ strategy: String, channel: String) async throws -> [String] {
        try await engine.recommend(
            RecommendationQuery(
                strategy: try RecommendationQuery.strategy(named: strategy), userID: "seed0", channel: channel,
                count: 20, itemID: "P2")
        ).items.map(\.productID)
    }

    @Test func outOfStockDisappearsFromEveryStrategyInEveryChannelAtOnce() async throws {
        try await TestServer.run { client, engine in
            try await CommerceFixtures.seed(engine, products: (1...8).map { CommerceFixtures.product("P\($0)") })
            await #expect(try ids(engine, "trending", channel: "web").contains("P5"))
            let response = try await client.send(
                .put, "/v1/products/P5/stock", key: TestServer.secretKey, body: #"{"available":0}"#)
            #expect(response.status == .ok)
            for channel in ["web", "app", "kiosk"] {
                for strategy in Self.strategies {
                    await #expect(
                        !(try ids(engine, strategy, channel: channel)).contains("P5"), "\(strategy) in \(channel)")
                }
            }
        }
    }

    @Test func unpublishingInOneChannelRemovesItThereOnly() async throws {
        try await TestServer.run { _, engine in
            try await CommerceFixtures.seed(engine, products: (1...8).map { CommerceFixtures.product("P\($0)") })
            _ = try await engine.putProduct(CommerceFixtures.product("P5", published: ["kiosk": false]))
            for strategy in Self.strategies {
                await #expect(!(try ids(engine, strategy, channel: "kiosk")).contains("P5"), "\(strategy)")
            }
            await #expect(try ids(engine, "trending", channel: "web").contains("P5"))
            await #expect(try ids(engine, "trending", channel: "app").contains("P5"))
        }
    }

    @Test func listsArePricedInTheChannelsCurrency() async throws {
        try await TestServer.run { client, engine in
            try await CommerceFixtures.seed(engine, products: (1...4).map { CommerceFixtures.product("P\($0)") })
            for (channel, currency) in [("web", "EUR"), ("app", "USD"), ("kiosk", "GBP")] {
                let response = try await client.send(.get, "/v1/recommendations?strategy=trending&channel=\(channel)")
                let items = try #require(response.json["items"] as? [[String: Any]])
                #expect(!items.isEmpty)
                for item in items {
                    #expect((item["price"] as? [String: Any])?["currency"] as? String == currency)
                    #expect(item["title"] is String)
                    #expect(item["available"] as? Bool == true)
                }
            }
        }
    }
}
