import AffinityEngine
import HTTPTypes
import Testing

@Suite struct RecommendationRoutesTests {
    @Test func recentlyViewedSeesTheVeryLastEvent() async throws {
        try await TestServer.run { client, engine in
            _ = try await client.send(
                .post, "/v1/events", body: viewEvent("e1", product: "P1", at: "2026-11-01T10:00:00Z"))
            _ = try await client.send(
                .post, "/v1/events", body: viewEvent("e2", product: "P2", at: "2026-11-01T10:01:00Z"))
            let response = try await client.send(
                .get,
                "/v1/recommendations?strategy=recently_viewed&user_id=u1&count=5&user_token=\(engine.userTokens.token(for: "u1"))"
            )
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
                .post, "/v1/events/bulk", key: TestServer.secretKey, body: lines.joined(separator: "\n"),
                contentType: "application/x-ndjson")
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

    // Issue #16: a typo in a parameter must not silently answer another list.

    static let accepted =
        "strategy, placement, user_id, anonymous_id, channel, count, item_id, item_ids, exclude, candidates, "
        + "cart_id, explain, category, user_token"

    @Test func unknownQueryParametersAre422NamingThemAndTheAcceptedOnes() async throws {
        try await TestServer.run { client, _ in
            let camel = try await client.send(.get, "/v1/recommendations?strategy=for_you&anonymousId=visitor-42")
            #expect(camel.status == .unprocessableContent)
            #expect(camel.json.errorCode == "unknown_parameter")
            #expect(camel.json.errorField == "anonymousId")
            #expect(
                camel.json.errorMessage
                    == "unknown parameter 'anonymousId'; did you mean 'anonymous_id'? accepted: \(Self.accepted)")
            let user = try await client.send(.get, "/v1/recommendations?userId=u1")
            #expect(user.json.errorField == "userId")
            #expect(user.json.errorMessage?.contains("did you mean 'user_id'?") == true)
            let count = try await client.send(.get, "/v1/recommendations?strategy=trending&cout=3")
            #expect(count.status == .unprocessableContent)
            #expect(count.json.errorField == "cout")
            #expect(count.json.errorMessage?.contains("did you mean 'count'?") == true)
            let far = try await client.send(.get, "/v1/recommendations?strategy=trending&utm_source=mail")
            #expect(far.json.errorMessage == "unknown parameter 'utm_source'; accepted: \(Self.accepted)")

            let known = try await client.send(
                .get,
                "/v1/recommendations?strategy=trending&user_id=u1&anonymous_id=a1&count=3&item_id=P1&item_ids=P2"
                    + "&exclude=P3&candidates=P4&explain=false")
            #expect(known.status == .ok)
        }
    }

    @Test func unknownBodyFieldsAre422OnPostAndPreview() async throws {
        try await TestServer.run { client, _ in
            let user = try await client.send(
                .post, "/v1/recommendations", body: #"{"strategy":"trending","userId":"u1"}"#)
            #expect(user.status == .unprocessableContent)
            #expect(user.json.errorCode == "unknown_parameter")
            #expect(user.json.errorField == "userId")
            #expect(
                user.json.errorMessage
                    == "unknown parameter 'userId'; did you mean 'user_id'? accepted: \(Self.accepted)")
            let count = try await client.send(.post, "/v1/recommendations", body: #"{"strategy":"trending","cout":3}"#)
            #expect(count.json.errorField == "cout")
            // rules_yaml belongs to the preview route only.
            let rules = try await client.send(
                .post, "/v1/recommendations", body: #"{"rules_yaml":"x","placement":"p"}"#)
            #expect(rules.status == .unprocessableContent)
            #expect(rules.json.errorField == "rules_yaml")
            let known = try await client.send(
                .post, "/v1/recommendations", body: #"{"strategy":"trending","user_id":"u1","count":2,"explain":false}"#
            )
            #expect(known.status == .ok)

            let preview = try await client.send(
                .post, "/v1/recommendations/preview", key: TestServer.secretKey,
                body: #"{"rules_yaml":"x","placement":"p","anonymousId":"a1"}"#)
            #expect(preview.status == .unprocessableContent)
            #expect(preview.json.errorCode == "unknown_parameter")
            #expect(preview.json.errorField == "anonymousId")
            #expect(
                preview.json.errorMessage
                    == "unknown parameter 'anonymousId'; did you mean 'anonymous_id'? accepted: \(Self.accepted), rules_yaml"
            )
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    fileprivate var errorMessage: String? { (self["error"] as? [String: Any])?["message"] as? String }
}
