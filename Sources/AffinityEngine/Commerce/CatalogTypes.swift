/// `PUT /v1/products/{id}/stock` body.
public struct StockUpdate: Codable, Sendable, Equatable {
    public var available: Int
    public var allowBackorder: Bool?
    public var manageInventory: Bool?
    public var sourceVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case available
        case allowBackorder = "allow_backorder"
        case manageInventory = "manage_inventory"
        case sourceVersion = "source_version"
    }

    public init(available: Int, allowBackorder: Bool? = nil, manageInventory: Bool? = nil, sourceVersion: Int64? = nil)
    {
        self.available = available
        self.allowBackorder = allowBackorder
        self.manageInventory = manageInventory
        self.sourceVersion = sourceVersion
    }
}

/// `PUT /v1/products/{id}/prices` body.
public struct PricesUpdate: Codable, Sendable, Equatable {
    public var prices: [Price]
    public var sourceVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case prices
        case sourceVersion = "source_version"
    }

    public init(prices: [Price], sourceVersion: Int64? = nil) {
        self.prices = prices
        self.sourceVersion = sourceVersion
    }
}

/// The answer to a catalog write: applied, or ignored because it was older than what
/// is stored (`stale`, with the stored version).
public struct CatalogWriteResult: Sendable, Encodable, Equatable {
    public var id: String
    public var status: String
    public var storedVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case id, status
        case storedVersion = "stored_version"
    }

    static func applied(_ id: String) -> CatalogWriteResult { .init(id: id, status: "applied", storedVersion: nil) }
}

/// A product as a channel reads it: the product plus, for that channel, its price,
/// publication and whether it can be bought now.
public struct ProductView: Sendable, Encodable {
    public var product: Product
    public var channel: String?
    public var price: Price?
    public var published: Bool?
    public var available: Bool
    /// Recommendation lists asked for with `include=`.
    public var recommendations: [String: [RecommendedItem]]?

    public func encode(to encoder: any Encoder) throws {
        try product.encode(to: encoder)
        var c = encoder.container(keyedBy: ExtraKeys.self)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(price, forKey: .price)
        try c.encodeIfPresent(published, forKey: .published)
        try c.encode(available, forKey: .available)
        try c.encodeIfPresent(recommendations, forKey: .recommendations)
    }

    enum ExtraKeys: String, CodingKey { case channel, price, published, available, recommendations }
}

/// One page of a product listing; pass `next_cursor` back as `cursor` for the next.
public struct ProductPage: Sendable, Encodable {
    public var items: [ProductView]
    public var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// Filters of `GET /v1/products`.
public struct ProductQuery: Sendable {
    public var channel: String?
    public var category: String?
    public var brand: String?
    public var text: String?
    public var inStock: Bool?
    public var limit: Int
    public var cursor: String?

    public init(
        channel: String? = nil, category: String? = nil, brand: String? = nil, text: String? = nil,
        inStock: Bool? = nil, limit: Int = 50, cursor: String? = nil
    ) {
        self.channel = channel
        self.category = category
        self.brand = brand
        self.text = text
        self.inStock = inStock
        self.limit = limit
        self.cursor = cursor
    }
}
