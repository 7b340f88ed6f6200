/// The generic source's body: `{"id": "<delivery id>", "type": "…", "updated_at"?: RFC 3339,
/// "data": {…}}`. `updated_at`, when given, is the change's version (Unix milliseconds)
/// unless `data` carries a `source_version`. See `docs/webhooks.md`.
package enum GenericWebhook {
    /// The types `type` may take.
    package static let types = ["product.upsert", "product.delete", "stock.update", "prices.update", "order.created"]

    /// Decodes a delivery into its id and change: 400 for bytes that are not JSON, 422
    /// naming the field for a wrong shape. `now` dates an order without `occurred_at`.
    package static func decode(_ bytes: some Collection<UInt8>, now: Int64) throws(AffinityError) -> (
        deliveryID: String, change: WebhookChange
    ) {
        let head = try EventDecoding.decode(Head.self, from: bytes)
        try Event.checkID(head.id, field: "id", max: 255)
        var version: Int64?
        if let text = head.updatedAt {
            guard let millis = RFC3339.milliseconds(text) else {
                throw .invalid("updated_at", "'\(text)' is not an RFC 3339 timestamp such as 2026-11-27T10:15:30Z")
            }
            version = millis
        }
        let change: WebhookChange
        switch head.type {
        case "product.upsert":
            var product = try EventDecoding.decode(Envelope<Product>.self, from: bytes).data
            product.sourceVersion = product.sourceVersion ?? version
            change = .upsertProduct(product)
        case "product.delete":
            let data = try EventDecoding.decode(Envelope<ProductRef>.self, from: bytes).data
            change = .deleteProduct(id: data.productID, sourceVersion: data.sourceVersion ?? version)
        case "stock.update":
            let data = try EventDecoding.decode(Envelope<StockData>.self, from: bytes).data
            change = .setStock(
                productID: data.productID,
                StockUpdate(
                    available: data.available, allowBackorder: data.allowBackorder,
                    manageInventory: data.manageInventory,
                    sourceVersion: data.sourceVersion ?? version))
        case "prices.update":
            let data = try EventDecoding.decode(Envelope<PricesData>.self, from: bytes).data
            change = .setPrices(
                productID: data.productID,
                PricesUpdate(prices: data.prices, sourceVersion: data.sourceVersion ?? version))
        case "order.created":
            let data = try EventDecoding.decode(Envelope<OrderData>.self, from: bytes).data
            let occurredAt = data.occurredAt ?? head.updatedAt ?? RFC3339.string(milliseconds: now)
            change = .purchase(data.event(occurredAt: occurredAt))
        default:
            throw .invalid(
                "type", "unknown type '\(head.type)'; known: \(types.joined(separator: ", "))",
                code: "unknown_webhook_type")
        }
        return (head.id, change)
    }

    struct Head: Decodable {
        var id: String
        var type: String
        var updatedAt: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, type, data
            case updatedAt = "updated_at"
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            type = try c.decode(String.self, forKey: .type)
            updatedAt = try c.decodeIfPresent(String.self, forKey: .updatedAt)
            guard c.contains(.data) else {
                throw AffinityError(.invalid, code: "missing_field", message: "data is required", field: "data")
            }
        }
    }

    struct Envelope<Data: Decodable>: Decodable {
        var data: Data
    }

    /// `product.delete` data.
    struct ProductRef: Decodable {
        var productID: String
        var sourceVersion: Int64?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case productID = "product_id"
            case sourceVersion = "source_version"
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            productID = try c.decode(String.self, forKey: .productID)
            sourceVersion = try c.decodeIfPresent(Int64.self, forKey: .sourceVersion)
        }
    }

    /// `stock.update` data.
    struct StockData: Decodable {
        var productID: String
        var available: Int
        var allowBackorder: Bool?
        var manageInventory: Bool?
        var sourceVersion: Int64?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case productID = "product_id"
            case available
            case allowBackorder = "allow_backorder"
            case manageInventory = "manage_inventory"
            case sourceVersion = "source_version"
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            productID = try c.decode(String.self, forKey: .productID)
            available = try c.decode(Int.self, forKey: .available)
            allowBackorder = try c.decodeIfPresent(Bool.self, forKey: .allowBackorder)
            manageInventory = try c.decodeIfPresent(Bool.self, forKey: .manageInventory)
            sourceVersion = try c.decodeIfPresent(Int64.self, forKey: .sourceVersion)
        }
    }

    /// `prices.update` data.
    struct PricesData: Decodable {
        var productID: String
        var prices: [Price]
        var sourceVersion: Int64?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case productID = "product_id"
            case prices
            case sourceVersion = "source_version"
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            productID = try c.decode(String.self, forKey: .productID)
            prices = try c.decode([Price].self, forKey: .prices)
            sourceVersion = try c.decodeIfPresent(Int64.self, forKey: .sourceVersion)
        }
    }
}
