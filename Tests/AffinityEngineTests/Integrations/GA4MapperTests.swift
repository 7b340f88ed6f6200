import Testing

@testable import AffinityEngine

/// GA4 Measurement Protocol events onto Affinity events: names, items, the order, the
/// body's ids and consent, time, and the derived event id that makes a replay a duplicate.
@Suite("GA4 mapping")
struct GA4MapperTests {
    let now = testNow

    func body(_ text: String) throws -> GA4Body { try GA4Body.parse(try IntegrationFixtures.json(text)) }

    func mappings(_ text: String, channel: String? = nil) throws -> [IntegrationMapping] {
        let parsed = try body(text)
        return parsed.events.enumerated().map { index, event in
            GA4Mapper.map(event, index: index, body: parsed, now: now, channel: channel)
        }
    }

    func event(_ name: String, _ params: String, extra: String = "") throws -> IntegrationMapping {
        try #require(
            try mappings(#"{"client_id":"c1"\#(extra),"events":[{"name":"\#(name)","params":\#(params)}]}"#).first)
    }

    @Test("Google's purchase example is a purchase with its items, transaction and value")
    func purchase() throws {
        let mapping = try #require(try mappings(IntegrationFixtures.ga4Purchase).first)
        let event = try #require(mapping.event)
        #expect(mapping.name == "purchase")
        #expect(event.type == "purchase")
        #expect(event.anonymousID == "client_id")
        #expect(event.userID == nil)
        #expect(event.channel == "web")
        #expect(event.order == EventOrder(orderID: "T_12345", revenueMinor: 3003, currency: "USD"))
        #expect(
            event.items == [
                EventItem(productID: "SKU_12345", quantity: 3, priceMinor: 1001, currency: "USD", position: 0),
                EventItem(productID: "SKU_12346", quantity: 2, priceMinor: 2101, currency: "USD", position: 1),
            ])
        #expect(event.occurredAt == RFC3339.string(milliseconds: now))
        // Purchases are keyed by transaction_id, as GA4 deduplicates them.
        #expect(event.eventID == GA4Mapper.purchaseEventID("T_12345"))
        #expect(event.eventID.hasPrefix("ga4:purchase:") && event.eventID.count == 13 + 32)
        _ = try event.validated(now: now, rules: EventRules())
    }

    @Test("the event id is derived from the event: the same body gives the same id, another index another")
    func derivedIDs() throws {
        let text = #"""
            {"client_id":"c1","timestamp_micros":1795000000000000,"events":[
              {"name":"view_item","params":{"items":[{"item_id":"P1"}]}},
              {"name":"view_item","params":{"items":[{"item_id":"P1"}]}},
              {"name":"view_item","params":{"items":[{"item_id":"P2"}]}}]}
            """#
        let first = try mappings(text).map { $0.event?.eventID }
        let again = try mappings(text).map { $0.event?.eventID }
        #expect(first == again)
        #expect(Set(first).count == 3)
        // Without a timestamp the arrival time is part of the id: a later resend is new.
        let untimed = #"{"client_id":"c1","events":[{"name":"view_item","params":{"items":[{"item_id":"P1"}]}}]}"#
        let later = try GA4Body.parse(try IntegrationFixtures.json(untimed))
        let a = GA4Mapper.map(later.events[0], index: 0, body: later, now: now).event?.eventID
        let b = GA4Mapper.map(later.events[0], index: 0, body: later, now: now + 1).event?.eventID
        #expect(a != b)
    }

    @Test("the event time is the event's timestamp_micros, else params', else the body's, else now")
    func time() throws {
        let text = #"""
            {"client_id":"c1","timestamp_micros":"1795000000000000","events":[
              {"name":"view_item","timestamp_micros":1795000001000000,"params":{"items":[{"item_id":"P1"}]}},
              {"name":"view_item","params":{"timestamp_micros":1795000002000000,"items":[{"item_id":"P1"}]}},
              {"name":"view_item","params":{"items":[{"item_id":"P1"}]}}]}
            """#
        #expect(
            try mappings(text).map { $0.event?.occurredAt } == [
                RFC3339.string(milliseconds: 1_795_000_001_000), RFC3339.string(milliseconds: 1_795_000_002_000),
                RFC3339.string(milliseconds: 1_795_000_000_000),
            ])
    }

    @Test("the recommended e-commerce names map to Affinity's types")
    func names() throws {
        let items = #"{"items":[{"item_id":"P1","index":4}]}"#
        let cases: [(String, String, String)] = [
            ("view_item", items, "product_view"), ("select_item", items, "product_view"),
            ("view_item_list", items, "list_view"), ("view_cart", items, "list_view"),
            ("add_to_cart", items, "add_to_cart"), ("remove_from_cart", items, "remove_from_cart"),
            ("search", #"{"search_term":"t-shirts"}"#, "search"),
            ("view_search_results", #"{"search_term":"t-shirts"}"#, "search"),
        ]
        for (name, params, type) in cases {
            #expect(try event(name, params).event?.type == type, "\(name)")
        }
        #expect(try event("view_item", items).event?.items == [EventItem(productID: "P1", position: 4)])
        #expect(try event("search", #"{"search_term":"t-shirts"}"#).event?.query == "t-shirts")
    }

    @Test("select_item from an Affinity list is a rec_click")
    func recommendationClick() throws {
        let event = try #require(
            try event("select_item", #"{"recommendation_id":"rec_1","items":[{"item_id":"P1"}]}"#).event)
        #expect(event.type == "rec_click")
        #expect(event.recommendationID == "rec_1")
        let line = try #require(
            try self.event("select_item", #"{"items":[{"item_id":"P1","recommendation_id":"rec_2"}]}"#).event)
        #expect(line.type == "rec_click")
        #expect(line.items?.first?.recommendationID == "rec_2")
    }

    @Test("login and sign_up link client_id to user_id; unmapped names are ignored with the reason")
    func linkAndIgnored() throws {
        let login = try #require(try event("login", #"{"method":"Google"}"#, extra: #","user_id":"u1""#).event)
        #expect(login.type == "identify")
        #expect(login.userID == "u1")
        #expect(login.anonymousID == "c1")
        for (name, reason) in [
            ("login", "login without both client_id and user_id links nothing"),
            ("begin_checkout", "begin_checkout lists no items"),
            ("add_to_wishlist", "no Affinity mapping for GA4 event 'add_to_wishlist'"),
            ("view_item_list", "view_item_list lists no items"),
        ] {
            guard case .ignored(let given) = try event(name, "{}").outcome else {
                Issue.record("\(name) is not ignored")
                continue
            }
            #expect(given == reason)
        }
    }

    @Test("user_id and app_instance_id: the anonymous id, the user and the app channel")
    func identities() throws {
        let text =
            #"{"app_instance_id":"inst-1","user_id":"u1","events":[{"name":"view_item","params":{"items":[{"item_id":"P1"}]}}]}"#
        let event = try #require(try mappings(text).first?.event)
        #expect(event.anonymousID == "inst-1")
        #expect(event.userID == "u1")
        #expect(event.channel == "app")
        #expect(try mappings(text, channel: "kiosk").first?.event?.channel == "kiosk")
    }

    @Test("denied ad personalisation is stored without personalisation")
    func consent() throws {
        let denied = try event(
            "view_item", #"{"items":[{"item_id":"P1"}]}"#, extra: #","consent":{"ad_personalization":"DENIED"}"#)
        #expect(denied.event?.consent == Consent(personalization: false))
        let nonPersonalised = try event(
            "view_item", #"{"items":[{"item_id":"P1"}]}"#, extra: #","non_personalized_ads":true"#)
        #expect(nonPersonalised.event?.consent == Consent(personalization: false))
        let granted = try event(
            "view_item", #"{"items":[{"item_id":"P1"}]}"#, extra: #","consent":{"ad_personalization":"GRANTED"}"#)
        #expect(granted.event?.consent == nil)
    }

    @Test("an event that cannot be read is rejected on its own, naming the GA4 field")
    func rejected() throws {
        func field(_ mapping: IntegrationMapping) -> String? {
            if case .rejected(let error) = mapping.outcome { return error.field }
            return nil
        }
        #expect(field(try event("view_item", #"{"items":[{"item_name":"Tee"}]}"#)) == "params.items[0].item_id")
        #expect(
            field(try event("purchase", #"{"transaction_id":"T1","value":"lots","items":[{"item_id":"P1"}]}"#))
                == "params.value")
        #expect(field(try event("view_item", #"{"items":{"item_id":"P1"}}"#)) == "params.items")
        #expect(
            field(try event("view_item", #"{"timestamp_micros":-1,"items":[{"item_id":"P1"}]}"#))
                == "params.timestamp_micros")
        #expect(field(try event("view_item", "[]")) == "params")
        let unnamed = try mappings(#"{"client_id":"c1","events":[{"params":{}},7]}"#).map { field($0) }
        #expect(unnamed == ["name", "events[1]"])
    }

    @Test("a body without an id or events, or with over 1,000 events, is refused whole")
    func bodyErrors() throws {
        func error(_ text: String) -> AffinityError? {
            AffinityError.caught { () throws(AffinityError) in
                try GA4Body.parse((try? IntegrationFixtures.json(text)) ?? .null)
            }
        }
        #expect(error(#"{"events":[{"name":"view_item"}]}"#)?.field == "client_id")
        #expect(error(#"{"client_id":"c1"}"#)?.field == "events")
        #expect(error(#"{"client_id":"c1","events":[]}"#)?.field == "events")
        #expect(error(#"{"client_id":"c1","timestamp_micros":1.5,"events":[{}]}"#)?.field == "timestamp_micros")
        #expect(error("[]")?.field == "body")
        let many = Array(repeating: #"{"name":"page_view"}"#, count: 1001).joined(separator: ",")
        #expect(error(#"{"client_id":"c1","events":[\#(many)]}"#)?.code == "too_many_events")
    }
}
