/// A recommendation request in external ids, as the API and CLI receive it.
public struct RecommendationQuery: Sendable {
    public var strategy: String
    public var userID: String?
    public var anonymousID: String?
    public var channel: String?
    public var count: Int
    /// The viewed product (similar_items, others_also_viewed, frequently_bought_together).
    public var itemID: String?
    /// Cart or context items (frequently_bought_together; extra seeds for for_you).
    public var itemIDs: [String]
    /// Products that must not appear.
    public var exclude: [String]
    /// The caller's list to personalise (rerank).
    public var candidates: [String]
    /// A placement id from the rules file; when set, the placement decides strategy,
    /// blend, count, rules and experiment (and `strategy` is ignored).
    public var placement: String?
    /// The shopper's cart: its products feed `filters.exclude_cart` and serve as context.
    public var cartID: String?
    /// Attach each item's provenance (sources, seeds, rules) and the removed items.
    public var explain: Bool
    /// Whether `count` was given by the caller; a placement's own count applies otherwise.
    public var countIsExplicit: Bool

    public init(
        strategy: String, userID: String? = nil, anonymousID: String? = nil, channel: String? = nil,
        count: Int = 10, itemID: String? = nil, itemIDs: [String] = [], exclude: [String] = [],
        candidates: [String] = [], placement: String? = nil, cartID: String? = nil, explain: Bool = false,
        countIsExplicit: Bool = true
    ) {
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

    /// Strategy names the API accepts.
    public static let strategies = [
        "for_you", "similar_items", "frequently_bought_together", "others_also_viewed", "trending",
        "recently_viewed", "buy_again", "rerank", "popular",
    ]
    public static let maxCount = 100
}

/// A recommendation list, ready to render.
public struct RecommendationResponse: Sendable, Encodable {
    /// Echo it on events (`recommendation_id`) to attribute them to this list.
    public var recommendationID: String
    public var strategy: String
    public var channel: String?
    public var items: [RecommendedItem]
    /// The placement asked for, if any.
    public var placement: String?
    /// Version of the rules file that produced the list (nil without a rules file).
    public var configVersion: String?
    /// The experiment and variant the shopper was bucketed into, if the placement runs one.
    public var experiment: ExperimentAssignment?
    /// With `explain=true`: candidates a rule kept out of the list.
    public var removed: [RemovedItem]?
    /// True for `POST /v1/recommendations/preview` (candidate rules, nothing recorded).
    public var preview: Bool?

    enum CodingKeys: String, CodingKey {
        case recommendationID = "recommendation_id"
        case strategy, channel, items, placement
        case configVersion = "config_version"
        case experiment, removed, preview
    }
}

/// One product in a list, enriched from the catalog when the product is in it.
public struct RecommendedItem: Sendable, Encodable, Equatable {
    public var productID: String
    public var score: Float
    public var title: String?
    public var imageURL: String?
    public var url: String?
    public var price: Money?
    public var available: Bool?
    /// With `explain=true`: why the item is here.
    public var explain: ItemExplanation?

    /// An amount in a channel's currency, in minor units.
    public struct Money: Sendable, Encodable, Equatable {
        public var amountMinor: Int64
        public var currency: String

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
