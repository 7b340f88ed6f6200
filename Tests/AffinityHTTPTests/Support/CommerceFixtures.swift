import AffinityEngine

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
