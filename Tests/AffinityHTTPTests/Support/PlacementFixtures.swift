import AffinityEngine
import Foundation

/// A catalog with known popularity order (P0 most viewed … P9 least) and a rules file.
enum PlacementFixtures {
    /// The instant placement tests pin the clock to (inside the test pins' window).
    static let now = RFC3339.milliseconds("2026-11-27T12:00:00Z")!

    static let rules = """
        channels:
          - {id: web, kind: web, currency: EUR, locale: de-DE}
          - {id: app, kind: app, currency: USD, locale: en-US}
          - {id: kiosk, kind: kiosk, currency: GBP, locale: en-GB}
        placements:
          home:
            strategy: popular
            count: 4
            filters:
              exclude_categories: [gift-cards]
              exclude_cart: true
              price_max: 5000
            boosts:
              - {when: {brand: House}, factor: 3}
            buries:
              - {when: {tags: [clearance]}, factor: 0.1}
            pins:
              - {product_id: P9, position: 2, channels: [web], from: 2026-11-27, until: 2026-12-01}
            diversity: {max_per_category: 2}
          plain:
            strategy: popular
            count: 10
          short:
            strategy: recently_viewed
            count: 3
            fallback: [popular]
        experiments:
          plain_split:
            placement: plain
            variants:
              - {id: control, weight: 50}
              - {id: short_list, weight: 50, overrides: {count: 2}}
        """

    /// category, brand, tags, price (minor units, every channel)
    static let shape: [(String, String, [String], Int64)] = [
        ("shoes", "Acme", [], 1999), ("shoes", "Acme", ["clearance"], 1999), ("shoes", "Acme", [], 1999),
        ("gift-cards", "Acme", [], 1999), ("bags", "House", [], 1999), ("bags", "Acme", [], 9999),
        ("hats", "Acme", [], 1999), ("hats", "Acme", [], 1999), ("hats", "Acme", [], 1999), ("hats", "Acme", [], 1999),
    ]

    static func product(_ index: Int) -> Product {
        let (category, brand, tags, price) = shape[index]
        return Product(
            id: "P\(index)", title: "Product \(index)", categories: [category], brand: brand, tags: tags,
            createdAt: "2026-11-01T00:00:00Z",
            listings: ["web", "app", "kiosk"].map { Listing(channel: $0, published: true) },
            prices: [
                Price(channel: "web", amountMinor: price, currency: "EUR"),
                Price(channel: "app", amountMinor: price, currency: "USD"),
                Price(channel: "kiosk", amountMinor: price, currency: "GBP"),
            ],
            stock: Stock(available: 10))
    }

    /// Loads P0…P9; product i gets 20 − i views (web), so popularity falls with the index.
    static func seed(_ engine: Engine) async throws {
        for index in shape.indices { _ = try await engine.putProduct(product(index)) }
        var events: [Event] = []
        for index in shape.indices {
            for view in 0..<(20 - index) {
                events.append(
                    Event(
                        eventID: "seed-\(index)-\(view)", type: "product_view", occurredAt: "2026-11-27T10:00:00Z",
                        channel: "web", userID: "seed\(view)", items: [EventItem(productID: "P\(index)")]))
            }
        }
        _ = try await engine.ingest(events, batched: true)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The `items` array of a recommendation response.
    var items: [[String: Any]] { self["items"] as? [[String: Any]] ?? [] }
    /// Product ids of the `items`, in order.
    var productIDs: [String] { items.compactMap { $0["product_id"] as? String } }
    /// `(product_id, rule)` pairs of `removed`.
    var removedRules: [String: String] {
        var out: [String: String] = [:]
        for entry in self["removed"] as? [[String: Any]] ?? [] {
            if let id = entry["product_id"] as? String, let rule = entry["rule"] as? String { out[id] = rule }
        }
        return out
    }
}
