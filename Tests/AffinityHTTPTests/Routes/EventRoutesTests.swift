import AffinityEngine
import AffinityStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
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
                .post, "/v1/events/bulk", key: TestServer.secretKey, body: viewEvent("e1"),
                contentType: "application/json")
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
                .post, "/v1/events/bulk", key: TestServer.secretKey, body: lines.joined(separator: "\n"),
                contentType: "application/x-ndjson")
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

    // Issue #16: errors that mislead.

    /// A valid event of exactly `count` bytes (padded with spaces before its closing brace).
    func paddedEvent(_ id: String, bytes count: Int) -> String {
        let head = String(viewEvent(id).dropLast())
        return head + String(repeating: " ", count: count - head.utf8.count - 1) + "}"
    }

    @Test func bulkLineOverTheLimitIsLineTooLongNamingTheLimit() async throws {
        try await TestServer.run(.live) { client, engine in
            let long = paddedEvent("b1", bytes: 1_100_000)
            #expect(long.utf8.count == 1_100_000)
            let body = [long, viewEvent("b2"), paddedEvent("b3", bytes: 1 << 20)].joined(separator: "\n")
            let response = try await client.send(
                .post, "/v1/events/bulk", key: TestServer.secretKey, body: body, contentType: "application/x-ndjson")
            #expect(response.status == .ok)
            let results = try #require(response.json["results"] as? [[String: Any]])
            #expect(results.map { $0["status"] as? String } == ["rejected", "accepted", "accepted"])
            let error = try #require(results[0]["error"] as? [String: Any])
            #expect(error["code"] as? String == "line_too_long")
            #expect(error["message"] as? String == "the line is 1100000 bytes; lines may be at most 1048576 bytes")
            #expect(results[0]["line"] as? Int == 1)
            await #expect(try engine.statistics().events == 2)
        }
    }

    @Test func invalidUTF8InPropertiesIsInvalidUTF8WithTheByteOffset() async throws {
        try await TestServer.run(.live) { client, engine in
            let head = Array((String(viewEvent("u1").dropLast()) + #","properties":{"note":"caf"#).utf8)
            let event = head + [0xE9] + Array(#""}}"#.utf8)
            let single = try await client.sendBytes("/v1/events", event, contentType: "application/json")
            #expect(single.status == .badRequest)
            #expect(single.json.errorCode == "invalid_utf8")
            #expect(single.json.errorField == "properties.note")
            #expect(
                single.json.errorMessage
                    == "the body is not valid UTF-8: byte 0xE9 at byte offset \(head.count) does not begin a valid UTF-8 sequence"
            )

            let bulk = try await client.sendBytes(
                "/v1/events/bulk", Array((viewEvent("u2") + "\n").utf8) + event, contentType: "application/x-ndjson")
            let results = try #require(bulk.json["results"] as? [[String: Any]])
            #expect(results.map { $0["status"] as? String } == ["accepted", "rejected"])
            let error = try #require(results[1]["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid_utf8")
            #expect(error["field"] as? String == "properties.note")
            #expect((error["message"] as? String)?.contains("at byte offset \(head.count) ") == true)
            await #expect(try engine.statistics().events == 1)
        }
    }

    @Test func trailingCommaIsMalformedJSONWithLineAndColumn() async throws {
        try await TestServer.run(.live) { client, engine in
            let event = String(viewEvent("t1").dropLast()) + ",}"
            let single = try await client.send(.post, "/v1/events", body: event)
            #expect(single.status == .badRequest)
            #expect(single.json.errorCode == "malformed_json")
            #expect(
                single.json.errorMessage
                    == "the body is not valid JSON: unexpected '}' at line 1, column \(event.utf8.count)")

            let pretty = "{\n  \"events\": [\n    \(viewEvent("t2")),\n  ]\n}"
            let multiLine = try await client.send(.post, "/v1/events", body: pretty)
            #expect(multiLine.status == .badRequest)
            #expect(multiLine.json.errorMessage == "the body is not valid JSON: unexpected ']' at line 4, column 3")

            let bulk = try await client.send(
                .post, "/v1/events/bulk", key: TestServer.secretKey, body: viewEvent("t3") + "\n" + event,
                contentType: "application/x-ndjson")
            let results = try #require(bulk.json["results"] as? [[String: Any]])
            let error = try #require(results[1]["error"] as? [String: Any])
            #expect(error["code"] as? String == "malformed_json")
            #expect(
                error["message"] as? String
                    == "the line is not valid JSON: unexpected '}' at column \(event.utf8.count)")
            await #expect(try engine.statistics().events == 1)
        }
    }
}

extension TestClientProtocol {
    /// POSTs raw bytes (which need not be UTF-8): bulk with the secret key, else the public key.
    fileprivate func sendBytes(_ uri: String, _ body: [UInt8], contentType: String) async throws -> (
        status: HTTPResponse.Status, json: [String: Any]
    ) {
        let key = uri.hasSuffix("/bulk") ? TestServer.secretKey : TestServer.publicKey
        let headers: HTTPFields = [.authorization: "Bearer \(key)", .contentType: contentType]
        let response = try await executeRequest(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        let json =
            (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
        return (response.status, json)
    }
}

extension Dictionary where Key == String, Value == Any {
    fileprivate var errorMessage: String? { (self["error"] as? [String: Any])?["message"] as? String }
}
