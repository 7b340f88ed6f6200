import AffinityEngine
import AffinityStore
import Foundation
import HTTPTypes
import Testing

@Suite("Webhook routes")
struct WebhookRoutesTests {
    func upsert(_ delivery: String, id: String = "W1", title: String, version: Int64) -> String {
        #"{"id":"\#(delivery)","type":"product.upsert","data":{"id":"\#(id)","title":"\#(title)","source_version":\#(version),"#
            + #""listings":[{"channel":"web","published":true}],"prices":[{"channel":"web","amount_minor":2500,"currency":"EUR"}],"#
            + #""stock":{"available":4}}}"#
    }

    @Test("a signed product.upsert applies; a bad or missing signature is 401 and changes nothing")
    func signature() async throws {
        try await TestServer.run(.webhooks()) { client, _ in
            let applied = try await client.generic(upsert("d1", title: "Original", version: 10))
            #expect(applied.status == .ok)
            #expect(applied.json["status"] as? String == "applied")
            #expect(applied.json["id"] as? String == "W1")
            #expect(try await client.send(.get, "/v1/products/W1").json["title"] as? String == "Original")

            let tampered = upsert("d2", title: "Hacked", version: 11)
            let wrongSecret = try await client.generic(tampered, secret: "not-the-secret")
            #expect(wrongSecret.status == .unauthorized)
            #expect(wrongSecret.json.errorCode == "invalid_signature")
            let missing = try await client.webhook("generic", body: tampered, headers: [:])
            #expect(missing.status == .unauthorized)
            let otherBody = try await client.webhook(
                "generic", body: tampered,
                headers: [
                    "X-Affinity-Signature": WebhookSignature.generic(
                        body: Array("{}".utf8), secret: WebhookFixtures.genericSecret)
                ])
            #expect(otherBody.status == .unauthorized)
            #expect(try await client.send(.get, "/v1/products/W1").json["title"] as? String == "Original")

            // The rejected deliveries were not recorded: the same id, properly signed, applies.
            #expect(try await client.generic(tampered).json["status"] as? String == "applied")
            #expect(try await client.send(.get, "/v1/products/W1").json["title"] as? String == "Hacked")
        }
    }

    @Test("a redelivery is a duplicate with no side effect; an older source_version is stale and not applied")
    func duplicatesAndStale() async throws {
        try await TestServer.run(.webhooks()) { client, _ in
            #expect(
                try await client.generic(upsert("d1", title: "V10", version: 10)).json["status"] as? String == "applied"
            )
            let again = try await client.generic(upsert("d1", title: "Changed", version: 12))
            #expect(again.status == .ok)
            #expect(again.json["status"] as? String == "duplicate")
            #expect(try await client.send(.get, "/v1/products/W1").json["title"] as? String == "V10")

            let stale = try await client.generic(upsert("d2", title: "V9", version: 9))
            #expect(stale.status == .ok)
            #expect(stale.json["status"] as? String == "stale")
            #expect(stale.json.int("stored_version") == 10)
            let product = try await client.send(.get, "/v1/products/W1").json
            #expect(product["title"] as? String == "V10")
            #expect(product.int("source_version") == 10)

            let staleStock = try await client.generic(
                #"{"id":"d3","type":"stock.update","data":{"product_id":"W1","available":0,"source_version":3}}"#)
            #expect(staleStock.json["status"] as? String == "stale")
            let stockAfterStale = try await client.send(.get, "/v1/products/W1").json["stock"] as? [String: Any]
            #expect(stockAfterStale?["available"] as? Int == 4)
            let stock = try await client.generic(
                #"{"id":"d4","type":"stock.update","updated_at":"2030-01-01T00:00:00Z","data":{"product_id":"W1","available":0}}"#
            )
            #expect(stock.json["status"] as? String == "applied")
            #expect(try await client.send(.get, "/v1/products/W1?channel=web").json["available"] as? Bool == false)

            let prices = try await client.generic(
                #"{"id":"d5","type":"prices.update","data":{"product_id":"W1","prices":[{"channel":"web","amount_minor":1999,"currency":"EUR"}],"source_version":20}}"#
            )
            #expect(prices.json["status"] as? String == "applied")
            let priced = try await client.send(.get, "/v1/products/W1?channel=web").json
            #expect((priced["price"] as? [String: Any])?["amount_minor"] as? Int == 1999)

            let delete = try await client.generic(
                #"{"id":"d6","type":"product.delete","data":{"product_id":"W1","source_version":30}}"#)
            #expect(delete.json["status"] as? String == "applied")
            #expect(try await client.send(.get, "/v1/products/W1").status == .notFound)
        }
    }

    @Test("order.created logs one purchase event; the same order under a new delivery id is a duplicate")
    func orders() async throws {
        try await TestServer.run(.webhooks()) { client, engine in
            let order =
                #"{"order_id":"1001","occurred_at":"2026-11-01T10:00:00Z","user_id":"u7","currency":"EUR","#
                + #""lines":[{"product_id":"P1","quantity":2,"unit_price_minor":1500}],"total_minor":3000}"#
            let first = try await client.generic(#"{"id":"o1","type":"order.created","data":\#(order)}"#)
            #expect(first.status == .ok)
            #expect(first.json["status"] as? String == "accepted")
            #expect(first.json["event_id"] as? String == "webhook_order_1001")
            let second = try await client.generic(#"{"id":"o2","type":"order.created","data":\#(order)}"#)
            #expect(second.json["status"] as? String == "duplicate")
            await #expect(try engine.statistics().eventsByType["purchase"] == 1)
        }
    }

    @Test("an unknown source names the known ones; a known one without a secret names its variable")
    func unknownSourceMessages() async throws {
        try await TestServer.run(.webhooks(["generic": WebhookFixtures.genericSecret])) { client, _ in
            func message(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["message"] as? String }
            let segment = try await client.webhook("segment", body: "{}", headers: [:])
            #expect(segment.status == .notFound)
            #expect(segment.json.errorCode == "unknown_webhook_source")
            #expect(message(segment.json) == "unknown webhook source 'segment'; known sources: generic, shopify")
            let shopify = try await client.webhook("shopify", body: "{}", headers: ["X-Shopify-Hmac-Sha256": "x"])
            #expect(shopify.status == .notFound)
            #expect(shopify.json.errorCode == "unknown_webhook_source")
            #expect(
                message(shopify.json)
                    == "the webhook source 'shopify' has no secret configured (set AFFINITY_WEBHOOK_SECRET_SHOPIFY)")
        }
    }

    @Test("unknown sources, sources without a secret, bad payloads and unknown products")
    func errors() async throws {
        try await TestServer.run(.webhooks(["generic": WebhookFixtures.genericSecret])) { client, _ in
            let shopify = try await client.webhook("shopify", body: "{}", headers: ["X-Shopify-Hmac-Sha256": "x"])
            #expect(shopify.status == .notFound)
            #expect(shopify.json.errorCode == "unknown_webhook_source")
            #expect(
                try await client.webhook("magento", body: "{}", headers: [:]).json.errorCode == "unknown_webhook_source"
            )

            let badType = try await client.generic(#"{"id":"e1","type":"product.explode","data":{}}"#)
            #expect(badType.status == .unprocessableContent)
            #expect(badType.json.errorField == "type")
            let badField = try await client.generic(
                #"{"id":"e2","type":"stock.update","data":{"product_id":"X","available":"many"}}"#)
            #expect(badField.status == .unprocessableContent)
            #expect(badField.json.errorField == "data.available")
            #expect(try await client.generic("not json").status == .badRequest)

            // Stock for a product not created yet: 404, and the delivery is forgotten so a retry works.
            let early = #"{"id":"e3","type":"stock.update","data":{"product_id":"LATE","available":2}}"#
            #expect(try await client.generic(early).status == .notFound)
            #expect(try await client.generic(upsert("e4", id: "LATE", title: "Late", version: 1)).status == .ok)
            #expect(try await client.generic(early).json["status"] as? String == "applied")
        }
    }

    @Test("Shopify: signed products/create maps and applies; inventory levels follow the stored item ids")
    func shopify() async throws {
        try await TestServer.run(.webhooks()) { client, _ in
            func shopify(_ topic: String, _ body: String, id: String, extra: [String: String] = [:], query: String = "")
                async throws
                -> (status: HTTPResponse.Status, json: [String: Any])
            {
                var headers = [
                    "X-Shopify-Hmac-Sha256": WebhookSignature.shopify(
                        body: Array(body.utf8), secret: WebhookFixtures.shopifySecret),
                    "X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": id,
                ]
                headers.merge(extra) { $1 }
                return try await client.webhook("shopify", body: body, headers: headers, query: query)
            }
            let product =
                #"{"id":9001,"title":"Tee","vendor":"Acme","product_type":"Shirts","tags":"a, b","handle":"tee","#
                + #""status":"active","updated_at":"2026-11-20T10:00:00Z","images":[{"src":"https://cdn/x.jpg"}],"#
                + #""variants":[{"id":1,"price":"19.99","inventory_quantity":5,"inventory_item_id":777,"inventory_policy":"deny"}]}"#
            let created = try await shopify("products/create", product, id: "s1", query: "?currency=USD")
            #expect(created.status == .ok)
            #expect(created.json["status"] as? String == "applied")
            let view = try await client.send(.get, "/v1/products/9001?channel=app").json
            #expect(view["brand"] as? String == "Acme")
            #expect((view["price"] as? [String: Any])?["amount_minor"] as? Int == 1999)
            #expect(try await client.send(.get, "/v1/products/9001?channel=web").json["price"] == nil)

            let tampered = try await client.webhook(
                "shopify", body: product.replacingOccurrences(of: "Tee", with: "Evil"),
                headers: [
                    "X-Shopify-Hmac-Sha256": WebhookSignature.shopify(
                        body: Array(product.utf8), secret: WebhookFixtures.shopifySecret),
                    "X-Shopify-Topic": "products/update", "X-Shopify-Webhook-Id": "s2",
                ])
            #expect(tampered.status == .unauthorized)
            #expect(try await client.send(.get, "/v1/products/9001").json["title"] as? String == "Tee")

            #expect(try await shopify("products/create", product, id: "s1").json["status"] as? String == "duplicate")

            let level = #"{"inventory_item_id":777,"location_id":1,"available":0,"updated_at":"2026-11-21T00:00:00Z"}"#
            let stock = try await shopify("inventory_levels/update", level, id: "s3")
            #expect(stock.json["status"] as? String == "applied")
            #expect(stock.json["id"] as? String == "9001")
            #expect(try await client.send(.get, "/v1/products/9001?channel=app").json["available"] as? Bool == false)

            let unknown =
                #"{"inventory_item_id":778,"location_id":1,"available":3,"updated_at":"2026-11-21T00:00:00Z"}"#
            let unmapped = try await shopify("inventory_levels/update", unknown, id: "s4")
            #expect(unmapped.status == .unprocessableContent)
            #expect(unmapped.json.errorCode == "unmapped_inventory_item")
            let named = try await shopify(
                "inventory_levels/update", unknown, id: "s5", extra: ["X-Affinity-Product-Id": "9001"])
            #expect(named.json["status"] as? String == "applied")

            let deleted = try await shopify("products/delete", #"{"id":9001}"#, id: "s6")
            #expect(deleted.json["status"] as? String == "applied")
            #expect(try await client.send(.get, "/v1/products/9001").status == .notFound)
        }
    }
}
