import HTTPTypes
import Testing

@Suite struct RecommendationRoutesTests {
    @Test func recentlyViewedSeesTheVeryLastEvent() async throws {
        try await TestServer.run { client, _ in
            _ = try await client.send(
                .post, "/v1/events", body: viewEvent("e1", product: "P1", at: "2026-11-01T10:00:00Z"))
            _ = try await client.send(
                .post, "/v1/events", body: viewEvent("e2", product: "P2", at: "2026-11-01T10:01:00Z"))
            let response = try await client.send(
                .get, "/v1/recommendations?strategy=recently_viewed&user_id=u1&count=5")
            #expect(response.status == .ok)
            let items = try #require(response.json["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["product_id"] as? String } == ["P2", "P1"])
            let id = try #require(response.json["recommendation_id"] as? String)
            #expect(id.hasPrefix("rec_"))
            #expect(response.json["strategy"] as? String == "recently_viewed")
        }
    }

    @Test func trendingRanksTheMostViewedFirst() async throws {
        try await TestServer.run { client, _ in
            var lines: [String] = []
            for i in 0..<5 { lines.append(viewEvent("a\(i)", user: "u\(i)", product: "HOT")) }
            lines.append(viewEvent("c1", user: "u9", product: "COLD"))
            _ = try await client.send(
                .post, "/v1/events/bulk", body: lines.joined(separator: "\n"), contentType: "application/x-ndjson")
            let response = try await client.send(.get, "/v1/recommendations?strategy=trending&count=2")
            let items = try #require(response.json["items"] as? [[String: Any]])
            #expect(items.first?["product_id"] as? String == "HOT")
        }
    }

    @Test func badParametersAre422() async throws {
        try await TestServer.run { client, _ in
            let strategy = try await client.send(.get, "/v1/recommendations?strategy=magic")
            #expect(strategy.status == .unprocessableContent)
            #expect(strategy.json.errorField == "strategy")
            let count = try await client.send(.get, "/v1/recommendations?strategy=trending&count=0")
            #expect(count.status == .unprocessableContent)
            let channel = try await client.send(.get, "/v1/recommendations?strategy=trending&channel=moon")
            #expect(channel.status == .unprocessableContent)
            #expect(channel.json.errorField == "channel")
        }
    }
}
