import AffinityStore

/// A cart as the API shows it.
public struct Cart: Sendable, Encodable, Equatable {
    public var id: String
    public var channel: String
    public var currency: String
    public var userID: String?
    public var anonymousID: String?
    public var status: String
    public var lines: [CartLine]
    public var subtotalMinor: Int64
    public var itemCount: Int
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, channel, currency
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case status, lines
        case subtotalMinor = "subtotal_minor"
        case itemCount = "item_count"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ row: CartRow) {
        id = row.id
        channel = row.channel
        currency = row.currency
        userID = row.userID
        anonymousID = row.anonymousID
        status = row.status
        lines = row.lines.map(CartLine.init)
        subtotalMinor = lines.reduce(0) { $0 + $1.lineTotalMinor }
        itemCount = lines.reduce(0) { $0 + $1.quantity }
        createdAt = RFC3339.string(milliseconds: row.createdAt)
        updatedAt = RFC3339.string(milliseconds: row.updatedAt)
    }
}

/// One line of a cart or order.
public struct CartLine: Sendable, Codable, Equatable {
    public var lineID: String
    public var productID: String
    public var variantID: String?
    public var quantity: Int
    public var unitPriceMinor: Int64
    public var lineTotalMinor: Int64

    enum CodingKeys: String, CodingKey {
        case lineID = "line_id"
        case productID = "product_id"
        case variantID = "variant_id"
        case quantity
        case unitPriceMinor = "unit_price_minor"
        case lineTotalMinor = "line_total_minor"
    }

    init(_ row: CartLineRow) {
        lineID = row.lineID
        productID = row.productID
        variantID = row.variantID
        quantity = row.quantity
        unitPriceMinor = row.unitPriceMinor
        lineTotalMinor = row.unitPriceMinor * Int64(row.quantity)
    }
}

/// `POST /v1/carts` body.
public struct NewCart: Decodable, Sendable {
    public var id: String?
    public var channel: String
    public var userID: String?
    public var anonymousID: String?

    enum CodingKeys: String, CodingKey {
        case id, channel
        case userID = "user_id"
        case anonymousID = "anonymous_id"
    }
}

/// `POST /v1/carts/{id}/items` body (`PATCH` takes only `quantity`).
public struct CartItemInput: Decodable, Sendable {
    public var productID: String?
    public var variantID: String?
    public var quantity: Int?

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case variantID = "variant_id"
        case quantity
    }
}

/// `POST /v1/carts/{id}/checkout` body; payment is captured by the payment provider,
/// Affinity only records its reference.
public struct CheckoutInput: Decodable, Sendable {
    public var paymentReference: String?
    public var userID: String?
    public var email: String?

    enum CodingKeys: String, CodingKey {
        case paymentReference = "payment_reference"
        case userID = "user_id"
        case email
    }

    public init(paymentReference: String? = nil, userID: String? = nil, email: String? = nil) {
        self.paymentReference = paymentReference
        self.userID = userID
        self.email = email
    }
}

/// A placed order.
public struct Order: Sendable, Codable, Equatable {
    public var id: String
    public var cartID: String
    public var channel: String
    public var currency: String
    public var userID: String?
    public var anonymousID: String?
    public var email: String?
    public var lines: [CartLine]
    public var totalMinor: Int64
    public var paymentReference: String?
    public var idempotencyKey: String
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case cartID = "cart_id"
        case channel, currency
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case email, lines
        case totalMinor = "total_minor"
        case paymentReference = "payment_reference"
        case idempotencyKey = "idempotency_key"
        case createdAt = "created_at"
    }
}

/// A checkout answer: the order and whether this call created it (201) or returned the
/// order an earlier call with the same idempotency key created (200).
public struct CheckoutResult: Sendable {
    public var order: Order
    public var created: Bool
}
