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
    /// The last instant of generated behaviour (events fall in the 60 days before it).
    package static let endMillis: Int64 = RFC3339.milliseconds("2026-11-20T00:00:00Z")!

    package static let demoChannels = [
        Channel(id: "web", kind: "web", currency: "EUR", locale: "de-DE"),
        Channel(id: "app", kind: "app", currency: "USD", locale: "en-US"),
        Channel(id: "kiosk", kind: "kiosk", currency: "GBP", locale: "en-GB"),
    ]

    /// Builds the whole store from `seed`; the same seed gives the same store.
    package static func generate(seed: UInt64 = defaultSeed, products productCount: Int = 2000, shoppers: Int = 1000)
        -> DemoStore
    {
        var random = SeededRandom(seed: seed)
        let catalog = DemoCatalog(random: &random, productCount: productCount)
        let events = DemoBehaviour(catalog: catalog, shoppers: shoppers).events(random: &random)
        return DemoStore(channels: demoChannels, products: catalog.products, events: events)
    }
}
