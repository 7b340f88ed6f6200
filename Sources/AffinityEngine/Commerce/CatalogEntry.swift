/// What serving needs to know about one product, indexed by its dense id: enough to
/// filter (stock, publication, price per channel) and enrich a list without a store read.
struct CatalogEntry: Sendable {
    var product: Product
    /// Channels in which the product is published.
    var publishedIn: Set<String>

    init(_ product: Product) {
        self.product = product
        publishedIn = Set(product.listings.filter(\.published).map(\.channel))
    }

    /// Whether the product may be shown in `channel` (currency from the channel's
    /// config): published there, priced in its currency, and sellable. Without a channel,
    /// sellable is enough.
    func isServable(in channel: Channel?) -> Bool {
        guard product.stock.isSellable else { return false }
        guard let channel else { return true }
        guard publishedIn.contains(channel.id), let price = product.price(in: channel.id) else { return false }
        return price.currency == channel.currency
    }
}
