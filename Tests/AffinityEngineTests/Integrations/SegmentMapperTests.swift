import Testing

@testable import AffinityEngine

/// Segment calls onto Affinity events: the e-commerce spec's names and fields, ids,
/// time and channel, and what is ignored or rejected (per call, never the request).
@Suite("Segment mapping")
struct SegmentMapperTests {
    let now = testNow

    func map(_ text: String, channel: String? = nil) throws -> IntegrationMapping {
        SegmentMapper.map(try IntegrationFixtures.json(text), now: now, channel: channel)
    }

    func track(_ name: String, _ properties: String, extra: String = "") throws -> IntegrationMapping {
        try map(
            #"{"type":"track","event":"\#(name)","messageId":"m1","anonymousId":"a1","properties":\#(properties)\#(extra)}"#
        )
    }

    @Test("Product Viewed (the spec's example) is a product_view with the price in minor units")
    func productViewed() throws {
        let mapping = try map(IntegrationFixtures.productViewed)
        let event = try #require(mapping.event)
        #expect(mapping.messageID == "pv-1")
        #expect(event.eventID == "seg:pv-1")
        #expect(event.type == "product_view")
        #expect(event.occurredAt == "2026-11-27T10:00:00.000Z")
        #expect(event.anonymousID == "anon-1")
        #expect(event.userID == nil)
        #expect(event.channel == "web")
        #expect(
            event.items == [
                EventItem(
                    productID: "507f1f77bcf86cd799439011", quantity: 1, priceMinor: 1899, currency: "usd", position: 2)
            ])
        let valid = try event.validated(now: now, rules: EventRules())
        #expect(valid.event.items?.first?.currency == "USD")
    }

    @Test("Order Completed (the spec's example) is a purchase with its lines, order id and revenue")
    func orderCompleted() throws {
        let event = try #require(try map(IntegrationFixtures.orderCompleted).event)
        #expect(event.type == "purchase")
        #expect(event.userID == "u-1")
        #expect(event.anonymousID == "anon-1")
        #expect(event.order == EventOrder(orderID: "50314b8e9bcf000000000000", revenueMinor: 2500, currency: "USD"))
        #expect(event.items?.map(\.productID) == ["507f1f77bcf86cd799439011", "505bd76785ebb509fc183733"])
        #expect(event.items?.map(\.priceMinor) == [1900, 300])
        #expect(event.items?.map(\.quantity) == [1, 2])
        #expect(event.channel == nil)
    }

    @Test("total stands in for revenue; without order_id the purchase has no order")
    func orderFallbacks() throws {
        let products = #"[{"product_id":"P1","price":"9.99"}]"#
        let total = try #require(
            try track("Order Completed", #"{"order_id":"o1","total":27.5,"currency":"JPY","products":\#(products)}"#)
                .event)
        #expect(total.order == EventOrder(orderID: "o1", revenueMinor: 28, currency: "JPY"))
        #expect(total.items?.first?.priceMinor == 10)
        let none = try #require(try track("Order Completed", #"{"revenue":5,"products":\#(products)}"#).event)
        #expect(none.order == nil)
        #expect(none.items?.first?.priceMinor == 999)
    }

    @Test("the spec's event names map to Affinity's types, v1 names and any case included")
    func names() throws {
        let product = #"{"product_id":"P1"}"#
        let products = #"{"products":[{"product_id":"P1","position":1},{"sku":"S2","position":2}]}"#
        let cases: [(String, String, String)] = [
            ("Product Viewed", product, "product_view"), ("Viewed Product", product, "product_view"),
            ("Product Clicked", product, "product_view"), ("Product Added", product, "add_to_cart"),
            ("product_added", product, "add_to_cart"), ("Product Removed", product, "remove_from_cart"),
            ("Product List Viewed", products, "list_view"), ("Product List Filtered", products, "list_view"),
            ("Cart Viewed", products, "list_view"), ("Products Searched", #"{"query":"blue roses"}"#, "search"),
        ]
        for (name, properties, type) in cases {
            #expect(try track(name, properties).event?.type == type, "\(name)")
        }
        let list = try #require(try track("Product List Viewed", products).event)
        #expect(list.items == [EventItem(productID: "P1", position: 0), EventItem(productID: "S2", position: 1)])
        #expect(try track("Products Searched", #"{"query":"blue roses"}"#).event?.query == "blue roses")
    }

    @Test("a click carrying Affinity's recommendation_id is a rec_click, attributed to that list")
    func recommendationClick() throws {
        let event = try #require(
            try track("Product Clicked", #"{"product_id":"P1","recommendation_id":"rec_1"}"#).event)
        #expect(event.type == "rec_click")
        #expect(event.recommendationID == "rec_1")
        #expect(event.items == [EventItem(productID: "P1")])
        let added = try #require(try track("Product Added", #"{"product_id":"P1","recommendation_id":"rec_1"}"#).event)
        #expect(added.type == "add_to_cart")
        #expect(added.recommendationID == "rec_1")
    }

    @Test("the product id falls back to sku, then id; numeric ids are read as digits")
    func productIDFallbacks() throws {
        #expect(try track("Product Viewed", #"{"sku":"G-32"}"#).event?.items?.first?.productID == "G-32")
        #expect(try track("Product Viewed", #"{"product_id":"","id":"X"}"#).event?.items?.first?.productID == "X")
        #expect(
            try track("Product Viewed", #"{"product_id":9714107479}"#).event?.items?.first?.productID == "9714107479")
    }

    @Test("calls Affinity has no use for are ignored, with the reason")
    func ignored() throws {
        let reasons = [
            try track("Checkout Started", "{}"),
            try track("Coupon Applied", "{}"),
            try track("Product List Viewed", #"{"list_id":"hot_deals_1"}"#),
            try map(#"{"type":"page","name":"Home","messageId":"p1","anonymousId":"a1"}"#),
            try map(#"{"type":"screen","name":"Home","messageId":"s1","anonymousId":"a1"}"#),
            try map(#"{"type":"group","groupId":"g1","messageId":"g1","userId":"u1"}"#),
            try map(#"{"type":"identify","messageId":"i1","userId":"u1","traits":{"email":"x@example.com"}}"#),
            try map(#"{"type":"alias","messageId":"l1","userId":"u1"}"#),
        ].map { mapping -> String? in
            if case .ignored(let reason) = mapping.outcome { return reason }
            return nil
        }
        #expect(reasons.allSatisfy { $0 != nil })
        #expect(reasons[0] == "Checkout Started lists no products")
        #expect(reasons[1] == "no Affinity mapping for track event 'Coupon Applied'")
        #expect(reasons[6] == "an identify without both userId and anonymousId links nothing")
    }

    @Test("Checkout Started keeps the products about to be bought, as a list view of them")
    func checkoutStarted() throws {
        let mapping = try track(
            "Checkout Started",
            #"{"order_id":"50314b8e","currency":"USD","products":[{"product_id":"P1","price":19.0}]}"#)
        guard case .event(let event) = mapping.outcome else {
            Issue.record("Checkout Started is not mapped")
            return
        }
        #expect(event.type == "list_view")
        #expect(event.items == [EventItem(productID: "P1", priceMinor: 1900, currency: "USD")])
    }

    @Test("identify and alias link the two ids with an identify event, and nothing else")
    func identity() throws {
        let identify = try #require(
            try map(#"{"type":"identify","messageId":"i1","userId":"u1","anonymousId":"a1","traits":{"plan":"x"}}"#)
                .event)
        #expect(identify.type == "identify")
        #expect(identify.eventID == "seg:i1")
        #expect(identify.userID == "u1")
        #expect(identify.anonymousID == "a1")
        #expect(identify.items == nil)
        let alias = try #require(
            try map(#"{"type":"alias","messageId":"l1","previousId":"a2","userId":"u1","anonymousId":"a9"}"#).event)
        #expect(alias.type == "identify")
        #expect(alias.anonymousID == "a2")
        #expect(alias.userID == "u1")
    }

    @Test("a call that cannot be read is rejected on its own, naming the Segment field")
    func rejected() throws {
        func error(_ mapping: IntegrationMapping) -> AffinityError? {
            if case .rejected(let error) = mapping.outcome { return error }
            return nil
        }
        let noMessageID = try map(#"{"type":"track","event":"Product Viewed","properties":{"product_id":"P1"}}"#)
        #expect(error(noMessageID)?.field == "messageId")
        #expect(error(try track("Product Viewed", #"{"name":"Monopoly"}"#))?.field == "properties.product_id")
        #expect(
            error(try track("Order Completed", #"{"products":[{"product_id":"P1"},{"name":"x"}]}"#))?.field
                == "properties.products[1].product_id")
        #expect(error(try track("Product Viewed", #"{"product_id":"P1","price":-1}"#))?.field == "properties.price")
        #expect(
            error(try track("Product Viewed", #"{"product_id":"P1","quantity":1.5}"#))?.field == "properties.quantity")
        #expect(error(try track("Products Searched", #"{"query":{"q":"x"}}"#))?.field == "properties.query")
        #expect(error(try track("Product Viewed", "[]"))?.field == "properties")
        #expect(
            error(try track("Product Viewed", #"{"product_id":"P1"}"#, extra: #","timestamp":"yesterday""#))?.field
                == "timestamp")
        #expect(error(try map(#"{"event":"Product Viewed"}"#))?.code == "missing_field")
        #expect(error(try map("[1]"))?.field == "body")
    }

    @Test("the time is timestamp, else originalTimestamp, sentAt, receivedAt, else now")
    func time() throws {
        let base = #""type":"identify","messageId":"i1","userId":"u1","anonymousId":"a1""#
        let original = #""originalTimestamp":"2026-11-27T09:00:00Z","sentAt":"2026-11-27T09:30:00Z""#
        #expect(try map("{\(base),\(original)}").event?.occurredAt == "2026-11-27T09:00:00Z")
        #expect(try map(#"{\#(base),"sentAt":"2026-11-27T09:30:00Z"}"#).event?.occurredAt == "2026-11-27T09:30:00Z")
        #expect(try map("{\(base)}").event?.occurredAt == RFC3339.string(milliseconds: now))
    }

    @Test("context.channel browser is web, mobile is app, server none; the URL's channel wins")
    func channels() throws {
        func channel(_ segment: String, override: String? = nil) throws -> String? {
            try map(
                #"{"type":"identify","messageId":"i1","userId":"u1","anonymousId":"a1","context":{"channel":"\#(segment)"}}"#,
                channel: override
            ).event?.channel
        }
        #expect(try channel("browser") == "web")
        #expect(try channel("mobile") == "app")
        #expect(try channel("server") == nil)
        #expect(try channel("server", override: "kiosk") == "kiosk")
    }

    @Test("integrations can turn Affinity off; the sender's consent flag is passed on")
    func integrationsAndConsent() throws {
        let off = try track("Product Viewed", #"{"product_id":"P1"}"#, extra: #","integrations":{"Affinity":false}"#)
        #expect(off.event == nil)
        let allOff = try track("Product Viewed", #"{"product_id":"P1"}"#, extra: #","integrations":{"All":false}"#)
        #expect(allOff.event == nil)
        let onlyUs = try track(
            "Product Viewed", #"{"product_id":"P1"}"#, extra: #","integrations":{"All":false,"Affinity":true}"#)
        #expect(onlyUs.event != nil)
        let refused = try track("Product Viewed", #"{"product_id":"P1","consent":{"personalization":false}}"#)
        #expect(refused.event?.consent == Consent(personalization: false))
        #expect(try track("Product Viewed", #"{"product_id":"P1"}"#).event?.consent == nil)
    }

    @Test("a batch shares its context and integrations with calls that do not set their own")
    func batch() throws {
        let body = try IntegrationFixtures.json(
            #"""
            {"batch":[
              {"type":"identify","messageId":"i1","userId":"u1","anonymousId":"a1"},
              {"type":"identify","messageId":"i2","userId":"u1","anonymousId":"a1","context":{"channel":"server"}}],
             "context":{"channel":"mobile"},"integrations":{"Segment.io":true},"sentAt":"2026-11-27T09:30:00Z"}
            """#)
        let calls = try SegmentBody.calls(in: body)
        let events = calls.map { SegmentMapper.map($0, now: now).event }
        #expect(events.map { $0?.channel } == ["app", nil])
        #expect(events.map { $0?.occurredAt } == ["2026-11-27T09:30:00Z", "2026-11-27T09:30:00Z"])
        #expect(try SegmentBody.calls(in: IntegrationFixtures.json(IntegrationFixtures.productViewed)).count == 1)
    }

    @Test("a batch over 1,000 calls is 413; an empty or malformed one 422")
    func batchLimits() throws {
        let call: JSONValue = .object(["type": .string("page")])
        let tooMany = AffinityError.caught { () throws(AffinityError) in
            try SegmentBody.calls(in: .object(["batch": .array(Array(repeating: call, count: 1001))]))
        }
        #expect(tooMany?.kind == .tooLarge)
        #expect(tooMany?.code == "too_many_events")
        let empty = AffinityError.caught { () throws(AffinityError) in
            try SegmentBody.calls(in: .object(["batch": .array([])]))
        }
        #expect(empty?.field == "batch")
        let notAnArray = AffinityError.caught { () throws(AffinityError) in
            try SegmentBody.calls(in: .object(["batch": call]))
        }
        #expect(notAnArray?.field == "batch")
        #expect(
            AffinityError.caught { () throws(AffinityError) in try SegmentBody.calls(in: .array([])) }?.kind == .invalid
        )
    }
}
