/// A catalog product as upstream platforms send it and channels read it.
package struct Product: Codable, Sendable, Equatable {
    package var id: String
    package var title: String
    package var description: String?
    package var categories: [String]
    package var brand: String?
    package var tags: [String]
    package var attributes: [String: JSONValue]
    package var imageURL: String?
    package var url: String?
    package var createdAt: String?
    /// Upstream version; an update with a lower one is ignored.
    package var sourceVersion: Int64?
    package var listings: [Listing]
    /// Product-level prices and, with `variant_id`, variant prices.
    package var prices: [Price]
    package var stock: Stock
    /// Optional variants (sizes, colours); recommendations are per product.
    package var variants: [Variant]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, description, categories, brand, tags, attributes
        case imageURL = "image_url"
        case url
        case createdAt = "created_at"
        case sourceVersion = "source_version"
        case listings, prices, stock, variants
    }

    package init(
        id: String, title: String, description: String? = nil, categories: [String] = [], brand: String? = nil,
        tags: [String] = [], attributes: [String: JSONValue] = [:], imageURL: String? = nil, url: String? = nil,
        createdAt: String? = nil, sourceVersion: Int64? = nil, listings: [Listing] = [], prices: [Price] = [],
        stock: Stock = Stock(available: 0), variants: [Variant] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.categories = categories
        self.brand = brand
        self.tags = tags
        self.attributes = attributes
        self.imageURL = imageURL
        self.url = url
        self.createdAt = createdAt
        self.sourceVersion = sourceVersion
        self.listings = listings
        self.prices = prices
        self.stock = stock
        self.variants = variants
    }

    /// `id` may be absent (the path names it); unknown fields are rejected.
    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        title = try c.decode(String.self, forKey: .title)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        categories = try c.decodeIfPresent([String].self, forKey: .categories) ?? []
        brand = try c.decodeIfPresent(String.self, forKey: .brand)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        attributes = try c.decodeIfPresent([String: JSONValue].self, forKey: .attributes) ?? [:]
        imageURL = try c.decodeIfPresent(String.self, forKey: .imageURL)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        sourceVersion = try c.decodeIfPresent(Int64.self, forKey: .sourceVersion)
        listings = try c.decodeIfPresent([Listing].self, forKey: .listings) ?? []
        prices = try c.decodeIfPresent([Price].self, forKey: .prices) ?? []
        stock = try c.decodeIfPresent(Stock.self, forKey: .stock) ?? Stock(available: 0)
        variants = try c.decodeIfPresent([Variant].self, forKey: .variants) ?? []
    }

    /// Omits `variants` when there are none, so products without variants keep the
    /// canonical form they always had.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(categories, forKey: .categories)
        try c.encodeIfPresent(brand, forKey: .brand)
        try c.encode(tags, forKey: .tags)
        try c.encode(attributes, forKey: .attributes)
        try c.encodeIfPresent(imageURL, forKey: .imageURL)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(sourceVersion, forKey: .sourceVersion)
        try c.encode(listings, forKey: .listings)
        try c.encode(prices, forKey: .prices)
        try c.encode(stock, forKey: .stock)
        if !variants.isEmpty { try c.encode(variants, forKey: .variants) }
    }

    /// Whether the product is published in `channel`.
    package func isPublished(in channel: String) -> Bool {
        listings.contains { $0.channel == channel && $0.published }
    }

    /// The product's price in `channel`, if it has one.
    package func price(in channel: String) -> Price? {
        prices.first { $0.channel == channel && $0.variantID == nil } ?? prices.first { $0.channel == channel }
    }

    /// A variant's price in `channel`, falling back to the product's.
    package func price(in channel: String, variant: String?) -> Price? {
        guard let variant else { return price(in: channel) }
        return prices.first { $0.channel == channel && $0.variantID == variant } ?? price(in: channel)
    }
}

/// A purchasable variant of a product (a size, a colour).
package struct Variant: Codable, Sendable, Equatable {
    package var id: String
    package var sku: String?
    package var title: String?

    package init(id: String, sku: String? = nil, title: String? = nil) {
        self.id = id
        self.sku = sku
        self.title = title
    }
}

/// Publication of a product in one channel.
package struct Listing: Codable, Sendable, Equatable {
    package var channel: String
    package var published: Bool
    /// Whether the product appears in listings (category pages, carousels, "trending");
    /// `false` is "published but hidden from listings", as commerce platforms model it:
    /// the product page and the cart still work, listing-style lists leave it out.
    package var visible: Bool

    enum CodingKeys: String, CodingKey {
        case channel, published, visible
    }

    package init(channel: String, published: Bool, visible: Bool = true) {
        self.channel = channel
        self.published = published
        self.visible = visible
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        channel = try c.decode(String.self, forKey: .channel)
        published = try c.decode(Bool.self, forKey: .published)
        visible = try c.decodeIfPresent(Bool.self, forKey: .visible) ?? true
    }

    /// Writes `visible` only when false, so listings keep the canonical form they had
    /// before the flag existed.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(channel, forKey: .channel)
        try c.encode(published, forKey: .published)
        if !visible { try c.encode(visible, forKey: .visible) }
    }
}

/// A price in one channel: integer minor units in that channel's currency, never converted.
package struct Price: Codable, Sendable, Equatable {
    package var channel: String
    package var amountMinor: Int64
    package var currency: String
    /// Set for a variant's own price; absent for the product's price.
    package var variantID: String?

    enum CodingKeys: String, CodingKey {
        case channel
        case amountMinor = "amount_minor"
        case currency
        case variantID = "variant_id"
    }

    package init(channel: String, amountMinor: Int64, currency: String, variantID: String? = nil) {
        self.channel = channel
        self.amountMinor = amountMinor
        self.currency = currency
        self.variantID = variantID
    }
}

/// Sellable quantity.
package struct Stock: Codable, Sendable, Equatable {
    package var available: Int
    package var allowBackorder: Bool

    enum CodingKeys: String, CodingKey {
        case available
        case allowBackorder = "allow_backorder"
    }

    package init(available: Int, allowBackorder: Bool = false) {
        self.available = available
        self.allowBackorder = allowBackorder
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        available = try c.decode(Int.self, forKey: .available)
        allowBackorder = try c.decodeIfPresent(Bool.self, forKey: .allowBackorder) ?? false
    }

    /// Whether a shopper can buy it now.
    package var isSellable: Bool { available > 0 || allowBackorder }
}

/// A sales channel: where a storefront sells, in one currency.
package struct Channel: Codable, Sendable, Equatable {
    package var id: String
    package var kind: String
    package var currency: String
    package var locale: String

    package init(id: String, kind: String, currency: String, locale: String) {
        self.id = id
        self.kind = kind
        self.currency = currency
        self.locale = locale
    }
}
