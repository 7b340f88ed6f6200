package import AffinityCore

/// A recommendation request in external ids, as the API and CLI receive it.
package struct RecommendationQuery: Sendable {
    package var strategy: StrategyName
    package var userID: String?
    package var anonymousID: String?
    package var channel: String?
    package var count: Int
    /// The viewed product (similar_items, others_also_viewed, frequently_bought_together).
    package var itemID: String?
    /// Cart or context items (frequently_bought_together; extra seeds for for_you).
    package var itemIDs: [String]
    /// Products that must not appear.
    package var exclude: [String]
    /// The caller's list to personalise (rerank).
    package var candidates: [String]
    /// Scope of `trending` and `popular`: that category's leaders only.
    package var category: String?
    /// Proof that the caller speaks for `userID` (see ``UserTokens``): needed with a
    /// public key for lists that reveal the shopper's own history.
    package var userToken: String?
    /// The scope of the key that asked (the CLI and internal callers are trusted).
    package var callerScope: KeyScope = .secret
    /// A placement id from the rules file; when set, the placement decides strategy,
    /// blend, count, rules and experiment (and `strategy` is ignored).
    package var placement: String?
    /// The shopper's cart: its products feed `filters.exclude_cart` and serve as context.
    package var cartID: String?
    /// Attach each item's provenance (sources, seeds, rules) and the removed items.
    package var explain: Bool
    /// Whether `count` was given by the caller; a placement's own count applies otherwise.
    package var countIsExplicit: Bool

    package init(
        strategy: StrategyName, userID: String? = nil, anonymousID: String? = nil, channel: String? = nil,
        count: Int = 10, itemID: String? = nil, itemIDs: [String] = [], exclude: [String] = [],
        candidates: [String] = [], placement: String? = nil, cartID: String? = nil, explain: Bool = false,
        countIsExplicit: Bool = true, category: String? = nil
    ) {
        self.category = category
        self.placement = placement
        self.cartID = cartID
        self.explain = explain
        self.countIsExplicit = countIsExplicit
        self.strategy = strategy
        self.userID = userID
        self.anonymousID = anonymousID
        self.channel = channel
        self.count = count
        self.itemID = itemID
        self.itemIDs = itemIDs
        self.exclude = exclude
        self.candidates = candidates
    }

    /// The strategy a name selects, or a 422 naming the served ones.
    package static func strategy(named name: String, field: String = "strategy") throws(AffinityError) -> StrategyName {
        guard let strategy = StrategyName(rawValue: name), StrategyName.served.contains(strategy) else {
            throw .invalid(field, "unknown strategy '\(name)'; use one of \(StrategyName.servedList)")
        }
        return strategy
    }
    package static let maxCount = 100
}

/// A recommendation list, ready to render.
package struct RecommendationResponse: Sendable, Encodable {
    /// Echo it on events (`recommendation_id`) to attribute them to this list.
    package var recommendationID: String
    package var strategy: String
    package var channel: String?
    package var items: [RecommendedItem]
    /// The placement asked for, if any.
    package var placement: String?
    /// Version of the rules file that produced the list (nil without a rules file).
    package var configVersion: String?
    /// The experiment and variant the shopper was bucketed into, if the placement runs one.
    package var experiment: ExperimentAssignment?
    /// With `explain=true`: candidates a rule kept out of the list.
    package var removed: [RemovedItem]?
    /// True for `POST /v1/recommendations/preview` (candidate rules, nothing recorded).
    package var preview: Bool?

    enum CodingKeys: String, CodingKey {
        case recommendationID = "recommendation_id"
        case strategy, channel, items, placement
        case configVersion = "config_version"
        case experiment, removed, preview
    }
}

/// One product in a list, enriched from the catalog when the product is in it.
package struct RecommendedItem: Sendable, Encodable, Equatable {
    package var productID: String
    package var score: Float
    package var title: String?
    package var imageURL: String?
    package var url: String?
    package var price: Money?
    package var available: Bool?
    /// With `explain=true`: why the item is here.
    package var explain: ItemExplanation?

    /// An amount in a channel's currency, in minor units.
    package struct Money: Sendable, Encodable, Equatable {
        package var amountMinor: Int64
        package var currency: String

        enum CodingKeys: String, CodingKey {
            case amountMinor = "amount_minor"
            case currency
        }
    }

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case score, title
        case imageURL = "image_url"
        case url, price, available, explain
    }
}
