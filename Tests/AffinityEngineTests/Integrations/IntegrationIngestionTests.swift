import AffinityCore
import AffinityStore
import Testing

@testable import AffinityEngine

/// Mapped calls go through the engine's ingestion one by one: per-call outcomes in input
/// order, dedup on the derived ids, and `identify` linking without touching any score.
@Suite("Integration ingestion")
struct IntegrationIngestionTests {
    func identify(_ messageID: String, user: String, anonymous: String) -> String {
        #"{"type":"identify","messageId":"\#(messageID)","userId":"\#(user)","anonymousId":"\#(anonymous)","timestamp":"2026-11-27T11:00:00Z"}"#
    }

    func viewed(_ messageID: String, product: String, anonymous: String = "a1", quantity: Int = 1) -> String {
        #"{"type":"track","event":"Product Viewed","messageId":"\#(messageID)","anonymousId":"\#(anonymous)","timestamp":"2026-11-27T10:00:00Z","properties":{"product_id":"\#(product)","quantity":\#(quantity)}}"#
    }

    func segment(_ engine: Engine, _ calls: [String]) async throws -> IntegrationSummary {
        try await engine.ingestSegment(bytes(#"{"batch":[\#(calls.joined(separator: ","))]}"#))
    }

    /// Trending and popular (ids and scores) and for_you for a bystander: what an event
    /// that changes no score must leave as it was.
    func lists(_ engine: Engine) async throws -> [String] {
        var lines: [String] = []
        for query in [
            RecommendationQuery(strategy: .trending, count: 20), RecommendationQuery(strategy: .popular, count: 20),
            RecommendationQuery(strategy: .forYou, userID: "u2", count: 20),
        ] {
            let items = try await engine.recommend(query).items
            lines.append(items.map { "\($0.productID):\($0.score)" }.joined(separator: " "))
        }
        return lines
    }

    @Test("an identify changes no list, but the anonymous history follows the user")
    func identifyLinksWithoutScoring() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest(
            [
                view("v1", product: "P1", user: nil, anonymous: "a1", minutesAgo: 50),
                view("v2", product: "P2", user: nil, anonymous: "a1", minutesAgo: 40),
                view("v3", product: "P3", user: "u2", minutesAgo: 30),
                view("v4", product: "P1", user: "u2", minutesAgo: 20),
            ], batched: true)
        let before = try await lists(engine)
        #expect(before[0].isEmpty == false)
        let mine = RecommendationQuery(strategy: .recentlyViewed, userID: "u1")
        #expect(try await engine.recommend(mine).items.isEmpty)

        let summary = try await segment(engine, [identify("i1", user: "u1", anonymous: "a1")])
        #expect(summary.results.map(\.status) == [.accepted])
        #expect(summary.results.first?.type == "identify")

        #expect(try await lists(engine) == before)
        #expect(try await engine.recommend(mine).items.map(\.productID) == ["P2", "P1"])
        #expect(try await engine.statistics().events == 5)
        // Restarted, the link is rebuilt from the log and the lists are the same.
        let reopened = try await makeEngine(directory)
        #expect(try await reopened.recommend(mine).items.map(\.productID) == ["P2", "P1"])
        #expect(try await lists(reopened) == before)
    }

    @Test("a native identify must carry both ids and no items")
    func identifyValidation() {
        let now = testNow
        var event = Event(
            eventID: "i1", type: "identify", occurredAt: "2026-11-27T10:00:00Z", userID: "u1", anonymousID: "a1")
        #expect(
            AffinityError.caught { () throws(AffinityError) in try event.validated(now: now, rules: EventRules()) }
                == nil)
        event.items = [EventItem(productID: "P1")]
        #expect(
            AffinityError.caught { () throws(AffinityError) in try event.validated(now: now, rules: EventRules()) }?
                .field == "items")
        event.items = nil
        event.anonymousID = nil
        #expect(
            AffinityError.caught { () throws(AffinityError) in try event.validated(now: now, rules: EventRules()) }?
                .field == "anonymous_id")
    }

    @Test("results come back in input order; a replay is all duplicates, ignored calls stay ignored")
    func replay() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let calls = [
            viewed("m1", product: "P1"), #"{"type":"page","messageId":"p1","anonymousId":"a1"}"#,
            viewed("m2", product: "P2"), identify("i1", user: "u1", anonymous: "a1"),
        ]
        let first = try await segment(engine, calls)
        #expect(first.results.map(\.status) == [.accepted, .ignored, .accepted, .accepted])
        #expect(first.results.map(\.index) == [0, 1, 2, 3])
        #expect(first.results.map(\.eventID) == ["seg:m1", nil, "seg:m2", "seg:i1"])
        #expect(first.results.map(\.messageID) == ["m1", "p1", "m2", "i1"])
        #expect((first.accepted, first.ignored, first.duplicates, first.rejected) == (3, 1, 0, 0))
        let again = try await segment(engine, calls)
        #expect(again.results.map(\.status) == [.duplicate, .ignored, .duplicate, .duplicate])
        #expect(try await engine.statistics().events == 3)
    }

    @Test("an invalid or conflicting call is rejected on its own; the others are stored")
    func perCallRejection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await segment(engine, [viewed("m1", product: "P1")])
        let summary = try await segment(
            engine,
            [
                viewed("m2", product: "P2"), viewed("m3", product: "P3", quantity: 0),
                viewed("m1", product: "P9"), viewed("m4", product: "P4"),
            ])
        #expect(summary.results.map(\.status) == [.accepted, .rejected, .rejected, .accepted])
        #expect(summary.results[1].error?.field == "items[0].quantity")
        #expect(summary.results[2].error?.code == "event_id_conflict")
        #expect(summary.results[2].eventID == "seg:m1")
        #expect(try await engine.statistics().events == 3)
    }

    @Test("a replayed GA4 body with timestamps is all duplicates")
    func ga4Replay() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let body = bytes(
            #"""
            {"client_id":"c1","user_id":"u1","timestamp_micros":1795000000000000,"events":[
              {"name":"view_item","params":{"items":[{"item_id":"P1","price":10.01}],"currency":"EUR"}},
              {"name":"begin_checkout","params":{}},
              {"name":"add_to_cart","params":{"items":[{"item_id":"P1","quantity":2}]}}]}
            """#)
        let first = try await engine.ingestGA4(body)
        #expect(first.results.map(\.status) == [.accepted, .ignored, .accepted])
        #expect(first.results.map(\.name) == ["view_item", "begin_checkout", "add_to_cart"])
        let again = try await engine.ingestGA4(body)
        #expect(again.results.map(\.status) == [.duplicate, .ignored, .duplicate])
        #expect(again.results.map(\.eventID) == first.results.map(\.eventID))
        #expect(try await engine.statistics().events == 2)
    }

    @Test("a body that is not JSON is a 400 before anything is read")
    func malformed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let segment = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingestSegment(bytes(#"{"batch":[}"#))
        }
        #expect(segment?.code == "malformed_json")
        let ga4 = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingestGA4(bytes("client_id=c1"))
        }
        #expect(ga4?.code == "malformed_json")
    }
}
