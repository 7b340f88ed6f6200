/// `PUT /v1/products/{id}/stock` body.
package struct StockUpdate: Codable, Sendable, Equatable {
    package var available: Int
    package var allowBackorder: Bool?
    package var manageInventory: Bool?
    package var sourceVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case available
        case allowBackorder = "allow_backorder"
        case manageInventory = "manage_inventory"
        case sourceVersion = "source_version"
    }

    package init(available: Int, allowBackorder: Bool? = nil, manageInventory: Bool? = nil, sourceVersion: Int64? = nil)
    {
        self.available = available
        self.allowBackorder = allowBackorder
        self.manageInventory = manageInventory
        self.sourceVersion = sourceVersion
    }
}

/// `PUT /v1/products/{id}/prices` body.
package struct PricesUpdate: Codable, Sendable, Equatable {
    package var prices: [Price]
    package var sourceVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case prices
        case sourceVersion = "source_version"
    }

    package init(prices: [Price], sourceVersion: Int64? = nil) {
        self.prices = prices
        self.sourceVersion = sourceVersion
    }
}

/// The answer to a catalog write: applied, or ignored because it was older than what
/// is stored (`stale`, with the stored version).
package struct CatalogWriteResult: Sendable, Encodable, Equatable {
    package var id: String
    package var status: String
    package var storedVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case id, status
        case storedVersion = "stored_version"
    }

    static func applied(_ id: String) -> CatalogWriteResult { .init(id: id, status: "applied", storedVersion: nil) }
}

/// A product as a channel reads it: the product plus, for that channel, its price,
/// publication and whether it can be bought now.
package struct ProductView: Sendable, Encodable {
    package var product: Product
    package var channel: String?
    package var price: Price?
    package var published: Bool?
    package var available: Bool
    /// Recommendation lists asked for with `include=`.
    package var recommendations: [String: [RecommendedItem]]?

    package func encode(to encoder: any Encoder) throws {
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
package struct ProductPage: Sendable, Encodable {
    package var items: [ProductView]
    package var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// Filters of `GET /v1/products`.
package struct ProductQuery: Sendable {
    package var channel: String?
    package var category: String?
    package var brand: String?
    package var text: String?
    package var inStock: Bool?
    package var limit: Int
    package var cursor: String?

    package init(
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
