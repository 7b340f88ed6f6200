import AffinityCore

extension PlacementRanker {
    /// The first filter `item` fails, as its rule path (`filters.exclude_categories`), or
    /// nil when it passes them all. A product without catalog data fails every filter
    /// that needs data it lacks (include lists, price, attributes, `new_within`).
    func failedFilter(_ item: Int32) -> String? {
        let f = placement.filters
        if let rule = f.requestFailure(item, context: context) { return rule }
        let p = product(item)
        return f.catalogFailure(
            p, createdAt: p?.createdAt.flatMap(RFC3339.milliseconds), channel: context.channel, now: context.now)
    }

    /// The product's price in the asking channel (without a channel: its first price), minor units.
    func price(_ p: Product) -> Int64? {
        PlacementFilters.price(p, in: context.channel)
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
