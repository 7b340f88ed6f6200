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

    public init(
        strategy: String, userID: String? = nil, anonymousID: String? = nil, channel: String? = nil,
        count: Int = 10, itemID: String? = nil, itemIDs: [String] = [], exclude: [String] = [],
        candidates: [String] = []
    ) {
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

    enum CodingKeys: String, CodingKey {
        case recommendationID = "recommendation_id"
        case strategy, channel, items
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
        case url, price, available
    }
}
