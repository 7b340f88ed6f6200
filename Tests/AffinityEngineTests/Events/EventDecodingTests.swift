import AffinityEngine
import Testing

@Suite("Event decoding")
struct EventDecodingTests {
    let single =
        #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"P1","quantity":2}]}"#

    func requestError(_ text: String) -> AffinityError? {
        AffinityError.caught { () throws(AffinityError) in try EventDecoding.decodeRequest(bytes(text)) }
    }

    @Test("a single event decodes unbatched with every field")
    func singleEvent() throws {
        let (events, batched) = try EventDecoding.decodeRequest(bytes(single))
        #expect(batched == false)
        #expect(events.count == 1)
        #expect(
            events[0]
                == Event(
                    eventID: "e1", type: "product_view", occurredAt: "2026-11-27T10:00:00Z", userID: "u1",
                    items: [EventItem(productID: "P1", quantity: 2)]))
    }

    @Test("the envelope form decodes batched, in order")
    func envelope() throws {
        let body =
            #"{"events":[\#(single),{"event_id":"e2","type":"search","occurred_at":"2026-11-27T10:00:00Z","anonymous_id":"a1","query":"shoes"}]}"#
        let (events, batched) = try EventDecoding.decodeRequest(bytes(body))
        #expect(batched)
        #expect(events.map(\.eventID) == ["e1", "e2"])
        #expect(events[1].query == "shoes")
        #expect(events[1].anonymousID == "a1")
    }

    @Test("nested objects, consent and properties decode")
    func nested() throws {
        let body =
            #"{"event_id":"e1","type":"purchase","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"P1","variant_id":"V1","quantity":1,"price_minor":1999,"currency":"EUR","position":3}],"order":{"order_id":"O1","revenue_minor":1999,"currency":"EUR"},"consent":{"personalization":false},"properties":{"a":[1,true,null,"x"],"b":{"c":2.5}},"recommendation_id":"rec_1","session_id":"s1","channel":"web"}"#
        let event = try EventDecoding.decodeLine(bytes(body))
        #expect(
            event.items?[0]
                == EventItem(
                    productID: "P1", variantID: "V1", quantity: 1, priceMinor: 1999, currency: "EUR", position: 3))
        #expect(event.order == EventOrder(orderID: "O1", revenueMinor: 1999, currency: "EUR"))
        #expect(event.consent == Consent(personalization: false))
        #expect(
            event.properties
                == .object([
                    "a": .array([.number(1), .bool(true), .null, .string("x")]), "b": .object(["c": .number(2.5)]),
                ]))
        #expect(event.recommendationID == "rec_1")
    }

    @Test("bytes that are not JSON are malformed (400)", arguments: ["", "not json", "{", "{\"event_id\":", "\u{FF}"])
    func malformed(_ text: String) {
        let error = requestError(text)
        #expect(error?.kind == .malformed)
        #expect(error?.code == "malformed_json")
    }

    @Test("a wrong type is invalid (422) with the field path")
    func wrongType() {
        let error = requestError(
            #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"P1","quantity":"two"}]}"#
        )
        #expect(error?.kind == .invalid)
        #expect(error?.field == "items[0].quantity")

        let batched = requestError(
            #"{"events":[\#(single),{"event_id":"e2","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"P1"},{"product_id":7}]}]}"#
        )
        #expect(batched?.kind == .invalid)
        #expect(batched?.field == "events[1].items[1].product_id")

        #expect(requestError(#"{"event_id":5,"type":"x","occurred_at":"t"}"#)?.field == "event_id")
        #expect(requestError(#"{"events":"nope"}"#)?.field == "events")
    }

    @Test("a missing required field names it")
    func missing() {
        let error = requestError(#"{"type":"product_view","occurred_at":"2026-11-27T10:00:00Z"}"#)
        #expect(error?.kind == .invalid)
        #expect(error?.code == "missing_field")
        #expect(error?.field == "event_id")
        let nested = requestError(
            #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","items":[{"quantity":1}]}"#)
        #expect(nested?.field == "items[0].product_id")
    }

    @Test("null for a required field is invalid")
    func nullValue() {
        let error = requestError(#"{"event_id":null,"type":"product_view","occurred_at":"2026-11-27T10:00:00Z"}"#)
        #expect(error?.kind == .invalid)
        #expect(error?.field == "event_id")
    }

    @Test("unknown fields are rejected with unknown_field, at any depth")
    func unknownField() {
        let top = requestError(
            #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","userid":"x"}"#
        )
        #expect(top?.kind == .invalid)
        #expect(top?.code == "unknown_field")
        #expect(top?.field == "userid")

        let item = requestError(
            #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","items":[{"product_id":"P1","colour":"red"}]}"#
        )
        #expect(item?.code == "unknown_field")
        #expect(item?.field == "items[0].colour")

        let order = requestError(
            #"{"event_id":"e1","type":"purchase","occurred_at":"2026-11-27T10:00:00Z","order":{"order_id":"O1","tax":1}}"#
        )
        #expect(order?.field == "order.tax")

        let envelope = requestError(#"{"events":[],"extra":1}"#)
        #expect(envelope?.code == "unknown_field")
        #expect(envelope?.field == "extra")

        let inBatch = requestError(#"{"events":[\#(single),{"bogus":1}]}"#)
        #expect(inBatch?.code == "unknown_field")
        #expect(inBatch?.field == "events[1].bogus")
    }

    @Test("a top-level array is not an event")
    func array() {
        let error = requestError("[1,2]")
        #expect(error?.kind == .invalid)
        #expect(error?.field == "body")
    }
}
