import AffinityEngine
import AffinityStore
import Foundation
import Testing

@Suite("Event validation")
struct EventValidationTests {
    let rules = EventRules()

    func base(_ change: (inout Event) -> Void = { _ in }) -> Event {
        var event = view("e1")
        change(&event)
        return event
    }

    /// The error `event` fails validation with, or nil when valid.
    func failure(_ event: Event, rules: EventRules = EventRules()) -> AffinityError? {
        AffinityError.caught { () throws(AffinityError) in try event.validated(now: testNow, rules: rules) }
    }

    @Test("a plain product view is valid and its time is returned in milliseconds")
    func valid() throws {
        let (event, millis) = try base().validated(now: testNow, rules: rules)
        #expect(millis == testNow - 3_600_000)
        #expect(event.occurredAt == "2026-11-27T11:00:00.000Z")
    }

    @Test("an event needs user_id or anonymous_id; either alone is enough")
    func shopperRequired() throws {
        let error = failure(
            base {
                $0.userID = nil; $0.anonymousID = nil
            })
        #expect(error?.kind == .invalid)
        #expect(error?.field == "user_id")
        #expect(
            failure(
                base {
                    $0.userID = nil; $0.anonymousID = "a1"
                }) == nil)
        #expect(
            failure(
                base {
                    $0.userID = "u1"; $0.anonymousID = "a1"
                }) == nil)
    }

    @Test("unknown types are rejected; custom types from config are accepted")
    func types() {
        let error = failure(base { $0.type = "page_flip" })
        #expect(error?.field == "type")
        #expect(error?.code == "unknown_event_type")
        #expect(failure(base { $0.type = "wishlist_add" }, rules: EventRules(customTypes: ["wishlist_add"])) == nil)
    }

    @Test("occurred_at may be at most 24 hours in the future")
    func future() {
        let hour: Int64 = 3_600_000
        let at23h = base { $0.occurredAt = RFC3339.string(milliseconds: testNow + 23 * hour) }
        let at24h = base { $0.occurredAt = RFC3339.string(milliseconds: testNow + 24 * hour) }
        let at25h = base { $0.occurredAt = RFC3339.string(milliseconds: testNow + 25 * hour) }
        #expect(failure(at23h) == nil)
        #expect(failure(at24h) == nil)
        #expect(failure(at25h)?.field == "occurred_at")
        #expect(failure(base { $0.occurredAt = "yesterday" })?.field == "occurred_at")
    }

    @Test("item types need items; other types do not")
    func itemsRequired() {
        for type in ["product_view", "add_to_cart", "remove_from_cart", "purchase"] {
            #expect(
                failure(
                    base {
                        $0.type = type; $0.items = nil
                    })?.field == "items", "\(type)")
            #expect(
                failure(
                    base {
                        $0.type = type; $0.items = []
                    })?.field == "items", "\(type)")
        }
        #expect(
            failure(
                base {
                    $0.type = "list_view"; $0.items = nil
                }) == nil)
        #expect(
            failure(
                base {
                    $0.type = "rec_impression"; $0.items = nil
                }) == nil)
    }

    @Test("a search needs a query (or items)")
    func search() {
        #expect(
            failure(
                base {
                    $0.type = "search"; $0.items = nil; $0.query = nil
                })?.field == "query")
        #expect(
            failure(
                base {
                    $0.type = "search"; $0.items = nil; $0.query = ""
                })?.field == "query")
        #expect(
            failure(
                base {
                    $0.type = "search"; $0.items = nil; $0.query = "shoes"
                }) == nil)
        #expect(
            failure(
                base {
                    $0.type = "search"; $0.query = String(repeating: "q", count: 1025)
                })?.field == "query")
    }

    @Test("item values are checked and the field names the item")
    func itemValues() {
        func item(_ change: (inout EventItem) -> Void) -> Event {
            base {
                var second = EventItem(productID: "P2")
                change(&second)
                $0.items = [EventItem(productID: "P1"), second]
            }
        }
        #expect(failure(item { $0.quantity = 0 })?.field == "items[1].quantity")
        #expect(failure(item { $0.quantity = -3 })?.field == "items[1].quantity")
        #expect(failure(item { $0.quantity = 1_000_001 })?.field == "items[1].quantity")
        #expect(failure(item { $0.quantity = 1 }) == nil)
        #expect(failure(item { $0.priceMinor = -1 })?.field == "items[1].price_minor")
        #expect(failure(item { $0.position = -1 })?.field == "items[1].position")
        #expect(failure(item { $0.currency = "EURO" })?.field == "items[1].currency")
        #expect(failure(item { $0.currency = "E1R" })?.field == "items[1].currency")
        #expect(failure(item { $0.currency = "" })?.field == "items[1].currency")
        #expect(failure(item { $0.productID = "" })?.field == "items[1].product_id")
        #expect(failure(item { $0.variantID = "v\u{1}" })?.field == "items[1].variant_id")
    }

    @Test("at most 500 items")
    func tooManyItems() {
        let items = (0..<501).map { EventItem(productID: "P\($0)") }
        #expect(failure(base { $0.items = items })?.field == "items")
        #expect(failure(base { $0.items = Array(items.prefix(500)) }) == nil)
    }

    @Test("currencies are upper-cased when valid")
    func currencyNormalised() throws {
        var event = base()
        event.type = "purchase"
        event.items = [EventItem(productID: "P1", quantity: 1, priceMinor: 1999, currency: "eur")]
        event.order = EventOrder(orderID: "O1", revenueMinor: 1999, currency: "usd")
        let (valid, _) = try event.validated(now: testNow, rules: rules)
        #expect(valid.items?[0].currency == "EUR")
        #expect(valid.order?.currency == "USD")
        #expect(failure(base { $0.order = EventOrder(orderID: "O1", currency: "us") })?.field == "order.currency")
        #expect(
            failure(base { $0.order = EventOrder(orderID: "O1", revenueMinor: -5) })?.field == "order.revenue_minor")
        #expect(failure(base { $0.order = EventOrder(orderID: "") })?.field == "order.order_id")
    }

    @Test(
        "ids must be non-empty, at most 128 bytes and free of control characters",
        arguments: ["", "a\u{0}b", "a\nb", "tab\there", "unit\u{1F}sep", "del\u{7F}"])
    func badEventIDs(_ id: String) {
        #expect(failure(base { $0.eventID = id })?.field == "event_id")
    }

    @Test("the 128-byte id limit counts UTF-8 bytes")
    func idLength() {
        #expect(failure(base { $0.eventID = String(repeating: "a", count: 128) }) == nil)
        #expect(failure(base { $0.eventID = String(repeating: "a", count: 129) })?.field == "event_id")
        // 65 × "é" is only 65 characters but 130 bytes.
        #expect(failure(base { $0.eventID = String(repeating: "é", count: 65) })?.field == "event_id")
        #expect(failure(base { $0.eventID = "ünïcödé-ok" }) == nil)
    }

    @Test("shopper, session, channel and recommendation ids are checked too")
    func otherIDs() {
        #expect(failure(base { $0.userID = "" })?.field == "user_id")
        #expect(failure(base { $0.anonymousID = "a\u{1}" })?.field == "anonymous_id")
        #expect(failure(base { $0.userID = String(repeating: "u", count: 257) })?.field == "user_id")
        #expect(failure(base { $0.userID = String(repeating: "u", count: 256) }) == nil)
        #expect(failure(base { $0.sessionID = "s\n" })?.field == "session_id")
        #expect(failure(base { $0.channel = String(repeating: "c", count: 65) })?.field == "channel")
        #expect(failure(base { $0.recommendationID = "" })?.field == "recommendation_id")
    }

    @Test("properties must be an object of at most 8 KiB")
    func properties() {
        #expect(failure(base { $0.properties = .array([.number(1)]) })?.field == "properties")
        #expect(failure(base { $0.properties = .string("x") })?.field == "properties")
        #expect(failure(base { $0.properties = .object(["k": .string("v")]) }) == nil)
        let big = JSONValue.object(["k": .string(String(repeating: "x", count: 9000))])
        #expect(failure(base { $0.properties = big })?.field == "properties")
        let fits = JSONValue.object(["k": .string(String(repeating: "x", count: 8000))])
        #expect(failure(base { $0.properties = fits }) == nil)
    }

    @Test("normalising occurred_at makes two encodings of one instant the same canonical payload")
    func canonicalPayload() throws {
        var inUTC = base()
        inUTC.occurredAt = "2026-11-27T10:15:30Z"
        var inParis = base()
        inParis.occurredAt = "2026-11-27T11:15:30.000+01:00"
        let (a, aMillis) = try inUTC.validated(now: testNow, rules: rules)
        let (b, bMillis) = try inParis.validated(now: testNow, rules: rules)
        #expect(a.occurredAt == "2026-11-27T10:15:30.000Z")
        #expect(aMillis == bMillis)
        let recordA = try EventCanonicalForm.record(a, occurredAt: aMillis)
        let recordB = try EventCanonicalForm.record(b, occurredAt: bMillis)
        #expect(recordA == recordB)
        #expect(recordA.payload.contains("\"occurred_at\":\"2026-11-27T10:15:30.000Z\""))
        // A different instant is a different payload.
        var later = base()
        later.occurredAt = "2026-11-27T10:15:31Z"
        let (c, cMillis) = try later.validated(now: testNow, rules: rules)
        let recordC = try EventCanonicalForm.record(c, occurredAt: cMillis)
        #expect(recordC.payload != recordA.payload)
        #expect(recordC.payloadHash != recordA.payloadHash)
    }

    @Test("the canonical record carries the columns replay needs")
    func canonicalColumns() throws {
        var event = base {
            $0.anonymousID = "a1"; $0.sessionID = "s1"
        }
        event.items = [EventItem(productID: "P1"), EventItem(productID: "P2")]
        event.consent = Consent(personalization: false)
        let (valid, millis) = try event.validated(now: testNow, rules: rules)
        let record = try EventCanonicalForm.record(valid, occurredAt: millis)
        #expect(record.eventID == "e1")
        #expect(record.productIDs == ["P1", "P2"])
        #expect(record.personalization == false)
        #expect(record.userID == "u1")
        #expect(record.anonymousID == "a1")
        #expect(record.sessionID == "s1")
        #expect(record.channel == "web")
        #expect(record.occurredAt == millis)
        #expect(record.sequence == 0)
        // The payload is sorted-key JSON that decodes back to the validated event.
        let decoded = try JSONDecoder().decode(Event.self, from: Data(record.payload.utf8))
        #expect(decoded == valid)
        #expect(record.payload.hasPrefix("{\"anonymous_id\":"))
    }
}
