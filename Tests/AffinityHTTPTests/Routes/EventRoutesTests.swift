import AffinityEngine
import AffinityStore
import HTTPTypes
import Testing

@Suite struct EventRoutesTests {
    @Test func singleEventIsAcceptedThenDuplicate() async throws {
        try await TestServer.run(.live) { client, engine in
            let first = try await client.send(.post, "/v1/events", body: viewEvent("e1"))
            #expect(first.status == .ok)
            #expect(first.json.int("accepted") == 1)
            let again = try await client.send(.post, "/v1/events", body: viewEvent("e1"))
            #expect(again.status == .ok)
            #expect(again.json.int("duplicates") == 1)
            await #expect(try engine.statistics().events == 1)
        }
    }

    @Test func sameIDWithOtherPayloadIs409AndStoresNothing() async throws {
        try await TestServer.run(.live) { client, engine in
            _ = try await client.send(.post, "/v1/events", body: viewEvent("e1", product: "P1"))
            let batch = #"{"events":[\#(viewEvent("e2")),\#(viewEvent("e1", product: "P2"))]}"#
            let response = try await client.send(.post, "/v1/events", body: batch)
            #expect(response.status == .conflict)
            #expect(response.json.errorField == "events[1].event_id")
            await #expect(try engine.statistics().events == 1)
        }
    }

    @Test func invalidEventInBatchIs422NamingTheFieldAndStoresNothing() async throws {
        try await TestServer.run(.live) { client, engine in
            let bad = viewEvent("e2", at: "yesterday")
            let response = try await client.send(
                .post, "/v1/events", body: #"{"events":[\#(viewEvent("e1")),\#(bad)]}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.json.errorField == "events[1].occurred_at")
            await #expect(try engine.statistics().events == 0)
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await TestServer.run(.live) { client, engine in
            let response = try await client.send(.post, "/v1/events", body: #"{"event_id": "#)
            #expect(response.status == .badRequest)
            #expect(response.json.errorCode == "malformed_json")
            await #expect(try engine.statistics().events == 0)
        }
    }

    @Test func wrongContentTypeIs415() async throws {
        try await TestServer.run(.live) { client, _ in
            let response = try await client.send(.post, "/v1/events", body: viewEvent("e1"), contentType: "text/plain")
            #expect(response.status == .unsupportedMediaType)
            let bulk = try await client.send(
                .post, "/v1/events/bulk", body: viewEvent("e1"), contentType: "application/json")
            #expect(bulk.status == .unsupportedMediaType)
        }
    }

    @Test func bodyOverOneMebibyteIs413() async throws {
        try await TestServer.run(.live) { client, engine in
            let padding = String(repeating: "x", count: 1 << 20)
            let body = #"{"events":[\#(viewEvent("e1"))],"pad":"\#(padding)"}"#
            let response = try await client.send(.post, "/v1/events", body: body)
            #expect(response.status == .contentTooLarge)
            await #expect(try engine.statistics().events == 0)
        }
    }

    @Test func wrongFieldTypeIs422WithPath() async throws {
        try await TestServer.run(.live) { client, _ in
            let body =
                #"{"event_id":"e1","type":"add_to_cart","occurred_at":"2026-11-01T10:00:00Z","user_id":"u","items":[{"product_id":"P1","quantity":"two"}]}"#
            let response = try await client.send(.post, "/v1/events", body: body)
            #expect(response.status == .unprocessableContent)
            #expect(response.json.errorField == "items[0].quantity")
        }
    }

    @Test func bulkAnswersPerLineAndBadLinesDoNotBlockGoodOnes() async throws {
        try await TestServer.run(.live) { client, engine in
            let lines = [
                viewEvent("b1"), "not json", viewEvent("b2"), viewEvent("b1"), "",
                viewEvent("b3", user: nil), viewEvent("b2", product: "P9"),
            ]
            let response = try await client.send(
                .post, "/v1/events/bulk", body: lines.joined(separator: "\n"), contentType: "application/x-ndjson")
            #expect(response.status == .ok)
            #expect(response.json.int("accepted") == 2)
            #expect(response.json.int("duplicates") == 1)
            #expect(response.json.int("rejected") == 3)
            let results = try #require(response.json["results"] as? [[String: Any]])
            #expect(results.map { $0["line"] as? Int } == [1, 2, 3, 4, 6, 7])
            #expect(
                results.map { $0["status"] as? String } == [
                    "accepted", "rejected", "accepted", "duplicate", "rejected", "rejected",
                ])
            #expect(((results[1]["error"]) as? [String: Any])?["code"] as? String == "malformed_json")
            #expect(((results[5]["error"]) as? [String: Any])?["code"] as? String == "event_id_conflict")
            await #expect(try engine.statistics().events == 2)
        }
    }
}
