import AffinityEngine
import Foundation
import HTTPTypes
import Testing

@Suite struct CatalogRoutesTests {
    let body =
        #"{"title":"Trail Runner","categories":["shoes"],"brand":"Acme","tags":["new"],"attributes":{"color":"red"},"image_url":"https://img.example/T1.jpg","url":"https://shop.example/T1","source_version":5,"listings":[{"channel":"web","published":true}],"prices":[{"channel":"web","amount_minor":8999,"currency":"EUR"}],"stock":{"available":3,"allow_backorder":false}}"#

    @Test func secretKeyWritesAndPublicKeyReadsInTheChannelCurrency() async throws {
        try await TestServer.run { client, _ in
            let denied = try await client.send(.put, "/v1/products/T1", key: TestServer.publicKey, body: body)
            #expect(denied.status == .forbidden)
            let put = try await client.send(.put, "/v1/products/T1", key: TestServer.secretKey, body: body)
            #expect(put.status == .ok)
            #expect(put.json["status"] as? String == "applied")
            let read = try await client.send(.get, "/v1/products/T1?channel=web")
            #expect(read.status == .ok)
            #expect(read.json["title"] as? String == "Trail Runner")
            let price = try #require(read.json["price"] as? [String: Any])
            #expect(price["amount_minor"] as? Int == 8999)
            #expect(price["currency"] as? String == "EUR")
            #expect(read.json["available"] as? Bool == true)
            let missing = try await client.send(.get, "/v1/products/NOPE")
            #expect(missing.status == .notFound)
        }
    }

    @Test func olderSourceVersionIsReportedStaleAndNeverApplied() async throws {
        try await TestServer.run { client, _ in
            _ = try await client.send(.put, "/v1/products/T1", key: TestServer.secretKey, body: body)
            let older = body.replacingOccurrences(of: "Trail Runner", with: "Old Title")
                .replacingOccurrences(of: #""source_version":5"#, with: #""source_version":4"#)
            let stale = try await client.send(.put, "/v1/products/T1", key: TestServer.secretKey, body: older)
            #expect(stale.json["status"] as? String == "stale")
            #expect(stale.json["stored_version"] as? Int == 5)
            #expect(try await client.send(.get, "/v1/products/T1").json["title"] as? String == "Trail Runner")

            let stock = try await client.send(
                .put, "/v1/products/T1/stock", key: TestServer.secretKey, body: #"{"available":0,"source_version":9}"#)
            #expect(stock.json["status"] as? String == "applied")
            let oldStock = try await client.send(
                .put, "/v1/products/T1/stock", key: TestServer.secretKey, body: #"{"available":50,"source_version":8}"#)
            #expect(oldStock.json["status"] as? String == "stale")
            #expect(try await client.send(.get, "/v1/products/T1").json["available"] as? Bool == false)

            let prices = #"{"prices":[{"channel":"web","amount_minor":7999,"currency":"EUR"}],"source_version":3}"#
            #expect(
                try await client.send(.put, "/v1/products/T1/prices", key: TestServer.secretKey, body: prices).json[
                    "status"] as? String == "applied")
            let olderPrices = #"{"prices":[{"channel":"web","amount_minor":1,"currency":"EUR"}],"source_version":2}"#
            #expect(
                try await client.send(.put, "/v1/products/T1/prices", key: TestServer.secretKey, body: olderPrices)
                    .json["status"] as? String == "stale")
            let price = try await client.send(.get, "/v1/products/T1?channel=web").json["price"] as? [String: Any]
            #expect(price?["amount_minor"] as? Int == 7999)
        }
    }

    @Test func aPriceInAnotherCurrencyThanTheChannelsIs422() async throws {
        try await TestServer.run { client, _ in
            let usd = body.replacingOccurrences(of: #""currency":"EUR""#, with: #""currency":"USD""#)
            let response = try await client.send(.put, "/v1/products/T1", key: TestServer.secretKey, body: usd)
            #expect(response.status == .unprocessableContent)
            #expect(response.json.errorField == "prices[0].currency")
            #expect(try await client.send(.get, "/v1/products/T1").status == .notFound)
        }
    }

    @Test func listingFiltersAndPagesInStableOrder() async throws {
        try await TestServer.run { client, engine in
            for id in ["A1", "A2", "A3", "B1"] {
                _ = try await engine.putProduct(
                    CommerceFixtures.product(
                        id, category: id.hasPrefix("A") ? "shoes" : "hats", available: id == "A2" ? 0 : 5))
            }
            let first = try await client.send(.get, "/v1/products?category=shoes&limit=2")
            let page1 = try #require(first.json["items"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(page1 == ["A1", "A2"])
            let cursor = try #require(first.json["next_cursor"] as? String)
            let second = try await client.send(.get, "/v1/products?category=shoes&limit=2&cursor=\(cursor)")
            #expect(try #require(second.json["items"] as? [[String: Any]]).compactMap { $0["id"] as? String } == ["A3"])
            #expect(second.json["next_cursor"] == nil)
            let inStock = try await client.send(.get, "/v1/products?in_stock=true&q=product")
            #expect(
                try #require(inStock.json["items"] as? [[String: Any]]).compactMap { $0["id"] as? String } == [
                    "A1", "A3", "B1",
                ])
        }
    }

    @Test func productWithItsListsInOneRoundTrip() async throws {
        try await TestServer.run { client, engine in
            try await CommerceFixtures.seed(engine, products: (1...6).map { CommerceFixtures.product("P\($0)") })
            let response = try await client.send(.get, "/v1/products/P1?channel=web&include=similar,bought_together")
            #expect(response.status == .ok)
            let lists = try #require(response.json["recommendations"] as? [String: Any])
            let similar = try #require(lists["similar"] as? [[String: Any]])
            #expect(!similar.isEmpty)
            #expect(!similar.contains { $0["product_id"] as? String == "P1" })
            #expect(lists["bought_together"] is [[String: Any]])
        }
    }
}
