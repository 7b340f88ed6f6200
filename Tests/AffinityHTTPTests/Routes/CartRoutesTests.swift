import AffinityCore
import AffinityEngine
import AffinityStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct CartRoutesTests {
    @Test func cartLinesUseCatalogPricesAndEmitEvents() async throws {
        try await TestServer.run { client, engine in
            _ = try await engine.putProduct(CommerceFixtures.product("P1", available: 5))
            let created = try await client.send(.post, "/v1/carts", body: #"{"channel":"app","user_id":"u1"}"#)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["currency"] as? String == "USD")
            let added = try await client.send(
                .post, "/v1/carts/\(id)/items", body: #"{"product_id":"P1","quantity":2}"#)
            #expect(added.status == .ok)
            let line = try #require((added.json["lines"] as? [[String: Any]])?.first)
            #expect(line["unit_price_minor"] as? Int == 2199)
            #expect(added.json["subtotal_minor"] as? Int == 4398)
            let patched = try await client.send(.patch, "/v1/carts/\(id)/items/P1", body: #"{"quantity":1}"#)
            #expect(patched.json["item_count"] as? Int == 1)
            let removed = try await client.send(.delete, "/v1/carts/\(id)/items/P1")
            #expect((removed.json["lines"] as? [Any])?.isEmpty == true)
            let stats = try await engine.statistics()
            #expect(stats.eventsByType["add_to_cart"] == 1)
            #expect(stats.eventsByType["remove_from_cart"] == 2)
            let tooMany = try await client.send(
                .post, "/v1/carts/\(id)/items", body: #"{"product_id":"P1","quantity":6}"#)
            #expect(tooMany.status == .conflict)
            #expect(tooMany.json.errorCode == "insufficient_stock")
        }
    }

    @Test func checkoutIsIdempotentDecrementsStockAndLogsAPurchase() async throws {
        try await TestServer.run { client, engine in
            _ = try await engine.putProduct(CommerceFixtures.product("P1", available: 5))
            let id = try #require(
                try await client.send(.post, "/v1/carts", body: #"{"channel":"web","user_id":"u1"}"#).json["id"]
                    as? String)
            _ = try await client.send(.post, "/v1/carts/\(id)/items", body: #"{"product_id":"P1","quantity":2}"#)
            let first = try await checkout(client, cart: id, key: "k-1")
            #expect(first.status == .created)
            let again = try await checkout(client, cart: id, key: "k-1")
            #expect(again.status == .ok)
            #expect(again.json["id"] as? String == first.json["id"] as? String)
            #expect(first.json["total_minor"] as? Int == 3998)
            #expect(first.json["currency"] as? String == "EUR")
            let orderID = try #require(first.json["id"] as? String)
            #expect(
                try await client.send(.get, "/v1/orders/\(orderID)", key: TestServer.secretKey).json["cart_id"]
                    as? String == id)
            #expect(try await client.send(.get, "/v1/orders/\(orderID)").status == .forbidden)
            let mine = try await client.send(.get, "/v1/users/u1/orders", key: TestServer.secretKey)
            #expect((mine.json["orders"] as? [Any])?.count == 1)
            #expect(try engine.product("P1", channel: nil).product.stock.available == 3)
            await #expect(try engine.statistics().eventsByType["purchase"] == 1)
            let bought = try await engine.recommend(RecommendationQuery(strategy: .buyAgain, userID: "u1")).items.map(
                \.productID)
            #expect(bought == ["P1"])
            let missingKey = try await client.send(.post, "/v1/carts/\(id)/checkout")
            #expect(missingKey.status == .unprocessableContent)
        }
    }

    @Test func fiftyConcurrentCheckoutsOfTheLastTenUnitsSellExactlyTen() async throws {
        try await TestServer.run { client, engine in
            _ = try await engine.putProduct(CommerceFixtures.product("LAST", available: 10))
            var carts: [String] = []
            for index in 0..<50 {
                let id = try #require(
                    try await client.send(.post, "/v1/carts", body: #"{"channel":"web","anonymous_id":"a\#(index)"}"#)
                        .json["id"] as? String)
                _ = try await client.send(.post, "/v1/carts/\(id)/items", body: #"{"product_id":"LAST","quantity":1}"#)
                carts.append(id)
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for (index, cart) in carts.enumerated() {
                    group.addTask { try await checkout(client, cart: cart, key: "key-\(index)").status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 10)
            #expect(statuses.filter { $0 == .conflict }.count == 40)
            #expect(try engine.product("LAST", channel: nil).product.stock.available == 0)
            await #expect(try engine.statistics().eventsByType["purchase"] == 10)
        }
    }
}

@Suite struct VariantPricingTests {
    @Test func aVariantLineUsesTheVariantsOwnPrice() async throws {
        try await TestServer.run { client, engine in
            var product = CommerceFixtures.product("SHOE", available: 5)
            product.variants = [Variant(id: "SHOE-42", sku: "S42"), Variant(id: "SHOE-43", sku: "S43")]
            product.prices.append(Price(channel: "web", amountMinor: 2499, currency: "EUR", variantID: "SHOE-43"))
            #expect(try await engine.putProduct(product).status == "applied")
            let id = try #require(
                try await client.send(.post, "/v1/carts", body: #"{"channel":"web"}"#).json["id"] as? String)
            let big = try await client.send(
                .post, "/v1/carts/\(id)/items", body: #"{"product_id":"SHOE","variant_id":"SHOE-43"}"#)
            let small = try await client.send(
                .post, "/v1/carts/\(id)/items", body: #"{"product_id":"SHOE","variant_id":"SHOE-42"}"#)
            let lines = try #require(small.json["lines"] as? [[String: Any]])
            #expect(big.status == .ok)
            #expect(lines.map { $0["unit_price_minor"] as? Int } == [2499, 1999])
            let unknown = try await client.send(
                .post, "/v1/carts/\(id)/items", body: #"{"product_id":"SHOE","variant_id":"SHOE-99"}"#)
            #expect(unknown.status == .unprocessableContent)
            let undeclared =
                #"{"title":"X","variants":[{"id":"A"}],"prices":[{"channel":"web","amount_minor":1,"currency":"EUR","variant_id":"B"}]}"#
            let rejected = try await client.send(.put, "/v1/products/X", key: TestServer.secretKey, body: undeclared)
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.json.errorField == "prices[0].variant_id")
        }
    }
}
