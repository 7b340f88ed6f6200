import AffinityEngine
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Products for commerce tests, in the three demo channels (web EUR, app USD, kiosk GBP).
enum CommerceFixtures {
    static func product(
        _ id: String, title: String? = nil, category: String = "shoes", available: Int = 10,
        published: [String: Bool] = [:], version: Int64? = nil
    ) -> Product {
        Product(
            id: id, title: title ?? "Product \(id)", categories: [category], brand: "Acme",
            imageURL: "https://img.example/\(id).jpg", url: "https://shop.example/\(id)", sourceVersion: version,
            listings: ["web", "app", "kiosk"].map { Listing(channel: $0, published: published[$0] ?? true) },
            prices: [
                Price(channel: "web", amountMinor: 1999, currency: "EUR"),
                Price(channel: "app", amountMinor: 2199, currency: "USD"),
                Price(channel: "kiosk", amountMinor: 1799, currency: "GBP"),
            ],
            stock: Stock(available: available))
    }

    /// Loads products and makes them popular (views by several shoppers), so every
    /// strategy that falls back to popularity has them as candidates.
    static func seed(_ engine: Engine, products: [Product]) async throws {
        for product in products { _ = try await engine.putProduct(product) }
        var events: [Event] = []
        for (index, product) in products.enumerated() {
            for shopper in 0..<3 {
                events.append(
                    Event(
                        eventID: "seed-\(index)-\(shopper)", type: "product_view", occurredAt: "2026-11-01T10:00:00Z",
                        channel: "web", userID: "seed\(shopper)", items: [EventItem(productID: product.id)]))
            }
        }
        _ = try await engine.ingest(events, batched: true)
    }
}

/// Checks out `cart` with the public key and an Idempotency-Key.
func checkout(_ client: any TestClientProtocol, cart: String, key: String) async throws -> (
    status: HTTPResponse.Status, json: [String: Any]
) {
    var headers: HTTPFields = [.authorization: "Bearer \(TestServer.publicKey)", .contentType: "application/json"]
    headers[HTTPField.Name("Idempotency-Key")!] = key
    let response = try await client.executeRequest(
        uri: "/v1/carts/\(cart)/checkout", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"payment_reference":"psp-123"}"#))
    let json =
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any] ?? [:]
    return (response.status, json)
}
