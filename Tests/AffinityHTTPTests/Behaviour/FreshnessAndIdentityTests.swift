import AffinityEngine
import HTTPTypes
import Testing

/// The next request sees the last event; an anonymous history follows the shopper
/// after a login links the ids.
@Suite struct FreshnessAndIdentityTests {
    /// Many shoppers view A then B (and C then D), so B is A's neighbour.
    static func seed(_ engine: Engine) async throws {
        var events: [Event] = []
        for shopper in 0..<20 {
            for (step, product) in ["A", "B", "C", "D"].enumerated() {
                events.append(
                    Event(
                        eventID: "s\(shopper)-\(step)", type: "product_view",
                        occurredAt: RFC3339.string(
                            milliseconds: EngineOptions.systemNow() - Int64(100 - step) * 60_000),
                        channel: "web", userID: "seed\(shopper)",
                        items: [EventItem(productID: step < 2 ? product : (shopper % 2 == 0 ? product : "X\(shopper)"))]
                    ))
            }
        }
        _ = try await engine.ingest(events, batched: true)
    }

    func ids(_ json: [String: Any]) -> [String] {
        (json["items"] as? [[String: Any]] ?? []).compactMap { $0["product_id"] as? String }
    }

    @Test func aNewAnonymousVisitorGetsTheNeighboursOfTheProductJustViewed() async throws {
        try await TestServer.run { client, engine in
            try await Self.seed(engine)
            let before = try await client.send(
                .get, "/v1/recommendations?strategy=for_you&anonymous_id=new-visitor&count=3")
            #expect(before.status == .ok)
            let now = RFC3339.string(milliseconds: EngineOptions.systemNow())
            let event =
                #"{"event_id":"fresh-1","type":"product_view","occurred_at":"\#(now)","anonymous_id":"new-visitor","items":[{"product_id":"A"}]}"#
            #expect(try await client.send(.post, "/v1/events", body: event).status == .ok)
            let after = try await client.send(
                .get, "/v1/recommendations?strategy=for_you&anonymous_id=new-visitor&count=3")
            #expect(ids(after.json).first == "B")
            #expect(!ids(after.json).contains("A"))
        }
    }

    @Test func anAnonymousHistoryIsCarriedIntoTheLoggedInShoppersLists() async throws {
        try await TestServer.run { client, engine in
            try await Self.seed(engine)
            let now = EngineOptions.systemNow()
            let kiosk =
                #"{"event_id":"k1","type":"product_view","occurred_at":"\#(RFC3339.string(milliseconds: now - 60_000))","channel":"kiosk","anonymous_id":"kiosk-visitor","items":[{"product_id":"C"}]}"#
            _ = try await client.send(.post, "/v1/events", body: kiosk)
            let unknown = try await client.send(
                .get,
                "/v1/recommendations?strategy=recently_viewed&user_id=shopper-1&user_token=\(engine.userTokens.token(for: "shopper-1"))"
            )
            #expect(ids(unknown.json).isEmpty)
            let login =
                #"{"event_id":"login","type":"list_view","occurred_at":"\#(RFC3339.string(milliseconds: now))","channel":"app","user_id":"shopper-1","anonymous_id":"kiosk-visitor"}"#
            #expect(try await client.send(.post, "/v1/events", body: login).status == .ok)
            let viewed = try await client.send(
                .get,
                "/v1/recommendations?strategy=recently_viewed&user_id=shopper-1&user_token=\(engine.userTokens.token(for: "shopper-1"))"
            )
            #expect(ids(viewed.json) == ["C"])
            let forYou = try await client.send(.get, "/v1/recommendations?strategy=for_you&user_id=shopper-1&count=3")
            #expect(ids(forYou.json).first == "D")
        }
    }
}
