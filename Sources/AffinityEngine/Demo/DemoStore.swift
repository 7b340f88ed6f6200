/// A synthetic but realistic shop, generated from a seed: the catalog a fresh server
/// starts with and the shopper behaviour that makes its first answers meaningful.
///
/// Shoppers have latent tastes (favourite categories, brands and a price band); their
/// sessions funnel view → add-to-cart → purchase, and purchases pull in products from
/// complementary categories (phone → case), so co-occurrence has real structure to find.
package struct DemoStore: Sendable {
    package var channels: [Channel]
    package var products: [Product]
    package var events: [Event]

    /// The seed `serve` uses for a fresh data directory and that `Datasets/demo/` holds.
    package static let defaultSeed: UInt64 = 42
    /// The last instant of the committed `Datasets/demo` files' behaviour (events fall in
    /// the 60 days before it). A server seeds its demo store ending at the moment it seeds
    /// instead, so that trending, recency and dated rules read the same on any day.
    package static let endMillis: Int64 = RFC3339.milliseconds("2026-11-20T00:00:00Z")!

    package static let demoChannels = [
        Channel(id: "web", kind: "web", currency: "EUR", locale: "de-DE"),
        Channel(id: "app", kind: "app", currency: "USD", locale: "en-US"),
        Channel(id: "kiosk", kind: "kiosk", currency: "GBP", locale: "en-GB"),
    ]

    /// Builds the whole store from `seed`, with behaviour in the 60 days before `end`
    /// (Unix milliseconds, whole seconds): the same seed and end give the same store, and
    /// another end shifts every timestamp by the same amount.
    package static func generate(
        seed: UInt64 = defaultSeed, products productCount: Int = 2000, shoppers: Int = 1000,
        endingAt end: Int64 = endMillis
    ) -> DemoStore {
        var random = SeededRandom(seed: seed)
        let end = end - end % 1000
        let catalog = DemoCatalog(random: &random, productCount: productCount, end: end)
        let events = DemoBehaviour(catalog: catalog, shoppers: shoppers, end: end).events(random: &random)
        return DemoStore(channels: demoChannels, products: catalog.products, events: events)
    }
}
