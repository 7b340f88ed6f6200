import AffinityCore

extension PlacementRanker {
    /// The first filter `item` fails, as its rule path (`filters.exclude_categories`), or
    /// nil when it passes them all. A product without catalog data fails every filter
    /// that needs data it lacks (include lists, price, attributes, `new_within`).
    func failedFilter(_ item: Int32) -> String? {
        let f = placement.filters
        if f.excludeRequestIDs, context.requestExclude.contains(item) { return "filters.exclude_request_ids" }
        if f.excludeCart, context.cartItems.contains(item) { return "filters.exclude_cart" }
        if let window = f.excludePurchasedWithin, let last = context.purchases[item],
            last >= context.now / 1000 - window
        {
            return "filters.exclude_purchased_within"
        }
        let p = product(item)
        if f.inStock, let p, !p.stock.isSellable { return "filters.in_stock" }
        let categories = p?.categories ?? []
        if !f.includeCategories.isEmpty, !categories.contains(where: f.includeCategories.contains) {
            return "filters.include_categories"
        }
        if categories.contains(where: f.excludeCategories.contains) { return "filters.exclude_categories" }
        let brand = p?.brand
        if !f.includeBrands.isEmpty, !(brand.map(f.includeBrands.contains) ?? false) { return "filters.include_brands" }
        if let brand, f.excludeBrands.contains(brand) { return "filters.exclude_brands" }
        let tags = p?.tags ?? []
        if !f.includeTags.isEmpty, !tags.contains(where: f.includeTags.contains) { return "filters.include_tags" }
        if tags.contains(where: f.excludeTags.contains) { return "filters.exclude_tags" }
        if f.priceMin != nil || f.priceMax != nil {
            let amount = p.flatMap(price)
            if let min = f.priceMin, (amount ?? .min) < min { return "filters.price_min" }
            if let max = f.priceMax, (amount ?? .max) > max { return "filters.price_max" }
        }
        for (key, values) in f.attributes.sorted(by: { $0.key < $1.key }) {
            guard let value = p?.attributes[key], values.contains(value) else { return "filters.attributes.\(key)" }
        }
        if let days = f.newWithinDays {
            let created = p?.createdAt.flatMap(RFC3339.milliseconds) ?? .min
            if created < context.now - Int64(days) * 86_400_000 { return "filters.new_within" }
        }
        return nil
    }

    /// The product's price in the asking channel (without a channel: its first price), minor units.
    func price(_ p: Product) -> Int64? {
        if let channel = context.channel { return p.price(in: channel.id)?.amountMinor }
        return p.prices.first?.amountMinor
    }

    /// Whether `p` meets every stated part of a boost or bury condition.
    func matches(_ condition: Condition, _ p: Product?) -> Bool {
        guard let p else { return false }
        if !condition.brands.isEmpty, !(p.brand.map(condition.brands.contains) ?? false) { return false }
        if !condition.categories.isEmpty, !p.categories.contains(where: condition.categories.contains) { return false }
        if !condition.tags.isEmpty, !p.tags.contains(where: condition.tags.contains) { return false }
        for (key, values) in condition.attributes {
            guard let value = p.attributes[key], values.contains(value) else { return false }
        }
        if condition.priceMin != nil || condition.priceMax != nil {
            guard let amount = price(p) else { return false }
            if let min = condition.priceMin, amount < min { return false }
            if let max = condition.priceMax, amount > max { return false }
        }
        if !condition.sameAsContext.isEmpty {
            guard let item = context.contextItem, let viewed = product(item) else { return false }
            for field in condition.sameAsContext {
                switch field {
                case .brand:
                    guard let brand = viewed.brand, p.brand == brand else { return false }
                case .category:
                    guard p.categories.contains(where: viewed.categories.contains) else { return false }
                }
            }
        }
        return true
    }

    /// The item with every matching boost and bury multiplied into its score, and the trail.
    func adjusted(_ scored: ScoredItem) -> (ScoredItem, [RuleEffect]) {
        let p = product(scored.item)
        var result = scored
        var rules: [RuleEffect] = []
        for (index, boost) in placement.boosts.enumerated() where matches(boost.when, p) {
            result.score *= boost.factor
            rules.append(RuleEffect(rule: "boosts[\(index)]", effect: "boosted", factor: boost.factor))
        }
        for (index, bury) in placement.buries.enumerated() where matches(bury.when, p) {
            result.score *= bury.factor
            rules.append(RuleEffect(rule: "buries[\(index)]", effect: "buried", factor: bury.factor))
        }
        return (result, rules)
    }
}
