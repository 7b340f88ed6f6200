package import AffinityCore

/// One rule's mark on one item, as `explain=true` shows it.
package struct RuleEffect: Sendable, Equatable, Encodable {
    /// Path of the rule in the placement, e.g. `boosts[0]`, `pins[1]`, `diversity.mmr_lambda`.
    package var rule: String
    /// What it did: `boosted`, `buried`, `pinned`, `diversified` or `filled` (fallback).
    package var effect: String
    /// The multiplier, for boosts and buries.
    package var factor: Float?

    package init(rule: String, effect: String, factor: Float? = nil) {
        self.rule = rule
        self.effect = effect
        self.factor = factor
    }
}

/// A candidate that a rule kept out of the list.
package struct RemovedCandidate: Sendable, Equatable {
    /// The dense id, when the product is known to the engine.
    package var item: Int32?
    /// The external id, when only that is known (a pin naming an unknown product).
    package var productID: String?
    /// The rule path, e.g. `filters.exclude_categories` or `diversity.max_per_brand`.
    package var rule: String

    package init(item: Int32?, productID: String? = nil, rule: String) {
        self.item = item
        self.productID = productID
        self.rule = rule
    }
}

/// One item of a ranked list with the rules that touched it.
package struct RankedItem: Sendable, Equatable {
    /// The item, its (adjusted) score and its evidence from the core.
    package var scored: ScoredItem
    /// Every rule that changed its score or position, in the order applied.
    package var rules: [RuleEffect]
    /// Where the item came from when not the placement's strategy, e.g. `fallback:trending`.
    package var source: String?

    package init(scored: ScoredItem, rules: [RuleEffect] = [], source: String? = nil) {
        self.scored = scored
        self.rules = rules
        self.source = source
    }
}

/// The pipeline's output: the final list and what the rules removed.
package struct RankedList: Sendable, Equatable {
    /// At most the placement's count, best first.
    package var items: [RankedItem]
    /// Candidates dropped by filters, diversity caps or skipped pins, in the order met.
    package var removed: [RemovedCandidate]

    package init(items: [RankedItem], removed: [RemovedCandidate]) {
        self.items = items
        self.removed = removed
    }
}

/// What a request knows besides its candidates: the facts filters and conditions test.
package struct PlacementContext: Sendable {
    /// The asking channel (prices are read in its currency; pins may be limited to it).
    package var channel: Channel?
    /// Request time, Unix milliseconds.
    package var now: Int64
    /// Products in the shopper's cart (`filters.exclude_cart`).
    package var cartItems: Set<Int32>
    /// Products the request asks to leave out (`filters.exclude_request_ids`).
    package var requestExclude: Set<Int32>
    /// The viewed product, for `same_as_context` conditions.
    package var contextItem: Int32?
    /// Last purchase time (Unix seconds) per product, for `filters.exclude_purchased_within`.
    package var purchases: [Int32: Int64]

    package init(
        channel: Channel? = nil, now: Int64, cartItems: Set<Int32> = [], requestExclude: Set<Int32> = [],
        contextItem: Int32? = nil, purchases: [Int32: Int64] = [:]
    ) {
        self.channel = channel
        self.now = now
        self.cartItems = cartItems
        self.requestExclude = requestExclude
        self.contextItem = contextItem
        self.purchases = purchases
    }
}
