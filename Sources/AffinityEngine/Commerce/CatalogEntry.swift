/// What serving needs to know about one product, indexed by its dense id: enough to
/// filter (stock, publication, price per channel) and enrich a list without a store read.
struct CatalogEntry: Sendable {
    var product: Product
    /// Channels in which the product is published.
    var publishedIn: Set<String>
    /// Channels in which the product is published but hidden from listings.
    var hiddenIn: Set<String>
    /// `created_at` in Unix milliseconds, parsed once (`filters.new_within`).
    var createdAtMillis: Int64?

    init(_ product: Product) {
        self.product = product
        publishedIn = Set(product.listings.filter(\.published).map(\.channel))
        hiddenIn = Set(product.listings.filter { $0.published && !$0.visible }.map(\.channel))
        createdAtMillis = product.createdAt.flatMap(RFC3339.milliseconds)
    }

    /// Whether listing-style lists may show it in `channel`: servable and not hidden
    /// from listings there. Without a channel, hidden means hidden in every channel it
    /// is published in.
    func isListable(in channel: Channel?) -> Bool {
        guard isServable(in: channel) else { return false }
        guard let channel else { return hiddenIn.isEmpty || hiddenIn.count < publishedIn.count }
        return !hiddenIn.contains(channel.id)
    }

    /// Why the product cannot be shown in `channel`, or nil when it can (`explain`).
    func unservableReason(in channel: Channel?) -> RemovalReason? {
        guard product.stock.isSellable else { return .outOfStock }
        guard let channel else { return nil }
        guard publishedIn.contains(channel.id) else { return .unpublishedInChannel }
        guard let price = product.price(in: channel.id), price.currency == channel.currency else {
            return .noPriceInCurrency
        }
        return nil
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
