package import AffinityCore

/// The experiment arm a response came from.
package struct ExperimentAssignment: Sendable, Encodable, Equatable {
    /// Experiment id from the rules file.
    package var id: String
    /// Variant id the shopper is bucketed into.
    package var variant: String

    package init(id: String, variant: String) {
        self.id = id
        self.variant = variant
    }
}

/// Why a candidate of the strategy is not in the list (`removed` with `explain=true`).
package enum RemovalReason: String, Sendable, Encodable, Equatable {
    /// The request's `exclude` named it.
    case excludedByRequest = "excluded_by_request"
    /// It is in the shopper's cart (`filters.exclude_cart`).
    case inCart = "in_cart"
    /// The shopper bought it (discovery lists, or `filters.exclude_purchased_within`).
    case alreadyPurchased = "already_purchased"
    /// Known from events only: no catalog entry.
    case notInCatalog = "not_in_catalog"
    /// Neither stock nor backorder.
    case outOfStock = "out_of_stock"
    /// Not published in the asking channel.
    case unpublishedInChannel = "unpublished_in_channel"
    /// No price in the asking channel's currency.
    case noPriceInCurrency = "no_price_in_currency"
    /// Published but hidden from listings (`listings[].visible: false`).
    case hiddenFromListings = "hidden_from_listings"
    /// A placement filter (`rule` names which).
    case filter
    /// A diversity cap (`rule` names which).
    case diversity
    /// A pin whose product cannot be shown.
    case pinUnavailable = "pin_unavailable"

    /// The reason for a rule path of ``PlacementRanker`` (`filters.in_stock` is out of stock, …).
    init(rule: String) {
        switch rule {
        case "filters.exclude_request_ids": self = .excludedByRequest
        case "filters.exclude_cart": self = .inCart
        case "filters.exclude_purchased_within": self = .alreadyPurchased
        case "filters.in_stock": self = .outOfStock
        case _ where rule.hasPrefix("diversity."): self = .diversity
        case _ where rule.hasPrefix("pins["): self = .pinUnavailable
        default: self = .filter
        }
    }
}

/// A candidate kept out of the list and why (`removed` with `explain=true`).
package struct RemovedItem: Sendable, Encodable, Equatable {
    package var productID: String
    package var reason: RemovalReason
    /// Rule path for placement rules, e.g. `filters.exclude_categories`,
    /// `diversity.max_per_category`, `pins[0]`; absent for stock, channel and catalog reasons.
    package var rule: String?

    package init(productID: String, reason: RemovalReason, rule: String? = nil) {
        self.productID = productID
        self.reason = reason
        self.rule = rule
    }

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case reason, rule
    }
}

/// Why one item is in a list: which sources scored it, the items behind it and the rules
/// that touched it.
package struct ItemExplanation: Sendable, Encodable, Equatable {
    /// Per-source contributions to the score (blend weight × normalised source score).
    package struct Sources: Sendable, Encodable, Equatable {
        package var cooccurrence: Float
        package var sequence: Float
        package var vectors: Float
        package var popularity: Float
        package var recency: Float
        package var content: Float

        package init(_ c: ScoredItem.Contributions) {
            cooccurrence = c.cooccurrence
            sequence = c.sequence
            vectors = c.vectors
            popularity = c.popularity
            recency = c.recency
            content = c.content
        }
    }

    /// A history or context item behind the recommendation ("because you viewed …").
    package struct Seed: Sendable, Encodable, Equatable {
        package var productID: String
        package var title: String?

        package init(productID: String, title: String?) {
            self.productID = productID
            self.title = title
        }

        enum CodingKeys: String, CodingKey {
            case productID = "product_id"
            case title
        }
    }

    package var sources: Sources
    package var seeds: [Seed]
    /// Rules that boosted, buried, pinned, diversified or filled the item, in order applied.
    package var rules: [RuleEffect]
    /// Where the item came from when not the main strategy, e.g. `fallback:trending`.
    package var source: String?

    package init(sources: Sources, seeds: [Seed], rules: [RuleEffect] = [], source: String? = nil) {
        self.sources = sources
        self.seeds = seeds
        self.rules = rules
        self.source = source
    }
}
