/// The filters that depend on the product alone (with the channel's prices and the
/// time), as opposed to the request's cart, exclusions and purchases. These are the
/// ones the engine turns into a per-placement mask and pushes into candidate
/// generation, so a restrictive filter still gets a full list.
extension PlacementFilters {
    /// Whether any catalog filter is set (besides `in_stock`, which the channel mask has).
    var hasCatalogFilters: Bool {
        !includeCategories.isEmpty || !excludeCategories.isEmpty || !includeBrands.isEmpty
            || !excludeBrands.isEmpty || !includeTags.isEmpty || !excludeTags.isEmpty || priceMin != nil
            || priceMax != nil || !attributes.isEmpty || newWithinDays != nil
    }

    /// The first catalog filter `p` fails, as its rule path (`filters.include_categories`),
    /// or nil. A product without catalog data fails every filter that needs data it lacks
    /// (include lists, price, attributes, `new_within`). `createdAt` is `p.createdAt` in
    /// Unix milliseconds; `now` is Unix milliseconds.
    func catalogFailure(_ p: Product?, createdAt: Int64?, channel: Channel?, now: Int64) -> String? {
        if inStock, let p, !p.stock.isSellable { return "filters.in_stock" }
        let categories = p?.categories ?? []
        if !includeCategories.isEmpty, !categories.contains(where: includeCategories.contains) {
            return "filters.include_categories"
        }
        if categories.contains(where: excludeCategories.contains) { return "filters.exclude_categories" }
        let brand = p?.brand
        if !includeBrands.isEmpty, !(brand.map(includeBrands.contains) ?? false) { return "filters.include_brands" }
        if let brand, excludeBrands.contains(brand) { return "filters.exclude_brands" }
        let tags = p?.tags ?? []
        if !includeTags.isEmpty, !tags.contains(where: includeTags.contains) { return "filters.include_tags" }
        if tags.contains(where: excludeTags.contains) { return "filters.exclude_tags" }
        if priceMin != nil || priceMax != nil {
            let amount = p.flatMap { Self.price($0, in: channel) }
            if let min = priceMin, (amount ?? .min) < min { return "filters.price_min" }
            if let max = priceMax, (amount ?? .max) > max { return "filters.price_max" }
        }
        for (key, values) in attributes.sorted(by: { $0.key < $1.key }) {
            guard let value = p?.attributes[key], values.contains(value) else { return "filters.attributes.\(key)" }
        }
        if let days = newWithinDays {
            if (createdAt ?? .min) < now - Int64(days) * 86_400_000 { return "filters.new_within" }
        }
        return nil
    }

    /// The product's price in `channel` (without a channel: its first price), minor units.
    static func price(_ p: Product, in channel: Channel?) -> Int64? {
        if let channel { return p.price(in: channel.id)?.amountMinor }
        return p.prices.first?.amountMinor
    }
}

/// The filters that depend on the request: its `exclude`, the cart, recent purchases.
extension PlacementFilters {
    /// The first request filter `item` fails, as its rule path, or nil.
    func requestFailure(_ item: Int32, context: PlacementContext) -> String? {
        if excludeRequestIDs, context.requestExclude.contains(item) { return "filters.exclude_request_ids" }
        if excludeCart, context.cartItems.contains(item) { return "filters.exclude_cart" }
        if let last = context.purchases[item], isRecentPurchase(last, now: context.now) {
            return "filters.exclude_purchased_within"
        }
        return nil
    }

    /// Every item the request filters leave out (the core's exclusion set).
    func requestExclusions(_ context: PlacementContext) -> Set<Int32> {
        var excluded = Set<Int32>()
        if excludeRequestIDs { excluded.formUnion(context.requestExclude) }
        if excludeCart { excluded.formUnion(context.cartItems) }
        for (item, last) in context.purchases where isRecentPurchase(last, now: context.now) { excluded.insert(item) }
        return excluded
    }

    /// Whether a purchase at `last` (Unix seconds) falls in `exclude_purchased_within` at `now` (ms).
    private func isRecentPurchase(_ last: Int64, now: Int64) -> Bool {
        guard let window = excludePurchasedWithin else { return false }
        return last >= now / 1000 - window
    }
}
