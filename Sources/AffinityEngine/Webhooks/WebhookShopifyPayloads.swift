/// A Shopify id: a JSON number (up to 2^63) or string, kept as its decimal text.
package struct ShopifyID: Decodable, Sendable, Equatable {
    package var value: String

    package init(_ value: String) { self.value = value }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else if let number = try? container.decode(UInt64.self) {
            value = String(number)
        } else {
            value = try container.decode(String.self)
        }
    }
}

/// The fields of a Shopify product (`products/create`, `products/update`) that map; the
/// rest of Shopify's payload is ignored.
package struct ShopifyProduct: Decodable, Sendable {
    package var id: ShopifyID
    package var title: String
    package var bodyHTML: String?
    package var vendor: String?
    package var productType: String?
    package var handle: String?
    package var tags: String?
    package var status: String?
    package var createdAt: String?
    package var updatedAt: String?
    package var variants: [ShopifyVariant]
    package var images: [ShopifyImage]?
    package var image: ShopifyImage?

    enum CodingKeys: String, CodingKey {
        case id, title
        case bodyHTML = "body_html"
        case vendor
        case productType = "product_type"
        case handle, tags, status
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case variants, images, image
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(ShopifyID.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        bodyHTML = try c.decodeIfPresent(String.self, forKey: .bodyHTML)
        vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
        productType = try c.decodeIfPresent(String.self, forKey: .productType)
        handle = try c.decodeIfPresent(String.self, forKey: .handle)
        tags = try c.decodeIfPresent(String.self, forKey: .tags)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(String.self, forKey: .updatedAt)
        variants = try c.decodeIfPresent([ShopifyVariant].self, forKey: .variants) ?? []
        images = try c.decodeIfPresent([ShopifyImage].self, forKey: .images)
        image = try c.decodeIfPresent(ShopifyImage.self, forKey: .image)
    }
}

/// A Shopify product variant (the mapped fields).
package struct ShopifyVariant: Decodable, Sendable {
    package var id: ShopifyID?
    /// Decimal text in the shop's currency, e.g. `"19.99"`.
    package var price: String?
    package var inventoryQuantity: Int?
    package var inventoryItemID: ShopifyID?
    /// `deny` or `continue` (sell when out of stock).
    package var inventoryPolicy: String?

    enum CodingKeys: String, CodingKey {
        case id, price
        case inventoryQuantity = "inventory_quantity"
        case inventoryItemID = "inventory_item_id"
        case inventoryPolicy = "inventory_policy"
    }
}

/// A Shopify product image.
package struct ShopifyImage: Decodable, Sendable {
    package var src: String?
}

/// `products/delete`: `{"id": …}`.
struct ShopifyDeletion: Decodable {
    var id: ShopifyID
}

/// `inventory_levels/update`.
struct ShopifyInventoryLevel: Decodable {
    var inventoryItemID: ShopifyID
    var available: Int?
    var updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case inventoryItemID = "inventory_item_id"
        case available
        case updatedAt = "updated_at"
    }
}

/// `orders/create` (the mapped fields).
struct ShopifyOrder: Decodable {
    var id: ShopifyID
    var createdAt: String?
    var currency: String?
    var totalPrice: String?
    var customer: Customer?
    var lineItems: [LineItem]

    struct Customer: Decodable {
        var id: ShopifyID?
    }

    struct LineItem: Decodable {
        var productID: ShopifyID?
        var variantID: ShopifyID?
        var quantity: Int?
        var price: String?

        enum CodingKeys: String, CodingKey {
            case productID = "product_id"
            case variantID = "variant_id"
            case quantity, price
        }
    }

    enum CodingKeys: String, CodingKey {
        case id
        case createdAt = "created_at"
        case currency
        case totalPrice = "total_price"
        case customer
        case lineItems = "line_items"
    }
}
