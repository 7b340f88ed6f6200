/// Hard constraints: an item that fails one never enters the list, however well it scores.
public struct PlacementFilters: Sendable, Equatable {
    /// Drop items a shopper cannot buy now (no stock and no backorder).
    public var inStock: Bool
    /// Keep only / drop these categories, brands and tags (any listed value matches).
    public var includeCategories: [String]
    public var excludeCategories: [String]
    public var includeBrands: [String]
    public var excludeBrands: [String]
    public var includeTags: [String]
    public var excludeTags: [String]
    /// Inclusive price bounds in the channel's minor units (cents), so no currency conversion is implied.
    public var priceMin: Int64?
    public var priceMax: Int64?
    /// Attribute key → accepted values (any of).
    public var attributes: [String: [JSONValue]]
    /// Drop what the shopper bought within this many seconds (nil: keep purchases).
    public var excludePurchasedWithin: Int64?
    /// Drop what is already in the shopper's cart.
    public var excludeCart: Bool
    /// Drop the ids the request lists in `exclude`.
    public var excludeRequestIDs: Bool
    /// Keep only products created within this many days.
    public var newWithinDays: Int?

    public init(
        inStock: Bool = true, includeCategories: [String] = [], excludeCategories: [String] = [],
        includeBrands: [String] = [], excludeBrands: [String] = [], includeTags: [String] = [],
        excludeTags: [String] = [], priceMin: Int64? = nil, priceMax: Int64? = nil,
        attributes: [String: [JSONValue]] = [:], excludePurchasedWithin: Int64? = nil, excludeCart: Bool = false,
        excludeRequestIDs: Bool = true, newWithinDays: Int? = nil
    ) {
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
    public var ruleCount: Int {
        let defaults = PlacementFilters()
        let flags = [
            inStock != defaults.inStock, !includeCategories.isEmpty, !excludeCategories.isEmpty,
            !includeBrands.isEmpty, !excludeBrands.isEmpty, !includeTags.isEmpty, !excludeTags.isEmpty,
            priceMin != nil, priceMax != nil, !attributes.isEmpty, excludePurchasedWithin != nil,
            excludeCart != defaults.excludeCart, excludeRequestIDs != defaults.excludeRequestIDs, newWithinDays != nil,
        ]
        return flags.filter { $0 }.count
    }
}

/// Which products a boost or bury applies to; every stated part must match (AND), and a
/// list within a part matches any of its values (OR).
public struct Condition: Sendable, Equatable {
    /// A product attribute that can be compared with the product being viewed.
    public enum ContextField: String, Sendable, Equatable, CaseIterable {
        case brand, category
    }

    /// Any of these values matches.
    public var brands: [String]
    public var categories: [String]
    public var tags: [String]
    public var attributes: [String: [JSONValue]]
    /// Inclusive price bounds in minor units.
    public var priceMin: Int64?
    public var priceMax: Int64?
    /// Match items that share these fields with the request's context item (the viewed product).
    public var sameAsContext: [ContextField]

    public init(
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
public struct Adjustment: Sendable, Equatable {
    public var when: Condition
    /// Positive and finite; > 1 lifts (boosts), < 1 sinks (buries).
    public var factor: Float

    public init(when: Condition, factor: Float) {
        self.when = when
        self.factor = factor
    }
}

/// A product forced into a position, e.g. a campaign hero, optionally limited in channel and time.
public struct Pin: Sendable, Equatable {
    /// The external product id.
    public var productID: String
    /// 1-based, at most the placement's count.
    public var position: Int
    /// Channels where the pin applies; nil means all.
    public var channels: [String]?
    /// Inclusive start (Unix milliseconds); a bare date means 00:00 UTC.
    public var from: Int64?
    /// Exclusive end (Unix milliseconds); a bare date means 00:00 UTC of that day.
    public var until: Int64?

    public init(productID: String, position: Int, channels: [String]? = nil, from: Int64? = nil, until: Int64? = nil) {
        self.productID = productID
        self.position = position
        self.channels = channels
        self.from = from
        self.until = until
    }

    /// Whether the pin applies in `channel` at `now` (Unix milliseconds).
    public func isActive(channel: String?, now: Int64) -> Bool {
        if let channels, !channels.contains(where: { $0 == channel }) { return false }
        if let from, now < from { return false }
        if let until, now >= until { return false }
        return true
    }
}

/// Variety constraints, so one category or brand cannot take over a list.
public struct Diversity: Sendable, Equatable {
    /// At most this many items per category / brand.
    public var maxPerCategory: Int?
    public var maxPerBrand: Int?
    /// Maximal marginal relevance trade-off: 1 is pure relevance, 0 pure novelty.
    public var mmrLambda: Float?

    public init(maxPerCategory: Int? = nil, maxPerBrand: Int? = nil, mmrLambda: Float? = nil) {
        self.maxPerCategory = maxPerCategory
        self.maxPerBrand = maxPerBrand
        self.mmrLambda = mmrLambda
    }
}
