/// Hard constraints: an item that fails one never enters the list, however well it scores.
package struct PlacementFilters: Sendable, Equatable {
    /// Drop items a shopper cannot buy now (no stock and no backorder).
    package var inStock: Bool
    /// Keep only / drop these categories, brands and tags (any listed value matches).
    package var includeCategories: [String]
    package var excludeCategories: [String]
    package var includeBrands: [String]
    package var excludeBrands: [String]
    package var includeTags: [String]
    package var excludeTags: [String]
    /// Inclusive price bounds in the channel's minor units (cents), so no currency conversion is implied.
    package var priceMin: Int64?
    package var priceMax: Int64?
    /// Attribute key → accepted values (any of).
    package var attributes: [String: [JSONValue]]
    /// Drop what the shopper bought within this many seconds (nil: keep purchases).
    package var excludePurchasedWithin: Int64?
    /// Drop what is already in the shopper's cart.
    package var excludeCart: Bool
    /// Drop the ids the request lists in `exclude`.
    package var excludeRequestIDs: Bool
    /// Keep only products created within this many days.
    package var newWithinDays: Int?
    /// Whether products hidden from listings may appear; nil decides by strategy
    /// (listing-style strategies leave them out, `recently_viewed` and `buy_again` keep them).
    package var includeHidden: Bool?

    package init(
        inStock: Bool = true, includeCategories: [String] = [], excludeCategories: [String] = [],
        includeBrands: [String] = [], excludeBrands: [String] = [], includeTags: [String] = [],
        excludeTags: [String] = [], priceMin: Int64? = nil, priceMax: Int64? = nil,
        attributes: [String: [JSONValue]] = [:], excludePurchasedWithin: Int64? = nil, excludeCart: Bool = false,
        excludeRequestIDs: Bool = true, newWithinDays: Int? = nil, includeHidden: Bool? = nil
    ) {
        self.includeHidden = includeHidden
        self.inStock = inStock
        self.includeCategories = includeCategories
        self.excludeCategories = excludeCategories
        self.includeBrands = includeBrands
        self.excludeBrands = excludeBrands
        self.includeTags = includeTags
        self.excludeTags = excludeTags
        self.priceMin = priceMin
        self.priceMax = priceMax
        self.attributes = attributes
        self.excludePurchasedWithin = excludePurchasedWithin
        self.excludeCart = excludeCart
        self.excludeRequestIDs = excludeRequestIDs
        self.newWithinDays = newWithinDays
    }

    /// How many filters differ from the defaults (for summaries).
    package var ruleCount: Int {
        let defaults = PlacementFilters()
        let flags = [
            inStock != defaults.inStock, !includeCategories.isEmpty, !excludeCategories.isEmpty,
            !includeBrands.isEmpty, !excludeBrands.isEmpty, !includeTags.isEmpty, !excludeTags.isEmpty,
            priceMin != nil, priceMax != nil, !attributes.isEmpty, excludePurchasedWithin != nil,
            excludeCart != defaults.excludeCart, excludeRequestIDs != defaults.excludeRequestIDs, newWithinDays != nil,
            includeHidden != nil,
        ]
        return flags.filter { $0 }.count
    }
}

/// Which products a boost or bury applies to; every stated part must match (AND), and a
/// list within a part matches any of its values (OR).
package struct Condition: Sendable, Equatable {
    /// A product attribute that can be compared with the product being viewed.
    package enum ContextField: String, Sendable, Equatable, CaseIterable {
        case brand, category
    }

    /// Any of these values matches.
    package var brands: [String]
    package var categories: [String]
    package var tags: [String]
    package var attributes: [String: [JSONValue]]
    /// Inclusive price bounds in minor units.
    package var priceMin: Int64?
    package var priceMax: Int64?
    /// Match items that share these fields with the request's context item (the viewed product).
    package var sameAsContext: [ContextField]

    package init(
        brands: [String] = [], categories: [String] = [], tags: [String] = [],
        attributes: [String: [JSONValue]] = [:], priceMin: Int64? = nil, priceMax: Int64? = nil,
        sameAsContext: [ContextField] = []
    ) {
        self.brands = brands
        self.categories = categories
        self.tags = tags
        self.attributes = attributes
        self.priceMin = priceMin
        self.priceMax = priceMax
        self.sameAsContext = sameAsContext
    }
}

/// A score multiplier for matching items: soft, unlike a filter, so relevance still counts.
package struct Adjustment: Sendable, Equatable {
    package var when: Condition
    /// Positive and finite; > 1 lifts (boosts), < 1 sinks (buries).
    package var factor: Float

    package init(when: Condition, factor: Float) {
        self.when = when
        self.factor = factor
    }
}

/// A product forced into a position, e.g. a campaign hero, optionally limited in channel and time.
package struct Pin: Sendable, Equatable {
    /// The external product id.
    package var productID: String
    /// 1-based, at most the placement's count.
    package var position: Int
    /// Channels where the pin applies; nil means all.
    package var channels: [String]?
    /// Inclusive start (Unix milliseconds); a bare date means 00:00 UTC.
    package var from: Int64?
    /// Exclusive end (Unix milliseconds); a bare date means 00:00 UTC of that day.
    package var until: Int64?

    package init(productID: String, position: Int, channels: [String]? = nil, from: Int64? = nil, until: Int64? = nil) {
        self.productID = productID
        self.position = position
        self.channels = channels
        self.from = from
        self.until = until
    }

    /// Whether the pin applies in `channel` at `now` (Unix milliseconds).
    package func isActive(channel: String?, now: Int64) -> Bool {
        if let channels, !channels.contains(where: { $0 == channel }) { return false }
        if let from, now < from { return false }
        if let until, now >= until { return false }
        return true
    }
}

/// Where `trending` and `popular` (as the strategy or a fallback) take their leaders from.
package struct PlacementScope: Sendable, Equatable {
    /// Whose popularity: the asking channel's, the whole shop's, or one named channel's.
    package enum ChannelScope: Sendable, Equatable {
        case request, all
        case named(String)
    }

    /// Which items: every one, one named category, or the viewed product's first category.
    package enum CategoryScope: Sendable, Equatable {
        case all, context
        case named(String)
    }

    package var channel: ChannelScope
    package var category: CategoryScope

    package init(channel: ChannelScope = .request, category: CategoryScope = .all) {
        self.channel = channel
        self.category = category
    }
}

/// Variety constraints, so one category or brand cannot take over a list.
package struct Diversity: Sendable, Equatable {
    /// At most this many items per category / brand.
    package var maxPerCategory: Int?
    package var maxPerBrand: Int?
    /// Maximal marginal relevance trade-off: 1 is pure relevance, 0 pure novelty.
    package var mmrLambda: Float?
    /// What makes two items "the same" for MMR; their similarity is the mean over these.
    package var similarity: [SimilarityFeature]

    /// One way MMR compares two items, each giving 0 (unrelated) to 1.
    package enum SimilarityFeature: String, Sendable, Equatable, CaseIterable {
        /// 1 when they share a category.
        case category
        /// 1 when they have the same brand.
        case brand
        /// Cosine of the ALS item vectors: "more of the same" across categories.
        case vectors
        /// Cosine of the attribute vectors (categories, brand, title words, tags).
        case content
    }

    /// Category and brand, as MMR compared items before the choice existed.
    package static let defaultSimilarity: [SimilarityFeature] = [.category, .brand]

    package init(
        maxPerCategory: Int? = nil, maxPerBrand: Int? = nil, mmrLambda: Float? = nil,
        similarity: [SimilarityFeature] = Diversity.defaultSimilarity
    ) {
        self.maxPerCategory = maxPerCategory
        self.maxPerBrand = maxPerBrand
        self.mmrLambda = mmrLambda
        self.similarity = similarity
    }
}
